import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { loadActor } from '../people/actor.ts';
import {
	createPostgresTestDatabase,
	createSqliteTestDatabase,
	testPostgresUrl,
	type TestDatabase
} from '../testing/db.ts';
import { getEntry, listSharedWithMe } from '../logbook/logbook.service.ts';
import { AccessDeniedError } from '../policy/policy.ts';
import { createDemo } from './demo.ts';

/** Everything the learning demo wrote, without ids (people by e-mail, units by code). */
async function snapshot(db: Db) {
	const swot = await db
		.selectFrom('swotItems as s')
		.leftJoin('units as u', 'u.id', 's.unitId')
		.select(['u.code', 's.category', 's.text', 's.theme', 's.priority'])
		.orderBy('s.id')
		.execute();
	const needs = await db
		.selectFrom('needs as n')
		.leftJoin('units as u', 'u.id', 'n.unitId')
		.leftJoin('people as p', 'p.id', 'n.authorId')
		.select(['u.code', 'p.email', 'n.title', 'n.status', 'n.voteCount', 'n.priority', 'n.declineReason'])
		.orderBy('n.id')
		.execute();
	const goals = await db
		.selectFrom('individualGoals as g')
		.innerJoin('individualPlans as ip', 'ip.id', 'g.individualPlanId')
		.innerJoin('people as p', 'p.id', 'ip.personId')
		.leftJoin('workplaceGoals as wg', 'wg.id', 'g.workplaceGoalId')
		.select(['p.email', 'g.text', 'wg.text as workplaceGoal', 'g.status'])
		.orderBy('g.id')
		.execute();
	const cycle = await db
		.selectFrom('cycleForms as c')
		.innerJoin('registrations as r', 'r.id', 'c.registrationId')
		.innerJoin('people as p', 'p.id', 'r.personId')
		.select([
			'p.email',
			'c.beforeCompletedAt',
			'c.afterCompletedAt',
			'c.afterDueAt',
			'c.hoursBefore',
			'c.hoursDuring',
			'c.hoursAfter'
		])
		.orderBy('c.registrationId')
		.execute();
	const processes = await db
		.selectFrom('processes as pr')
		.innerJoin('units as u', 'u.id', 'pr.unitId')
		.select((eb) => [
			'u.code',
			'pr.title',
			'pr.status',
			'pr.startsOn',
			eb
				.selectFrom('processParticipants as pp')
				.select((e) => e.fn.countAll().as('n'))
				.whereRef('pp.processId', '=', 'pr.id')
				.as('participants')
		])
		.orderBy('pr.id')
		.execute();
	const logbook = await db
		.selectFrom('logbookEntries as e')
		.innerJoin('people as p', 'p.id', 'e.personId')
		.select(['p.email', 'e.title', 'e.bodyHtml', 'e.createdAt'])
		.orderBy('e.id')
		.execute();
	const shares = await db
		.selectFrom('logbookShares')
		.select(['audience', 'grantedAt'])
		.orderBy('entryId')
		.orderBy('audience')
		.execute();
	const norm = <T>(rows: T[]) =>
		JSON.parse(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
	return norm([swot, needs, goals, cycle, processes, logbook, shares].map((x) => x.map((r) => ({ ...r }))));
}

const count = async (db: Db, table: Parameters<Db['selectFrom']>[0]) =>
	Number(
		(
			await db
				.selectFrom(table as 'needs')
				.select((eb) => eb.fn.countAll().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

const pgUrl = testPostgresUrl();
const makers: [string, () => Promise<TestDatabase>][] = [['sqlite', createSqliteTestDatabase]];
if (pgUrl) makers.push(['postgres', () => createPostgresTestDatabase(pgUrl)]);

for (const [dialect, make] of makers) {
	describe(`demo learning at work [${dialect}]`, () => {
		const opened: TestDatabase[] = [];
		afterAll(async () => {
			for (const t of opened) await t.destroy();
		});
		async function demoDb(people?: number): Promise<Db> {
			const t = await make();
			opened.push(t);
			await createDemo(t.db, { password: 'demo', ...(people ? { people } : {}) });
			return t.db;
		}

		it('is deterministic and keeps its invariants', async () => {
			const [a, b] = [await demoDb(), await demoDb()];
			const snap = await snapshot(a);
			expect(snap).toEqual(await snapshot(b));

			// Sizes from the issue: about 60 needs, about 50 processes, every workplace has a plan.
			expect(await count(a, 'needs')).toBe(60);
			expect(await count(a, 'processes')).toBe(50);
			const workplaces = await a.selectFrom('units').select('id').where('kind', '=', 'workplace').execute();
			expect(await count(a, 'workplacePlans')).toBe(workplaces.length);
			const swotUnits = await a.selectFrom('swotItems').select('unitId').distinct().execute();
			expect(swotUnits.length).toBe(workplaces.length + 1);

			// vote_count = number of vote rows; declined needs have a reason; decided needs a decider.
			const needs = await a
				.selectFrom('needs as n')
				.select((eb) => [
					'n.voteCount',
					'n.status',
					'n.declineReason',
					'n.decidedBy',
					eb
						.selectFrom('needVotes as v')
						.select((e) => e.fn.countAll().as('c'))
						.whereRef('v.needId', '=', 'n.id')
						.as('votes')
				])
				.execute();
			for (const n of needs) {
				expect(Number(n.voteCount)).toBe(Number(n.votes));
				expect(n.status === 'declined').toBe(n.declineReason !== null);
				expect(n.status === 'new').toBe(n.decidedBy === null);
			}
			expect(new Set(needs.map((n) => n.status))).toEqual(new Set(['new', 'planned', 'met', 'declined']));

			// Individual goals link only to their own workplace plan's goals; some are unlinked.
			const goals = await a
				.selectFrom('individualGoals as g')
				.innerJoin('individualPlans as ip', 'ip.id', 'g.individualPlanId')
				.leftJoin('workplaceGoals as wg', 'wg.id', 'g.workplaceGoalId')
				.select(['g.workplaceGoalId', 'wg.workplacePlanId', 'ip.workplacePlanId as planOfPerson'])
				.execute();
			for (const g of goals) if (g.workplaceGoalId !== null) expect(g.workplacePlanId).toBe(g.planOfPerson);
			expect(goals.some((g) => g.workplaceGoalId === null)).toBe(true);

			// Cycle forms: after only when attended and after the before part; due = end + follow-up days.
			const forms = await a
				.selectFrom('cycleForms as c')
				.innerJoin('registrations as r', 'r.id', 'c.registrationId')
				.innerJoin('sessions as s', 's.id', 'r.sessionId')
				.select([
					'r.status',
					'c.afterCompletedAt',
					'c.afterDueAt',
					'c.hoursDuring',
					'c.beforeCompletedAt',
					's.endsAt'
				])
				.execute();
			const now = new Date().toISOString();
			for (const f of forms) {
				if (f.afterCompletedAt !== null) expect(f.status).toBe('attended');
				if (f.hoursDuring !== null) expect(f.status).toBe('attended');
				expect(Date.parse(f.afterDueAt!) - Date.parse(f.endsAt)).toBe(30 * 86_400_000);
			}
			const attended = forms.filter((f) => f.status === 'attended');
			expect(attended.some((f) => f.afterCompletedAt !== null)).toBe(true);
			expect(attended.some((f) => f.afterCompletedAt === null && f.afterDueAt! < now)).toBe(true);
			expect(forms.some((f) => f.beforeCompletedAt === null)).toBe(true);

			// Every process has its workplace's manager as a participant.
			const withoutManager = await a
				.selectFrom('processes as pr')
				.innerJoin('roleAssignments as ra', (j) =>
					j.onRef('ra.unitId', '=', 'pr.unitId').on('ra.role', '=', 'manager')
				)
				.select('pr.id')
				.where((eb) =>
					eb.not(
						eb.exists(
							eb
								.selectFrom('processParticipants as pp')
								.select('pp.processId')
								.whereRef('pp.processId', '=', 'pr.id')
								.whereRef('pp.personId', '=', 'ra.personId')
						)
					)
				)
				.execute();
			expect(withoutManager).toEqual([]);

			// Shares: each has a grant by the author; process-group shares only with a process the author is in.
			const shares = await a
				.selectFrom('logbookShares as s')
				.innerJoin('logbookEntries as e', 'e.id', 's.entryId')
				.select((eb) => [
					's.audience',
					'e.processId',
					eb
						.selectFrom('logbookConsentEvents as c')
						.select((x) => x.fn.countAll().as('n'))
						.whereRef('c.entryId', '=', 's.entryId')
						.whereRef('c.audience', '=', 's.audience')
						.where('c.action', '=', 'grant')
						.whereRef('c.actorId', '=', 'e.personId')
						.as('grants'),
					eb
						.selectFrom('processParticipants as pp')
						.select((x) => x.fn.countAll().as('n'))
						.whereRef('pp.processId', '=', 'e.processId')
						.whereRef('pp.personId', '=', 'e.personId')
						.as('member')
				])
				.execute();
			expect(shares.filter((s) => s.audience === 'evaluators').length).toBeGreaterThan(5);
			for (const s of shares) {
				expect(Number(s.grants)).toBe(1);
				if (s.audience === 'process_group') expect(Number(s.member)).toBe(1);
			}

			// The demo logins have rich data: the participant's shared entry reaches the evaluator only.
			const ids = Object.fromEntries(
				(
					await a
						.selectFrom('people')
						.select(['id', 'email'])
						.where('email', 'in', [
							'participant@demo.klok',
							'evaluator@demo.klok',
							'office@demo.klok',
							'admin@demo.klok',
							'manager@demo.klok'
						])
						.execute()
				).map((p) => [p.email.split('@')[0]!, p.id])
			);
			const participant = ids.participant!;
			for (const table of ['individualPlans', 'developmentDialogues'] as const) {
				const rows = await a.selectFrom(table).select('id').where('personId', '=', participant).execute();
				expect(rows.length, table).toBeGreaterThan(0);
			}
			const inProcess = await a
				.selectFrom('processParticipants')
				.select('processId')
				.where('personId', '=', participant)
				.execute();
			expect(inProcess.length).toBeGreaterThan(0);
			const participantForms = await a
				.selectFrom('cycleForms as c')
				.innerJoin('registrations as r', 'r.id', 'c.registrationId')
				.select('c.registrationId')
				.where('r.personId', '=', participant)
				.where('c.beforeCompletedAt', 'is not', null)
				.where('c.afterCompletedAt', 'is not', null)
				.execute();
			expect(participantForms.length).toBeGreaterThan(0);
			const evaluator = (await loadActor(a, ids.evaluator!))!;
			const seen = await listSharedWithMe(a, evaluator);
			const participantShared = seen.filter((e) => e.authorId === participant);
			expect(participantShared.length).toBe(1);
			const privateEntries = await a
				.selectFrom('logbookEntries as e')
				.select('e.id')
				.where('e.personId', '=', participant)
				.where((eb) =>
					eb.not(
						eb.exists(
							eb.selectFrom('logbookShares as s').select('s.entryId').whereRef('s.entryId', '=', 'e.id')
						)
					)
				)
				.execute();
			expect(privateEntries.length).toBeGreaterThan(0);
			for (const who of ['office', 'admin', 'evaluator', 'manager']) {
				const actor = (await loadActor(a, ids[who]!))!;
				await expect(getEntry(a, actor, privateEntries[0]!.id)).rejects.toBeInstanceOf(AccessDeniedError);
			}
		});

		it('works with a small staff', async () => {
			const db = await demoDb(120);
			expect(await count(db, 'processes')).toBe(50);
			expect(await count(db, 'logbookEntries')).toBeGreaterThan(10);
		});
	});
}
