import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { register } from '../registrations/registrations.service.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	checkCycleTotals,
	cycleSums,
	directCycleSums,
	pauseCycleTotals,
	rebuildCycleTotals,
	type CycleGroupBy
} from './cycle.repository.ts';
import { addRegistration, DAY, makePastSession } from './cycle.fixtures.ts';

/**
 * The kept 40-20-40 totals (migration 0025) against the direct computation over the raw rows,
 * after random writes of every kind the triggers watch, at several instants (this month's
 * overdue comes from the raw rows, earlier months' from the totals).
 */

const STATUSES: readonly RegistrationStatus[] = REGISTRATION_STATUSES;

type Op =
	| { kind: 'register'; person: number; session: number; status: number; hours: number | null }
	| { kind: 'status'; reg: number; status: number }
	| { kind: 'credit'; reg: number; hours: number | null }
	| {
			kind: 'form';
			reg: number;
			before: number | null;
			during: number | null;
			after: number | null;
			beforeDone: boolean;
			afterDone: boolean;
			dueDays: number | null;
	  }
	| { kind: 'dropForm'; reg: number }
	| { kind: 'dropRegistration'; reg: number }
	| { kind: 'sessionStatus'; session: number; cancelled: boolean }
	| { kind: 'sessionEnd'; session: number; days: number }
	| { kind: 'sessionHours'; session: number; hours: number }
	| { kind: 'moveSession'; session: number; activity: number }
	| { kind: 'movePerson'; person: number; unit: number | null }
	| { kind: 'followup'; days: number }
	| { kind: 'dropSession'; session: number };

const hours = fc.option(fc.integer({ min: 0, max: 40 }).map((n) => n / 4));
const ix = fc.nat(1000);
const op: fc.Arbitrary<Op> = fc.oneof(
	{
		weight: 5,
		arbitrary: fc.record({
			kind: fc.constant('register' as const),
			person: ix,
			session: ix,
			status: ix,
			hours
		})
	},
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('status' as const), reg: ix, status: ix }) },
	fc.record({ kind: fc.constant('credit' as const), reg: ix, hours }),
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('form' as const),
			reg: ix,
			before: hours,
			during: hours,
			after: hours,
			beforeDone: fc.boolean(),
			afterDone: fc.boolean(),
			dueDays: fc.option(fc.integer({ min: -70, max: 40 }))
		})
	},
	fc.record({ kind: fc.constant('dropForm' as const), reg: ix }),
	fc.record({ kind: fc.constant('dropRegistration' as const), reg: ix }),
	fc.record({ kind: fc.constant('sessionStatus' as const), session: ix, cancelled: fc.boolean() }),
	fc.record({
		kind: fc.constant('sessionEnd' as const),
		session: ix,
		days: fc.integer({ min: -90, max: 30 })
	}),
	fc.record({
		kind: fc.constant('sessionHours' as const),
		session: ix,
		hours: fc.integer({ min: 1, max: 12 })
	}),
	fc.record({ kind: fc.constant('moveSession' as const), session: ix, activity: ix }),
	fc.record({ kind: fc.constant('movePerson' as const), person: ix, unit: fc.option(ix) }),
	fc.record({ kind: fc.constant('followup' as const), days: fc.integer({ min: 0, max: 45 }) }),
	fc.record({ kind: fc.constant('dropSession' as const), session: ix })
);

const pick = <T>(list: readonly T[], i: number): T | undefined =>
	list.length === 0 ? undefined : list[i % list.length];

