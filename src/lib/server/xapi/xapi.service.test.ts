import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import validateStatement from 'xapi-validation';
import { FieldsRuleError } from '../core/errors.ts';
import { saveCycleForm } from '../cycle/cycle.service.ts';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { addParticipant, createProcess, updateProcess } from '../processes/processes.service.ts';
import { markAttendance } from '../registrations/attendance.service.ts';
import { buildReportFixture, type ReportFixture } from '../reports/reports.fixtures.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	exportStatements,
	isoDuration,
	runXapiQueue,
	updateXapiSettings,
	uuidV5,
	xapiOverview
} from './xapi.service.ts';

/** A small LRS: records each POST; answers 503 `failNext` times, then 200 with the ids. */
function startLrs() {
	const posts: { headers: http.IncomingHttpHeaders; body: { id: string }[] }[] = [];
	let failNext = 0;
	const server = http.createServer((req, res) => {
		let data = '';
		req.on('data', (c) => (data += c));
		req.on('end', () => {
			const body = JSON.parse(data) as { id: string }[];
			posts.push({ headers: req.headers, body });
			if (failNext > 0) {
				failNext--;
				res.writeHead(503).end();
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body.map((s) => s.id)));
		});
	});
	return {
		posts,
		failOnce: () => (failNext = 1),
		listen: () =>
			new Promise<string>((resolve) =>
				server.listen(0, '127.0.0.1', () =>
					resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/xapi`)
				)
			),
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

it('durations and name-based ids are stable', () => {
	expect(isoDuration(3)).toBe('PT3H');
	expect(isoDuration(1.5)).toBe('PT1H30M');
	expect(isoDuration(0)).toBe('PT0S');
	expect(uuidV5('a')).toBe(uuidV5('a'));
	expect(uuidV5('a')).not.toBe(uuidV5('b'));
	expect(uuidV5('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	// RFC 9562 test vector: v5 of "www.example.com" in the DNS namespace.
	expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
		'2ed6657d-e927-568b-95e1-2665a8aea6a2'
	);
});

describeEachDb('xapi statements', (ctx) => {
	let f: ReportFixture;
	let office: Actor;
	let trainer: Actor;
	const lrs = startLrs();
	let endpoint = '';
	const rows = () =>
		ctx.db
			.selectFrom('xapiStatements')
			.select(['statementId', 'personId', 'verb', 'statement', 'status', 'attempts', 'nextAttemptAt'])
			.where('programmeId', '=', f.programmeId)
			.orderBy('id')
			.execute();

	beforeAll(async () => {
		f = await buildReportFixture(ctx.db, 'xapi');
		office = (await loadActor(ctx.db, f.people.office))!;
		trainer = (await loadActor(ctx.db, f.people.trainer))!;
		endpoint = await lrs.listen();
	});
	afterAll(() => lrs.close());

	it('attendance queues one valid "attended" statement per person present, in its transaction', async () => {
		const { p1, p2, p3, p4 } = f.people;
		await markAttendance(ctx.db, trainer, f.sessions.S1, { present: [p1, p4], absent: [p2, p3] });
		const queued = await rows();
		expect(queued.map((r) => [r.personId, r.verb, r.status])).toEqual([
			[p1, 'attended', 'pending'],
			[p4, 'attended', 'pending']
		]);
		for (const row of queued) {
			const statement = JSON.parse(row.statement);
			expect(validateStatement(statement)).toEqual([]);
			expect(statement).toMatchObject({
				id: row.statementId,
				actor: { objectType: 'Agent', account: { homePage: expect.any(String), name: String(row.personId) } },
				verb: { id: 'http://adlnet.gov/expapi/verbs/attended' },
				object: { id: expect.stringMatching(new RegExp(`/activities/\\d+/sessions/${f.sessions.S1}$`)) },
				result: { duration: 'PT3H', completion: true },
				context: { platform: 'Klok', registration: expect.any(String) },
				timestamp: '2026-01-15T12:00:00.000Z',
				version: '1.0.3'
			});
			expect(statement.context.contextActivities.parent[0].id).toMatch(/\/activities\/\d+$/);
		}
	});

	it('marking again (and back) keeps one statement per person: the ids are deterministic', async () => {
		const { p1, p2, p3, p4 } = f.people;
		await markAttendance(ctx.db, trainer, f.sessions.S1, { present: [p4], absent: [p1] });
		await markAttendance(ctx.db, trainer, f.sessions.S1, { present: [p1, p4], absent: [p2, p3] });
		expect((await rows()).map((r) => r.personId)).toEqual([p1, p4]);
	});

	it('a refused marking queues nothing', async () => {
		const before = (await rows()).length;
		await expect(
			markAttendance(ctx.db, trainer, f.sessions.S1, { present: [f.people.p5], absent: [] })
		).rejects.toThrow();
		expect((await rows()).length).toBe(before);
	});

	it('the programme may name people by mbox; bad settings answer per field', async () => {
		await expect(updateXapiSettings(ctx.db, office, f.programmeId, { actorMode: 'phone' })).rejects.toSatisfy(
			(e) => e instanceof FieldsRuleError && Object.keys(e.fieldErrors('sv')).includes('actorMode')
		);
		const participant = (await loadActor(ctx.db, f.people.p1))!;
		await expect(
			updateXapiSettings(ctx.db, participant, f.programmeId, { actorMode: 'mbox' })
		).rejects.toBeInstanceOf(AccessDeniedError);
		await updateXapiSettings(ctx.db, office, f.programmeId, { actorMode: 'mbox' });
		expect((await xapiOverview(ctx.db, office, f.programmeId)).actorMode).toBe('mbox');
		await markAttendance(ctx.db, trainer, f.sessions.S2, { present: [f.people.p1], absent: [] });
		const last = JSON.parse((await rows()).at(-1)!.statement);
		expect(last.actor).toEqual({
			objectType: 'Agent',
			name: expect.any(String),
			mbox: expect.stringMatching(/^mailto:.+@/)
		});
		expect(validateStatement(last)).toEqual([]);
		await updateXapiSettings(ctx.db, office, f.programmeId, { actorMode: 'account' });
	});

	it('a completed 40-20-40 follow-up and a finished process emit valid "completed" statements', async () => {
		const p1 = (await loadActor(ctx.db, f.people.p1))!;
		const reg = await ctx.db
			.selectFrom('registrations')
			.select('id')
			.where('sessionId', '=', f.sessions.S1)
			.where('personId', '=', f.people.p1)
			.executeTakeFirstOrThrow();
		const noLinks = { goalIds: undefined, sessionIds: undefined, needIds: undefined };
		const after = { afterLearned: 'Much', afterApply: 'Daily', afterDone: true, hoursAfter: 2 };
		await saveCycleForm(ctx.db, p1, reg.id, 'after', after);
		await saveCycleForm(ctx.db, p1, reg.id, 'after', after);
		const processId = await createProcess(ctx.db, office, f.programmeId, {
			title: 'Reading aloud',
			unitId: f.units.W1,
			status: 'running',
			...noLinks
		});
		await addParticipant(ctx.db, office, processId, { personId: f.people.p2, role: 'member' });
		await updateProcess(ctx.db, office, processId, {
			title: 'Reading aloud',
			unitId: f.units.W1,
			status: 'finished',
			...noLinks
		});
		const completed = (await rows()).filter((r) => r.verb === 'completed');
		expect(completed.map((r) => r.personId)).toEqual([f.people.p1, f.people.p2]);
		const [followup, process] = completed.map((r) => JSON.parse(r.statement));
		expect(followup.object.id).toMatch(new RegExp(`/sessions/${f.sessions.S1}/followup$`));
		expect(followup.result.duration).toBe('PT2H');
		expect(process.object.id).toMatch(new RegExp(`/processes/${processId}$`));
		for (const s of [followup, process]) {
			expect(s.verb.id).toBe('http://adlnet.gov/expapi/verbs/completed');
			expect(validateStatement(s)).toEqual([]);
		}
	});

	it('delivers to the LRS with the xAPI version header and Basic auth, retrying after a 503', async () => {
		const pending = (await rows()).length;
		lrs.failOnce();
		const t0 = new Date();
		const options = { lrs: { endpoint, username: 'klok', password: 's3cret' }, now: () => t0 };
		const first = await runXapiQueue(ctx.db, options);
		expect(first).toMatchObject({ sent: 0, retried: pending });
		expect(lrs.posts).toHaveLength(1);
		expect(lrs.posts[0]!.headers['x-experience-api-version']).toBe('1.0.3');
		expect(lrs.posts[0]!.headers.authorization).toBe(
			'Basic ' + Buffer.from('klok:s3cret').toString('base64')
		);
		const waiting = await rows();
		expect(
			waiting.every((r) => r.status === 'pending' && r.attempts === 1 && r.nextAttemptAt! > t0.toISOString())
		).toBe(true);
		// Not due yet: nothing is sent.
		expect((await runXapiQueue(ctx.db, options)).sent).toBe(0);
		const later = new Date(t0.getTime() + 60 * 60_000);
		expect((await runXapiQueue(ctx.db, { ...options, now: () => later })).sent).toBe(pending);
		expect((await rows()).every((r) => r.status === 'sent')).toBe(true);
		const delivered = lrs.posts.at(-1)!.body.map((s) => s.id);
		expect([...delivered].sort()).toEqual((await rows()).map((r) => r.statementId).sort());
		expect(new Set(delivered).size).toBe(delivered.length);
	});

	it('the office downloads the statements as a file, since a date; bad dates answer per field', async () => {
		const all = await exportStatements(ctx.db, office, f.programmeId, {});
		expect(all.statements.length).toBe((await rows()).length);
		expect(all.more).toBe(false);
		for (const s of all.statements) expect(validateStatement(s)).toEqual([]);
		const none = await exportStatements(ctx.db, office, f.programmeId, { since: '2199-01-01' });
		expect(none.statements).toEqual([]);
		await expect(exportStatements(ctx.db, office, f.programmeId, { since: 'yesterday' })).rejects.toSatisfy(
			(e) => e instanceof FieldsRuleError && Object.keys(e.fieldErrors('en')).includes('since')
		);
		await expect(exportStatements(ctx.db, trainer, f.programmeId, {})).rejects.toBeInstanceOf(
			AccessDeniedError
		);
	});
});
