import { describe, expect, it } from 'vitest';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { describeEachDb } from '../testing/db.ts';
import { buildReportFixture, type ReportFixture } from './reports.fixtures.ts';
import { REPORT_CACHE_CAP, reportVersion, storeFigures } from './reports.repository.ts';
import { allHoursReports, coFinancing, invalidateReports, type HoursReport } from './reports.service.ts';

/** [groupBy, [key, participants, hours, attendances, sessions]...] for compact comparisons. */
const figures = (reports: HoursReport[]) =>
	reports.map((r) => [
		r.groupBy,
		r.totals,
		r.rows.map((x) => [x.key, x.participants, x.hours, x.attendances])
	]);

describeEachDb('report figures memoised by data version (0026)', (ctx) => {
	let n = 0;
	const setup = async () => {
		const f = await buildReportFixture(ctx.db, `cache${++n}`);
		const office = (await loadActor(ctx.db, f.people.office))!;
		const read = (filter = {}) => allHoursReports(ctx.db, office, f.programmeId, filter, 'en');
		const version = () => reportVersion(ctx.db, f.programmeId);
		const cacheRows = () =>
			ctx.db
				.selectFrom('reportCache')
				.select(['key', 'version', 'body'])
				.where('programmeId', '=', f.programmeId)
				.execute();
		return { f, read, version, cacheRows };
	};
	const by = (reports: HoursReport[], g: HoursReport['groupBy']) =>
		reports.find((r) => r.groupBy === g)!.rows.map((x) => [x.key, x.participants, x.hours]);

	it('gives the same figures from the cache as computed, and reads the cached rows', async () => {
		const { f, read, version, cacheRows } = await setup();
		const computed = await read();
		const v = await version();
		const rows = await cacheRows();
		// The basis (totals, months) and one row per grouping, all at the current version.
		expect(rows.map((r) => r.key.split(':')[1]).sort()).toEqual(
			['basis', 'gender', 'jobCategory', 'month', 'organisation', 'track', 'unit'].sort()
		);
		expect(rows.every((r) => Number(r.version) === v)).toBe(true);
		expect(figures(await read())).toEqual(figures(computed));
		// With a filter, its own rows; the same figures again on the second read.
		const filtered = await read({ from: '2026-02-01', to: '2026-03-31', trackId: f.tracks.learning });
		expect(figures(await read({ from: '2026-02-01', to: '2026-03-31', trackId: f.tracks.learning }))).toEqual(
			figures(filtered)
		);
		expect(filtered[0]!.totals.participants).toBe(3);
		// The second read really comes from the cache: a doctored row shows through.
		const basis = rows.find((r) => r.key.startsWith('hours:basis:'))!;
		const body = JSON.parse(basis.body) as { total: { participants: number } };
		body.total.participants = 999;
		await ctx.db
			.updateTable('reportCache')
			.set({ body: JSON.stringify(body) })
			.where('programmeId', '=', f.programmeId)
			.where('key', '=', basis.key)
			.execute();
		expect((await read())[0]!.totals.participants).toBe(999);
		// Cache rows dropped: computed again, the same as the first time.
		await ctx.db.deleteFrom('reportCache').where('programmeId', '=', f.programmeId).execute();
		expect(figures(await read())).toEqual(figures(computed));
	});

	it('an attendance marked, hours changed or removed bumps the version and the next read shows it', async () => {
		const { f, read, version } = await setup();
		const before = await read();
		expect(before[0]!.totals).toMatchObject({ participants: 6, hours: 50, attendances: 10 });
		const v0 = await version();
		const reg = (personId: number, sessionId: number) =>
			ctx.db.updateTable('registrations').where('personId', '=', personId).where('sessionId', '=', sessionId);
		// p4 confirmed on S1 is marked attended.
		await reg(f.people.p4, f.sessions.S1).set({ status: 'attended', hoursCredited: 3 }).execute();
		expect(await version()).toBeGreaterThan(v0);
		expect((await read())[0]!.totals).toMatchObject({ participants: 6, hours: 53, attendances: 11 });
		// An attended registration's hours change.
		const v1 = await version();
		await reg(f.people.p4, f.sessions.S1).set({ hoursCredited: 1 }).execute();
		expect(await version()).toBeGreaterThan(v1);
		expect((await read())[0]!.totals.hours).toBe(51);
		// Leaving 'attended' (deleted, too) counts.
		const v2 = await version();
		await reg(f.people.p4, f.sessions.S1).set({ status: 'absent' }).execute();
		expect(await version()).toBeGreaterThan(v2);
		expect((await read())[0]!.totals.attendances).toBe(10);
		const v3 = await version();
		await ctx.db
			.deleteFrom('registrations')
			.where('personId', '=', f.people.p6)
			.where('sessionId', '=', f.sessions.S3)
			.execute();
		expect(await version()).toBeGreaterThan(v3);
		expect((await read())[0]!.totals).toMatchObject({ participants: 5, attendances: 9 });
	});

	it('registrations only requested, confirmed, waitlisted or cancelled leave the version alone', async () => {
		const { f, read, version } = await setup();
		await read();
		const v0 = await version();
		const now = nowIso();
		await ctx.db
			.insertInto('registrations')
			.values({ sessionId: f.sessions.S6, personId: f.people.p4, status: 'confirmed', updatedAt: now })
			.execute();
		await ctx.db
			.updateTable('registrations')
			.set({ status: 'confirmed' })
			.where('personId', '=', f.people.p2)
			.where('sessionId', '=', f.sessions.S6)
			.execute();
		await ctx.db
			.updateTable('registrations')
			.set({ status: 'cancelled' })
			.where('personId', '=', f.people.p1)
			.where('sessionId', '=', f.sessions.S6)
			.execute();
		// Hours on a registration that is not attended, the session's seat counter, a person's language.
		await ctx.db
			.updateTable('registrations')
			.set({ hoursCredited: 1 })
			.where('personId', '=', f.people.p3)
			.where('sessionId', '=', f.sessions.S1)
			.execute();
		await ctx.db.updateTable('sessions').set({ confirmedCount: 2 }).where('id', '=', f.sessions.S6).execute();
		await ctx.db.updateTable('people').set({ locale: 'da' }).where('id', '=', f.people.p1).execute();
		await ctx.db
			.deleteFrom('registrations')
			.where('personId', '=', f.people.p4)
			.where('sessionId', '=', f.sessions.S6)
			.execute();
		expect(await version()).toBe(v0);
	});

	it('rests during a paused bulk load; the loader invalidates after', async () => {
		const { f, read, version } = await setup();
		await read();
		const v0 = await version();
		await ctx.db.insertInto('cycleTotalsPause').values({ id: 1 }).execute();
		await ctx.db
			.updateTable('registrations')
			.set({ status: 'attended', hoursCredited: 3 })
			.where('personId', '=', f.people.p4)
			.where('sessionId', '=', f.sessions.S1)
			.execute();
		await ctx.db.deleteFrom('cycleTotalsPause').execute();
		expect(await version()).toBe(v0);
		await invalidateReports(ctx.db, f.programmeId);
		expect(await version()).toBe(v0 + 1);
		expect((await read())[0]!.totals.attendances).toBe(11);
	});

	it('a person moved, a session rescheduled or cancelled, an activity re-tracked or a unit moved recompute', async () => {
		const { f, read, version } = await setup();
		const { W1, W3, O1, O2 } = f.units;
		let reports = await read();
		expect(by(reports, 'unit').find((r) => r[0] === 'none')).toEqual(['none', 1, 2]);

		// p6 (region, "none") moves to W3.
		let v = await version();
		await ctx.db.updateTable('people').set({ unitId: W3 }).where('id', '=', f.people.p6).execute();
		expect(await version()).toBeGreaterThan(v);
		reports = await read();
		expect(by(reports, 'unit').find((r) => r[0] === 'none')).toBeUndefined();
		expect(by(reports, 'unit')).toContainEqual([String(W3), 3, 20]);

		// S4 (20 March) rescheduled to April: the month rows follow.
		v = await version();
		await ctx.db
			.updateTable('sessions')
			.set({ startsAt: '2026-04-20T09:00:00.000Z', endsAt: '2026-04-21T15:00:00.000Z' })
			.where('id', '=', f.sessions.S4)
			.execute();
		expect(await version()).toBeGreaterThan(v);
		reports = await read();
		expect(by(reports, 'month').map((r) => r[0])).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
		expect(by(reports, 'month').find((r) => r[0] === '2026-04')).toEqual(['2026-04', 2, 20]);

		// S4 cancelled: a new version (figures read from the registrations, as before).
		v = await version();
		await ctx.db
			.updateTable('sessions')
			.set({ status: 'cancelled' })
			.where('id', '=', f.sessions.S4)
			.execute();
		expect(await version()).toBeGreaterThan(v);

		// A3 (no track) joins IT.
		v = await version();
		expect(by(reports, 'track').find((r) => r[0] === 'none')).toEqual(['none', 2, 20]);
		await ctx.db
			.updateTable('activities')
			.set({ trackId: f.tracks.it })
			.where('id', '=', f.activities.A3)
			.execute();
		expect(await version()).toBeGreaterThan(v);
		reports = await read();
		expect(by(reports, 'track').find((r) => r[0] === 'none')).toBeUndefined();
		expect(by(reports, 'track')).toContainEqual([String(f.tracks.it), 5, 26]);

		// W1 moves from O1 to O2: the organisation rows follow.
		const o1 = by(reports, 'organisation').find((r) => r[0] === String(O1))!;
		v = await version();
		await ctx.db.updateTable('units').set({ parentId: O2 }).where('id', '=', W1).execute();
		expect(await version()).toBeGreaterThan(v);
		reports = await read();
		expect(by(reports, 'organisation').find((r) => r[0] === String(O1))![1]).toBeLessThan(o1[1] as number);

		// A gender recorded: the gender rows follow.
		v = await version();
		await ctx.db.updateTable('people').set({ gender: 'female' }).where('id', '=', f.people.p3).execute();
		expect(await version()).toBeGreaterThan(v);
		expect(by(await read(), 'gender').find((r) => r[0] === 'female')).toEqual(['female', 3, 33]);
	});

	it('co-financing is memoised and follows an hourly cost', async () => {
		const { f } = await setup();
		const first = await coFinancing(ctx.db, f.programmeId, { from: '2026-01-01', to: '2026-12-31' });
		expect(first.total.amount).toBe(0);
		const again = await coFinancing(ctx.db, f.programmeId, { from: '2026-01-01', to: '2026-12-31' });
		expect({ ...again, byWorkplace: [...again.byWorkplace] }).toEqual({
			...first,
			byWorkplace: [...first.byWorkplace]
		});
		await ctx.db.updateTable('people').set({ hourlyCost: 100 }).where('id', '=', f.people.p1).execute();
		const after = await coFinancing(ctx.db, f.programmeId, { from: '2026-01-01', to: '2026-12-31' });
		expect(after.total.amount).toBe(110_000); // minor units: 11 h × 100
		expect(after.byWorkplace.get(f.units.W1)?.amount).toBe(110_000);
	});

	describe('storage', () => {
		let f: ReportFixture;
		it('concurrent identical reads share a result and leave one row per key', async () => {
			const s = await setup();
			f = s.f;
			const results = await Promise.all(Array.from({ length: 6 }, () => s.read()));
			for (const r of results) expect(figures(r)).toEqual(figures(results[0]!));
			const rows = await s.cacheRows();
			expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
			expect(rows).toHaveLength(7);
		});

		it('never overwrites a newer version, drops older versions and keeps at most the cap', async () => {
			const v = await reportVersion(ctx.db, f.programmeId);
			const at = nowIso();
			// Concurrent writers of one key: no conflict error, the newest version stays.
			await Promise.all([
				storeFigures(ctx.db, f.programmeId, 'test:k', v, '"new"', at),
				storeFigures(ctx.db, f.programmeId, 'test:k', v, '"new"', at),
				storeFigures(ctx.db, f.programmeId, 'test:k', v - 1, '"old"', at)
			]);
			const row = await ctx.db
				.selectFrom('reportCache')
				.select(['version', 'body'])
				.where('programmeId', '=', f.programmeId)
				.where('key', '=', 'test:k')
				.executeTakeFirstOrThrow();
			expect([Number(row.version), row.body]).toEqual([v, '"new"']);
			// A newer version's write drops every row of older versions.
			await storeFigures(ctx.db, f.programmeId, 'test:k2', v + 1, '1', at);
			const left = await ctx.db
				.selectFrom('reportCache')
				.select('key')
				.where('programmeId', '=', f.programmeId)
				.execute();
			expect(left.map((r) => r.key)).toEqual(['test:k2']);
			for (let i = 0; i < REPORT_CACHE_CAP + 5; i++)
				await storeFigures(ctx.db, f.programmeId, `test:${String(i).padStart(3, '0')}`, v + 1, '1', at);
			const count = await ctx.db
				.selectFrom('reportCache')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('programmeId', '=', f.programmeId)
				.executeTakeFirstOrThrow();
			expect(Number(count.n)).toBe(REPORT_CACHE_CAP);
		});
	});
});