describeEachDb('40-20-40 totals kept by the writes', (ctx) => {
	let fx: ProgrammeFixture;
	let people: number[];
	let units: number[];
	const sessions: number[] = [];
	const activities: number[] = [];

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, `tot-${ctx.dialect}`);
		people = [fx.people.participant, fx.people.inA, fx.people.inTeam, fx.people.inB, fx.people.office];
		units = [fx.units.region, fx.units.workplaceA, fx.units.workplaceB, fx.units.teamA];
		for (const days of [80, 40, 20, 3, 1, -5]) {
			const s = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: days, hours: 3 });
			sessions.push(s.sessionId);
			activities.push(s.activityId);
		}
	});

	async function apply(db: Db, o: Op): Promise<void> {
		const now = nowIso();
		const regs = (
			await db
				.selectFrom('registrations')
				.select('id')
				.where('sessionId', 'in', sessions.length ? sessions : [-1])
				.orderBy('id')
				.execute()
		).map((r) => r.id);
		const reg = 'reg' in o ? pick(regs, o.reg) : undefined;
		const session = 'session' in o ? pick(sessions, o.session) : undefined;
		switch (o.kind) {
			case 'register': {
				const person = pick(people, o.person)!;
				const exists = await db
					.selectFrom('registrations')
					.select('id')
					.where('sessionId', '=', session!)
					.where('personId', '=', person)
					.executeTakeFirst();
				if (!exists) await addRegistration(db, session!, person, pick(STATUSES, o.status)!, o.hours);
				return;
			}
			case 'status':
				if (reg)
					await db
						.updateTable('registrations')
						.set({ status: pick(STATUSES, o.status)! })
						.where('id', '=', reg)
						.execute();
				return;
			case 'credit':
				if (reg)
					await db
						.updateTable('registrations')
						.set({ hoursCredited: o.hours })
						.where('id', '=', reg)
						.execute();
				return;
			case 'form': {
				if (!reg) return;
				const values = {
					hoursBefore: o.before,
					hoursDuring: o.during,
					hoursAfter: o.after,
					beforeCompletedAt: o.beforeDone ? now : null,
					afterCompletedAt: o.afterDone ? now : null,
					afterDueAt: o.dueDays === null ? null : new Date(Date.now() + o.dueDays * DAY).toISOString(),
					updatedAt: now
				};
				await db
					.insertInto('cycleForms')
					.values({ registrationId: reg, ...values })
					.onConflict((oc) => oc.column('registrationId').doUpdateSet(values))
					.execute();
				return;
			}
			case 'dropForm':
				if (reg) await db.deleteFrom('cycleForms').where('registrationId', '=', reg).execute();
				return;
			case 'dropRegistration':
				if (reg) await db.deleteFrom('registrations').where('id', '=', reg).execute();
				return;
			case 'sessionStatus':
				await db
					.updateTable('sessions')
					.set({ status: o.cancelled ? 'cancelled' : 'done' })
					.where('id', '=', session!)
					.execute();
				return;
			case 'sessionEnd':
				await db
					.updateTable('sessions')
					.set({
						startsAt: new Date(Date.now() + o.days * DAY - 3 * 3600_000).toISOString(),
						endsAt: new Date(Date.now() + o.days * DAY).toISOString()
					})
					.where('id', '=', session!)
					.execute();
				return;
			case 'sessionHours':
				await db.updateTable('sessions').set({ hours: o.hours }).where('id', '=', session!).execute();
				return;
			case 'moveSession':
				await db
					.updateTable('sessions')
					.set({ activityId: pick(activities, o.activity)! })
					.where('id', '=', session!)
					.execute();
				return;
			case 'movePerson':
				await db
					.updateTable('people')
					.set({ unitId: o.unit === null ? null : pick(units, o.unit)! })
					.where('id', '=', pick(people, o.person)!)
					.execute();
				return;
			case 'followup':
				await db
					.updateTable('programmes')
					.set({ followupDays: o.days })
					.where('id', '=', fx.programmeId)
					.execute();
				return;
			case 'dropSession': {
				if (sessions.length <= 2) return;
				const i = o.session % sessions.length;
				// Registrations first (their forms go by the cascade), as no FK cascades from sessions.
				await db.deleteFrom('registrations').where('sessionId', '=', sessions[i]!).execute();
				await db.deleteFrom('sessions').where('id', '=', sessions[i]!).execute();
				sessions.splice(i, 1);
				return;
			}
		}
	}

	const sorted = <T extends { key: number | null }>(rows: T[]) =>
		[...rows].sort((a, b) => (a.key ?? -1) - (b.key ?? -1));
	const rounded = (rows: object[]) =>
		rows.map((r) =>
			Object.fromEntries(
				Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 100) / 100 : v])
			)
		);

	async function expectSame(db: Db): Promise<void> {
		const instants = [
			new Date(),
			new Date(Date.now() - 35 * DAY),
			new Date(Date.now() + 40 * DAY),
			new Date(`${new Date().toISOString().slice(0, 7)}-01T00:00:00.000Z`)
		];
		const scopes: (readonly number[] | undefined)[] = [
			undefined,
			[fx.units.workplaceA, fx.units.teamA],
			[fx.units.workplaceB],
			[]
		];
		for (const at of instants)
			for (const unitIds of scopes)
				for (const groupBy of [undefined, 'unit', 'activity'] as (CycleGroupBy | undefined)[]) {
					const options = { now: at.toISOString(), groupBy, ...(unitIds ? { unitIds } : {}) };
					const kept = await cycleSums(db, fx.programmeId, options);
					const direct = await directCycleSums(db, fx.programmeId, options);
					expect(
						rounded(sorted(kept)),
						`${groupBy ?? 'total'} at ${at.toISOString()} of ${String(unitIds)}`
					).toEqual(rounded(sorted(direct)));
				}
		expect((await checkCycleTotals(db, fx.programmeId)).mismatches).toEqual([]);
	}

	it('equal the direct computation after random writes of every kind', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
				for (const o of ops) await apply(ctx.db, o);
				await expectSame(ctx.db);
			}),
			{ numRuns: 12 }
		);
	}, 240_000);

	it('move a pending after part with the session end, its form and the follow-up days', async () => {
		const s = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 5 });
		sessions.push(s.sessionId);
		const reg = await addRegistration(ctx.db, s.sessionId, fx.people.inA, 'attended', 2);
		const months = async () =>
			(
				await ctx.db
					.selectFrom('cycleTotals')
					.select(['dueMonth', 'pending'])
					.where('activityId', '=', s.activityId)
					.where('dueMonth', '!=', '')
					.where('pending', '!=', 0)
					.execute()
			).map((r) => [r.dueMonth, Number(r.pending)]);
		const monthOf = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 7);
		const followup = Number(
			(
				await ctx.db
					.selectFrom('programmes')
					.select('followupDays')
					.where('id', '=', fx.programmeId)
					.executeTakeFirstOrThrow()
			).followupDays
		);
		expect(await months()).toEqual([[monthOf(-5 + followup), 1]]);
		await ctx.db
			.updateTable('sessions')
			.set({
				startsAt: new Date(Date.now() - 100 * DAY - 3600_000).toISOString(),
				endsAt: new Date(Date.now() - 100 * DAY).toISOString()
			})
			.where('id', '=', s.sessionId)
			.execute();
		expect(await months()).toEqual([[monthOf(-100 + followup), 1]]);
		await ctx.db
			.updateTable('programmes')
			.set({ followupDays: followup + 62 })
			.where('id', '=', fx.programmeId)
			.execute();
		expect(await months()).toEqual([[monthOf(-100 + followup + 62), 1]]);
		await ctx.db
			.insertInto('cycleForms')
			.values({
				registrationId: reg,
				afterDueAt: new Date(Date.now() - 40 * DAY).toISOString(),
				updatedAt: nowIso()
			})
			.execute();
		expect(await months()).toEqual([[monthOf(-40), 1]]);
		await ctx.db
			.updateTable('cycleForms')
			.set({ afterCompletedAt: nowIso() })
			.where('registrationId', '=', reg)
			.execute();
		expect(await months()).toEqual([]);
		await ctx.db
			.updateTable('programmes')
			.set({ followupDays: followup })
			.where('id', '=', fx.programmeId)
			.execute();
		await expectSame(ctx.db);
	});

	it('are the same inside a transaction that writes and reads them, and after one rolled back', async () => {
		const s = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 60 });
		sessions.push(s.sessionId);
		await ctx.db.transaction().execute(async (trx) => {
			await addRegistration(trx, s.sessionId, fx.people.inB, 'attended', 2);
			await expectSame(trx);
		});
		await ctx.db
			.transaction()
			.execute(async (trx) => {
				await addRegistration(trx, s.sessionId, fx.people.inA, 'attended', 2);
				throw new Error('rolled back');
			})
			.catch(() => undefined);
		await expectSame(ctx.db);
	});

	it('paused for a bulk load, then rebuilt by one grouped insert', async () => {
		const s = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 50 });
		sessions.push(s.sessionId);
		await ctx.db.transaction().execute(async (trx) => {
			await pauseCycleTotals(trx, true);
			await addRegistration(trx, s.sessionId, fx.people.inTeam, 'attended', 1.5);
			expect((await checkCycleTotals(trx, fx.programmeId)).mismatches.length).toBeGreaterThan(0);
			await rebuildCycleTotals(trx, fx.programmeId);
			await pauseCycleTotals(trx, false);
		});
		await expectSame(ctx.db);
	});

	it('count concurrent registrations once each (PostgreSQL: parallel transactions)', async () => {
		const { sessionId } = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: -10 });
		await ctx.db.updateTable('sessions').set({ capacity: 5 }).where('id', '=', sessionId).execute();
		const now = nowIso();
		const ids: number[] = [];
		for (let i = 0; i < 16; i++) {
			const email = `rush${i}.${ctx.dialect}@example.org`;
			ids.push(
				(
					await ctx.db
						.insertInto('people')
						.values({
							programmeId: fx.programmeId,
							unitId: units[i % units.length]!,
							name: `Rush ${i}`,
							email,
							emailNormalized: email,
							updatedAt: now
						})
						.returning('id')
						.executeTakeFirstOrThrow()
				).id
			);
		}
		const actors = await Promise.all(ids.map(async (id) => (await loadActor(ctx.db, id))!));
		const before = (await cycleSums(ctx.db, fx.programmeId, { now }))[0]!.registrations;
		await Promise.all(actors.map((a) => register(ctx.db, a, sessionId)));
		const [after] = await cycleSums(ctx.db, fx.programmeId, { now });
		expect(after!.registrations - before).toBe(16);
		await expectSame(ctx.db);
	}, 60_000);
});
