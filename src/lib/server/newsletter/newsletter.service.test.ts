import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb, type Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { runOutbox } from '../mail/outbox.service.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../mail/smtp-receiver.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	getIssue,
	lastCompletedPeriod,
	listIssues,
	periodOf,
	prepareIssue,
	registerDigestSection,
	sendIssue,
	setMySubscription,
	unsubscribeByToken,
	updateSettings
} from './newsletter.service.ts';

/**
 * The newsletter digest through a real SMTP server: once per person per issue with two
 * instances (two connection pools) claiming and delivering at the same time; RFC 8058 headers;
 * the one-click token unsubscribes its own person only; opt-out and deactivation respected.
 */

let receiver: SmtpReceiver;
beforeAll(async () => {
	receiver = await startSmtpReceiver();
});
afterAll(() => receiver.close());

// A section a goals module would register: proves the hook reaches the mail.
registerDigestSection({
	id: 'test-goals',
	title: 'newsletter.section.sessions',
	order: 90,
	collect: async () => [{ title: 'Goal “Läsfrämjande” achieved', path: '/goals/1' }]
});

/** The message with quoted-printable soft breaks and escapes undone (good enough for assertions). */
const decoded = (raw: string) =>
	Buffer.from(
		raw
			.replace(/=\r?\n/g, '')
			.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
		'latin1'
	).toString('utf8');
const tokenOf = (raw: string) => /newsletter\/unsubscribe\/([\w-]{43})/.exec(decoded(raw))?.[1];

describeEachDb('newsletter', (ctx) => {
	let fx: ProgrammeFixture;
	let office: Actor;
	let participant: Actor;
	let other: Db;

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, 'news');
		office = (await loadActor(ctx.db, fx.people.office))!;
		participant = (await loadActor(ctx.db, fx.people.participant))!;
		other =
			ctx.dialect === 'postgres' ? createDb({ databaseUrl: ctx.url }) : createDb({ sqlitePath: ctx.url });
	});
	afterAll(() => other.destroy());

	it('computes weekly and monthly periods in UTC', () => {
		expect(periodOf('weekly', new Date('2026-12-02T10:00:00Z'))).toEqual({
			key: '2026-W49',
			start: '2026-11-30T00:00:00.000Z',
			end: '2026-12-07T00:00:00.000Z'
		});
		expect(lastCompletedPeriod('monthly', new Date('2026-01-03T00:00:00Z')).key).toBe('2025-12');
		expect(periodOf('weekly', new Date('2027-01-01T00:00:00Z')).key).toBe('2026-W53');
	});

	it('refuses bad settings with a field message and settings from anyone but the office', async () => {
		await expect(
			updateSettings(ctx.db, office, fx.programmeId, { frequency: 'daily' })
		).rejects.toMatchObject({
			status: 422
		});
		await expect(
			updateSettings(ctx.db, participant, fx.programmeId, { frequency: 'weekly', defaultSubscribed: 'on' })
		).rejects.toBeInstanceOf(AccessDeniedError);
	});

	it('sends each subscribed, active person the digest once with two instances racing', async () => {
		await updateSettings(ctx.db, office, fx.programmeId, { frequency: 'weekly', defaultSubscribed: 'on' });
		// One person opted out, one is deactivated: neither gets it.
		await setMySubscription(ctx.db, (await loadActor(ctx.db, fx.people.inA))!, { subscribed: '' });
		await ctx.db
			.updateTable('people')
			.set({ deactivatedAt: nowIso() })
			.where('id', '=', fx.people.inB)
			.execute();

		const issueId = (await prepareIssue(ctx.db, fx.programmeId))!;
		expect(await prepareIssue(other, fx.programmeId)).toBe(issueId);
		// The draft is previewed by the office, invisible to members until sent.
		const preview = await getIssue(ctx.db, office, issueId, 'en');
		expect(preview.preview?.text).toContain('Läsfrämjande');
		await expect(getIssue(ctx.db, participant, issueId, 'en')).rejects.toBeInstanceOf(AccessDeniedError);

		// Two instances claim at once. On SQLite a second pool in the same process would block
		// the event loop in its busy wait while the first holds the write lock, so the race runs
		// on one pool there (Kysely queues the transactions; the claim still decides).
		const second = ctx.dialect === 'postgres' ? other : ctx.db;
		const [a, b] = await Promise.all([sendIssue(ctx.db, issueId), sendIssue(second, issueId)]);
		expect([a, b].filter((n) => n > 0)).toHaveLength(1);
		const expected = await ctx.db
			.selectFrom('people')
			.select('email')
			.where('programmeId', '=', fx.programmeId)
			.where('deactivatedAt', 'is', null)
			.where('id', '!=', fx.people.inA)
			.execute();
		expect(a + b).toBe(expected.length);
		// A later claim does nothing.
		expect(await sendIssue(second, issueId)).toBe(0);

		const mark = receiver.messages.length;
		await Promise.all([
			runOutbox(ctx.db, { mail: receiver.mailOptions, batch: 3 }),
			runOutbox(other, { mail: receiver.mailOptions, batch: 3 })
		]);
		const got = receiver.messages.slice(mark).filter((m) => /X-Klok-Kind: newsletter\.digest/i.test(m.raw));
		const to = got.map((m) => m.to[0]!).sort();
		expect(to).toEqual(expected.map((e) => e.email).sort());
		expect(new Set(to).size).toBe(to.length);
		const raw = got[0]!.raw;
		expect(raw).toMatch(/^List-Unsubscribe:\s+<http[^>]+\/newsletter\/unsubscribe\/[\w-]{43}>/m);
		expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
		expect(decoded(raw)).toContain('Läsfrämjande');

		// The outbox keeps no usable token.
		const stored = await ctx.db
			.selectFrom('outbox')
			.select('textBody')
			.where('kind', '=', 'newsletter.digest')
			.execute();
		expect(stored.every((r) => !/unsubscribe\/[\w-]{43}/.test(r.textBody))).toBe(true);

		// Members now read the issue on the site.
		expect((await listIssues(ctx.db, participant, fx.programmeId)).issues.map((i) => i.id)).toContain(
			issueId
		);

		// One-click: the token unsubscribes its own person, from this programme only.
		const participantMail = got.find((m) => m.to[0] === `participant.news@example.org`)!;
		const token = tokenOf(participantMail.raw)!;
		expect(token).toBeTruthy();
		expect(await unsubscribeByToken(ctx.db, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBe(
			false
		);
		expect(await unsubscribeByToken(ctx.db, 'not a token')).toBe(false);
		const before = await ctx.db.selectFrom('newsletterSubscriptions').selectAll().execute();
		expect(before.some((s) => s.personId === fx.people.participant)).toBe(false);
		expect(await unsubscribeByToken(ctx.db, token)).toBe(true);
		const after = await ctx.db.selectFrom('newsletterSubscriptions').selectAll().execute();
		expect(
			after
				.filter((s) => s.subscribed === 0)
				.map((s) => s.personId)
				.sort()
		).toEqual([fx.people.inA, fx.people.participant].sort());
	});
});
