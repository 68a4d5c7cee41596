import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { makeSession } from '../registrations/registrations.fixtures.ts';
import { describeEachDb } from '../testing/db.ts';
import { entryInputSchema, shareSchema } from './logbook.schema.ts';
import {
	bodyToHtml,
	consentHistory,
	createEntry,
	deleteOwnEntry,
	getEntry,
	linkOptions,
	listOwnEntries,
	listSharedWithMe,
	LogbookRuleError,
	shareEntry,
	updateOwnEntry,
	withdrawShare
} from './logbook.service.ts';

async function refused(work: Promise<unknown>): Promise<void> {
	await expect(work).rejects.toBeInstanceOf(AccessDeniedError);
}

async function ruleError(work: Promise<unknown>, field: string): Promise<void> {
	const e = await work.then(
		() => undefined,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(LogbookRuleError);
	expect(Object.keys((e as LogbookRuleError).fieldErrors('en'))).toEqual([field]);
}

async function counts(db: Db) {
	const n = async (table: 'logbookEntries' | 'logbookShares' | 'logbookConsentEvents') =>
		Number(
			(
				await db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	return {
		entries: await n('logbookEntries'),
		shares: await n('logbookShares'),
		events: await n('logbookConsentEvents')
	};
}

describeEachDb('logbook service', (ctx) => {
	let fx: ProgrammeFixture;
	const a: Record<string, Actor> = {};
	let processId: number;
	let otherProcessId: number;
	let sessionId: number;
	let goalId: number;

	beforeAll(async () => {
		const db = ctx.db;
		fx = await buildProgrammeFixture(db, 'logbook');
		for (const [key, id] of Object.entries(fx.people)) a[key] = (await loadActor(db, id))!;
		const now = nowIso();
		// participant (workplace B) takes part in a process with inB; inA is in another one.
		const proc = async (unitId: number, title: string, members: number[]) => {
			const p = await db
				.insertInto('processes')
				.values({ programmeId: fx.programmeId, unitId, title, updatedAt: now })
				.returning('id')
				.executeTakeFirstOrThrow();
			await db
				.insertInto('processParticipants')
				.values(members.map((personId) => ({ processId: p.id, personId })))
				.execute();
			return p.id;
		};
		processId = await proc(fx.units.workplaceB, 'En modell för lärande', [
			fx.people.participant,
			fx.people.inB,
			fx.people.managerB
		]);
		otherProcessId = await proc(fx.units.workplaceA, 'Digital delaktighet', [fx.people.inA]);
		sessionId = await makeSession(db, fx.programmeId);
		await db
			.insertInto('registrations')
			.values({ sessionId, personId: fx.people.participant, status: 'confirmed', updatedAt: now })
			.execute();
		const plan = await db
			.insertInto('individualPlans')
			.values({
				personId: fx.people.participant,
				periodStart: '2026-01-01',
				periodEnd: '2026-12-31',
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		goalId = (
			await db
				.insertInto('individualGoals')
				.values({ individualPlanId: plan.id, text: 'Leda boksamtal' })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	});

	it('creates private, sanitised entries tied to the author’s own session, process and goal', async () => {
		const entry = await createEntry(ctx.db, a.participant!, {
			title: '  Efter kursdagen ',
			body: '<p>Jag lärde mig <strong>mycket</strong><script>alert(1)</script></p><img src=x onerror=alert(1)>',
			sessionId,
			processId,
			individualGoalId: goalId
		});
		expect(entry.title).toBe('Efter kursdagen');
		expect(entry.bodyHtml).toBe('<p>Jag lärde mig <strong>mycket</strong></p>');
		expect(entry.session?.id).toBe(sessionId);
		expect(entry.process).toEqual({ id: processId, title: 'En modell för lärande' });
		expect(entry.goal).toEqual({ id: goalId, text: 'Leda boksamtal' });
		expect(entry.sharedWith).toEqual([]);
		expect(entry.own).toBe(true);
		expect((await listOwnEntries(ctx.db, a.participant!)).map((e) => e.id)).toContain(entry.id);

		const options = await linkOptions(ctx.db, a.participant!);
		expect(options.sessions.map((s) => s.id)).toEqual([sessionId]);
		expect(options.processes.map((p) => p.id)).toEqual([processId]);
		expect(options.goals.map((g) => g.id)).toEqual([goalId]);
	});

	it('keeps plain-text paragraphs and escapes markup-like text', () => {
		expect(bodyToHtml('Första stycket\nrad två\n\nAndra 1 < 2')).toBe(
			'<p>Första stycket<br />rad två</p><p>Andra 1 &lt; 2</p>'
		);
	});

	it('nobody but the author reads a private entry — not the office, not an admin, not the manager', async () => {
		const entry = await createEntry(ctx.db, a.participant!, { body: 'Privat tanke', processId });
		for (const who of ['office', 'admin', 'managerB', 'evaluator', 'steering', 'inB', 'otherOffice']) {
			await refused(getEntry(ctx.db, a[who]!, entry.id));
			expect((await listSharedWithMe(ctx.db, a[who]!)).map((e) => e.id)).not.toContain(entry.id);
			await refused(updateOwnEntry(ctx.db, a[who]!, entry.id, { body: 'kapat' }));
			await refused(shareEntry(ctx.db, a[who]!, entry.id, 'evaluators'));
			await refused(deleteOwnEntry(ctx.db, a[who]!, entry.id));
			await refused(consentHistory(ctx.db, a[who]!, entry.id));
		}
		expect((await getEntry(ctx.db, a.participant!, entry.id)).bodyHtml).toBe('<p>Privat tanke</p>');
		await refused(getEntry(ctx.db, a.participant!, 999_999));
		await refused(getEntry(ctx.db, a.participant!, -1));
	});

	it('shares by audience: evaluators of the programme, the author’s manager, the process group', async () => {
		const entry = await createEntry(ctx.db, a.participant!, { body: 'Delbar reflektion', processId });

		await shareEntry(ctx.db, a.participant!, entry.id, 'evaluators');
		expect((await getEntry(ctx.db, a.evaluator!, entry.id)).sharedWith).toEqual(['evaluators']);
		expect((await listSharedWithMe(ctx.db, a.evaluator!)).map((e) => e.id)).toEqual([entry.id]);
		// Not the manager, not the office, not the admin, not the other programme's people.
		for (const who of ['managerB', 'office', 'admin', 'inB', 'otherOffice'])
			await refused(getEntry(ctx.db, a[who]!, entry.id));

		await shareEntry(ctx.db, a.participant!, entry.id, 'manager');
		expect((await getEntry(ctx.db, a.managerB!, entry.id)).sharedWith).toEqual(['manager']);
		expect((await listSharedWithMe(ctx.db, a.managerB!)).map((e) => e.id)).toEqual([entry.id]);
		// Another unit's manager does not see it.
		await refused(getEntry(ctx.db, a.managerA!, entry.id));
		expect(await listSharedWithMe(ctx.db, a.managerA!)).toEqual([]);

		await shareEntry(ctx.db, a.participant!, entry.id, 'process_group');
		expect((await getEntry(ctx.db, a.inB!, entry.id)).sharedWith).toEqual(['process_group']);
		expect((await listSharedWithMe(ctx.db, a.inB!)).map((e) => e.id)).toEqual([entry.id]);
		// inA takes part in a different process.
		await refused(getEntry(ctx.db, a.inA!, entry.id));
		expect(await listSharedWithMe(ctx.db, a.inA!)).toEqual([]);
		// The author's own entries never show under "shared with me".
		expect(await listSharedWithMe(ctx.db, a.participant!)).toEqual([]);
		expect((await getEntry(ctx.db, a.participant!, entry.id)).sharedWith).toEqual([
			'evaluators',
			'manager',
			'process_group'
		]);

		// Withdrawal hides the entry from that audience at once, and only from that one.
		await withdrawShare(ctx.db, a.participant!, entry.id, 'evaluators');
		await refused(getEntry(ctx.db, a.evaluator!, entry.id));
		expect(await listSharedWithMe(ctx.db, a.evaluator!)).toEqual([]);
		expect((await getEntry(ctx.db, a.managerB!, entry.id)).id).toBe(entry.id);

		const history = await consentHistory(ctx.db, a.participant!, entry.id);
		expect(history.map((h) => [h.audience, h.action])).toEqual([
			['evaluators', 'grant'],
			['manager', 'grant'],
			['process_group', 'grant'],
			['evaluators', 'withdraw']
		]);
		expect(history.every((h) => h.actorName === `participant logbook`)).toBe(true);
	});

	it('sharing twice or withdrawing what is not shared changes nothing', async () => {
		const entry = await createEntry(ctx.db, a.participant!, { body: 'Två gånger' });
		await shareEntry(ctx.db, a.participant!, entry.id, 'evaluators');
		const before = await counts(ctx.db);
		await shareEntry(ctx.db, a.participant!, entry.id, 'evaluators');
		await withdrawShare(ctx.db, a.participant!, entry.id, 'manager');
		expect(await counts(ctx.db)).toEqual(before);
		expect((await consentHistory(ctx.db, a.participant!, entry.id)).length).toBe(1);
	});

	it('untying an entry from its process ends the process-group share and records it', async () => {
		const entry = await createEntry(ctx.db, a.participant!, { body: 'Processtanke', processId });
		await shareEntry(ctx.db, a.participant!, entry.id, 'process_group');
		await updateOwnEntry(ctx.db, a.participant!, entry.id, { processId: null });
		await refused(getEntry(ctx.db, a.inB!, entry.id));
		expect((await consentHistory(ctx.db, a.participant!, entry.id)).map((h) => h.action)).toEqual([
			'grant',
			'withdraw'
		]);
	});

	it('refuses bad input and leaves the data unchanged', async () => {
		const entry = await createEntry(ctx.db, a.participant!, { title: 'Orörd', body: 'Orörd text' });
		const before = await counts(ctx.db);
		await ruleError(createEntry(ctx.db, a.participant!, { body: '<script>x</script>' }), 'body');
		await ruleError(createEntry(ctx.db, a.participant!, { body: 'x', sessionId: 999_999 }), 'sessionId');
		// Someone else's process, and a goal of someone else's plan.
		await ruleError(
			createEntry(ctx.db, a.participant!, { body: 'x', processId: otherProcessId }),
			'processId'
		);
		await ruleError(createEntry(ctx.db, a.inB!, { body: 'x', individualGoalId: goalId }), 'individualGoalId');
		await ruleError(updateOwnEntry(ctx.db, a.participant!, entry.id, { body: '   <p> </p>' }), 'body');
		await ruleError(
			updateOwnEntry(ctx.db, a.participant!, entry.id, { processId: otherProcessId }),
			'processId'
		);
		// No process to share with; an admin without programme or unit has no manager/evaluators.
		await ruleError(shareEntry(ctx.db, a.participant!, entry.id, 'process_group'), 'audience');
		const adminEntry = await createEntry(ctx.db, a.admin!, { body: 'Admin reflekterar' });
		await ruleError(shareEntry(ctx.db, a.admin!, adminEntry.id, 'manager'), 'audience');
		await ruleError(shareEntry(ctx.db, a.admin!, adminEntry.id, 'evaluators'), 'audience');
		await ruleError(
			shareEntry(ctx.db, a.participant!, entry.id, 'everyone' as unknown as 'manager'),
			'audience'
		);
		const after = await counts(ctx.db);
		expect({ ...after, entries: after.entries - 1 }).toEqual(before);
		const unchanged = await getEntry(ctx.db, a.participant!, entry.id);
		expect([unchanged.title, unchanged.bodyHtml, unchanged.sharedWith]).toEqual([
			'Orörd',
			'<p>Orörd text</p>',
			[]
		]);

		// The input schemas: consent must be ticked, the audience known, the body present.
		expect(shareSchema.safeParse({ audience: 'evaluators' }).success).toBe(false);
		expect(shareSchema.safeParse({ audience: 'evaluators', consent: 'on' }).success).toBe(true);
		expect(shareSchema.safeParse({ audience: 'all', consent: 'on' }).success).toBe(false);
		expect(entryInputSchema.safeParse({ body: '' }).success).toBe(false);
		expect(entryInputSchema.safeParse({ body: 'x'.repeat(20_001) }).success).toBe(false);
		expect(entryInputSchema.safeParse({ body: 'ok', sessionId: 'abc' }).success).toBe(false);
	});

	it('deletes the author’s entry with its shares and history', async () => {
		const entry = await createEntry(ctx.db, a.participant!, { body: 'Bort' });
		await shareEntry(ctx.db, a.participant!, entry.id, 'evaluators');
		await deleteOwnEntry(ctx.db, a.participant!, entry.id);
		await refused(getEntry(ctx.db, a.participant!, entry.id));
		await refused(getEntry(ctx.db, a.evaluator!, entry.id));
		const left = await ctx.db
			.selectFrom('logbookConsentEvents')
			.select('id')
			.where('entryId', '=', entry.id)
			.execute();
		expect(left).toEqual([]);
	});
});
