import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb, type Db } from '../db/database.ts';
import { describeEachDb } from '../testing/db.ts';
import { queueMail, registerMailRenderer, type QueuedMessage } from './mail.service.ts';
import { claimDue } from './outbox.repository.ts';
import { LEASE_MS, MAX_ATTEMPTS, RETRY_BASE_MS, runOutbox } from './outbox.service.ts';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.ts';

/**
 * The outbox worker against a real SMTP receiver, on both databases: exactly once with two
 * workers on two connections racing, nothing lost when no worker runs at commit time or a worker
 * dies holding rows, retries with backoff, then `failed`; one row per recipient for fan-out.
 */

let receiver: SmtpReceiver;
beforeAll(async () => {
	receiver = await startSmtpReceiver();
});
afterAll(() => receiver.close());

// A test kind: `{ n }` renders to one message to n@worker.test; `{ fan: [a, b] }` expands.
registerMailRenderer(['test.worker'], async (_db, payload) => {
	const p = payload as { n?: number; fan?: number[]; skip?: boolean };
	if (p.skip) return { skip: 'obsolete' };
	if (p.fan) return { expand: p.fan.map((n) => ({ payload: { n } })) };
	return {
		message: {
			to: `${p.n}@worker.test`,
			subject: `Message ${p.n}`,
			text: `Hello ${p.n}`,
			kind: 'test.worker'
		}
	};
});

const queued = (payload: object): QueuedMessage => ({ kind: 'test.worker', payload });

/** A port nobody listens on (a delivery there fails). */
async function deadPort(): Promise<number> {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

describeEachDb('outbox worker', (ctx) => {
	let other: Db;
	const mail = () => ({ mail: receiver.mailOptions });
	const received = (mark: number) => receiver.messages.slice(mark).map((m) => m.to[0]!);
	const rowsOf = (ns: number[]) =>
		ctx.db
			.selectFrom('outbox')
			.select([
				'id',
				'status',
				'attempts',
				'sentAt',
				'error',
				'nextAttemptAt',
				'toAddress',
				'subject',
				'payload'
			])
			.where(
				'payload',
				'in',
				ns.map((n) => JSON.stringify({ n }))
			)
			.orderBy('id')
			.execute();

	beforeAll(() => {
		// A second pool on the same database: a second app instance.
		other =
			ctx.dialect === 'postgres' ? createDb({ databaseUrl: ctx.url }) : createDb({ sqlitePath: ctx.url });
	});
	afterAll(() => other.destroy());

	it('two workers on two connections racing deliver every message exactly once', async () => {
		const ns = Array.from({ length: 60 }, (_, i) => 1000 + i);
		await ctx.db.transaction().execute((trx) =>
			queueMail(
				trx,
				ns.map((n) => queued({ n }))
			)
		);
		const mark = receiver.messages.length;
		const [a, b] = await Promise.all([
			runOutbox(ctx.db, { ...mail(), batch: 7, parallel: 3 }),
			runOutbox(other, { ...mail(), batch: 7, parallel: 3 })
		]);
		expect(a.sent + b.sent).toBe(60);
		const got = received(mark);
		expect(got.length).toBe(60);
		expect(new Set(got).size).toBe(60);
		const rows = await rowsOf(ns);
		expect(rows.every((r) => r.status === 'sent' && r.sentAt !== null && r.attempts === 1)).toBe(true);
		expect(rows[0]!.subject).toBe('Message 1000');
	});

	it('loses nothing: rows committed with no worker running are delivered by a later one', async () => {
		await queueMail(ctx.db, [queued({ n: 2001 }), queued({ n: 2002 })]);
		// The process "died" after the commit: nothing was sent.
		expect((await rowsOf([2001, 2002])).map((r) => r.status)).toEqual(['pending', 'pending']);
		expect((await rowsOf([2001])).at(0)?.toAddress).toBe('');
		const mark = receiver.messages.length;
		await runOutbox(other, mail());
		expect(received(mark).sort()).toEqual(['2001@worker.test', '2002@worker.test']);
	});

	it('retakes the rows of a worker that died holding them once its lease expires', async () => {
		await queueMail(ctx.db, [queued({ n: 3001 })]);
		const now = new Date();
		const claimed = await claimDue(
			ctx.db,
			now.toISOString(),
			new Date(now.getTime() + LEASE_MS).toISOString(),
			100
		);
		expect(claimed.map((r) => JSON.parse(r.payload!))).toContainEqual({ n: 3001 });
		// Within the lease nobody else takes it …
		const mark = receiver.messages.length;
		await runOutbox(other, mail());
		expect(received(mark)).not.toContain('3001@worker.test');
		// … after it, a live worker does.
		await runOutbox(other, { ...mail(), now: () => new Date(now.getTime() + LEASE_MS + 1000) });
		expect(received(mark)).toEqual(['3001@worker.test']);
		const [row] = await rowsOf([3001]);
		expect(row).toMatchObject({ status: 'sent', attempts: 2 });
	});

	it('retries a failed delivery with exponential backoff, then gives up as failed', async () => {
		await queueMail(ctx.db, [queued({ n: 4001 })]);
		const dead = { mail: { smtpUrl: `smtp://127.0.0.1:${await deadPort()}`, from: 'Klok <k@worker.test>' } };
		let clock = Date.now();
		const first = await runOutbox(ctx.db, { ...dead, now: () => new Date(clock) });
		expect(first.retried).toBe(1);
		let [row] = await rowsOf([4001]);
		expect(row).toMatchObject({ status: 'pending', attempts: 1 });
		expect(row!.error).toBeTruthy();
		expect(Date.parse(row!.nextAttemptAt!) - clock).toBe(RETRY_BASE_MS);
		// Not due before its time.
		expect(
			(await runOutbox(ctx.db, { ...dead, now: () => new Date(clock + RETRY_BASE_MS - 1000) })).retried
		).toBe(0);
		for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
			clock = Date.parse(row!.nextAttemptAt!);
			await runOutbox(ctx.db, { ...dead, now: () => new Date(clock) });
			[row] = await rowsOf([4001]);
			if (attempt < MAX_ATTEMPTS)
				expect(Date.parse(row!.nextAttemptAt!) - clock).toBe(RETRY_BASE_MS * 2 ** (attempt - 1));
		}
		expect(row).toMatchObject({
			status: 'failed',
			attempts: MAX_ATTEMPTS,
			nextAttemptAt: null,
			sentAt: null
		});
		// Failed rows are not retried any more.
		const mark = receiver.messages.length;
		await runOutbox(ctx.db, { ...mail(), now: () => new Date(clock + 10 * 3_600_000) });
		expect(received(mark)).not.toContain('4001@worker.test');
	});

	it('splits a message for several recipients into one row each, and skips obsolete ones', async () => {
		await queueMail(ctx.db, [queued({ fan: [5001, 5002, 5003] }), queued({ skip: true })]);
		const mark = receiver.messages.length;
		const result = await runOutbox(ctx.db, mail());
		expect(result).toMatchObject({ expanded: 1, skipped: 1, sent: 3 });
		expect(received(mark).sort()).toEqual(['5001@worker.test', '5002@worker.test', '5003@worker.test']);
	});

	it('without SMTP keeps the rendered message in the outbox as stored', async () => {
		await queueMail(ctx.db, [queued({ n: 6001 })]);
		await runOutbox(ctx.db, { mail: {} });
		const [row] = await rowsOf([6001]);
		expect(row).toMatchObject({ status: 'stored', subject: 'Message 6001', sentAt: null });
	});
});
