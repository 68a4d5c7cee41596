import { beforeAll, expect, it } from 'vitest';
import { migrateTo, migrateToLatest } from '../db/migrate.ts';
import { nowIso } from '../db/sql.ts';
import {
	createProgramme,
	OrganisationInputError,
	updateProgramme
} from '../organisation/organisation.service.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { MIN_GROUP_SIZE_FLOOR } from './protection.ts';

/** The programme's minimum group size (k): never below 3, in the form, the API and the database; every change audited. */
describeEachDb('minimum group size', (ctx) => {
	let f: ProgrammeFixture;
	let office: Actor;
	let admin: Actor;
	beforeAll(async () => {
		f = await buildProgrammeFixture(ctx.db, 'k');
		office = (await loadActor(ctx.db, f.people.office))!;
		admin = (await loadActor(ctx.db, f.people.admin))!;
	});
	const stored = async () =>
		(
			await ctx.db
				.selectFrom('programmes')
				.select('minGroupSize')
				.where('id', '=', f.programmeId)
				.executeTakeFirstOrThrow()
		).minGroupSize;
	const audits = () =>
		ctx.db
			.selectFrom('auditLog')
			.select(['actorId', 'action', 'before', 'after'])
			.where('entityType', '=', 'programme')
			.where('entityId', '=', f.programmeId)
			.orderBy('id')
			.execute();

	it('refuses 2 (and below) with a field message in every language; 3 is the floor', async () => {
		expect(MIN_GROUP_SIZE_FLOOR).toBe(3);
		for (const value of [2, '2', 1, 0]) {
			const e = await updateProgramme(ctx.db, office, f.programmeId, { minGroupSize: value }).catch(
				(x: unknown) => x
			);
			expect(e).toBeInstanceOf(OrganisationInputError);
			const messages = Object.fromEntries(
				(['en', 'sv', 'da', 'nb'] as const).map((l) => [
					l,
					(e as OrganisationInputError).fieldErrors(l).minGroupSize?.[0]
				])
			);
			expect(messages.en).toBe('The minimum group size must be a whole number from 3 to 50.');
			expect(messages.sv).toContain('3');
			expect(messages.da).toContain('3');
			expect(messages.nb).toContain('3');
			expect(new Set(Object.values(messages)).size).toBe(4);
		}
		await expect(
			createProgramme(ctx.db, admin, {
				name: 'Tiny k',
				startsOn: '2026-01-01',
				endsOn: '2026-12-31',
				defaultLocale: 'sv',
				timeZone: 'Europe/Stockholm',
				minGroupSize: 2
			})
		).rejects.toBeInstanceOf(OrganisationInputError);
		expect(await stored()).toBe(5);
		expect((await updateProgramme(ctx.db, office, f.programmeId, { minGroupSize: 3 })).minGroupSize).toBe(3);
	});

	it('records every change of the minimum group size with before and after', async () => {
		const n = (await audits()).length;
		await updateProgramme(ctx.db, office, f.programmeId, { minGroupSize: 7 });
		await updateProgramme(ctx.db, office, f.programmeId, { minGroupSize: 7 }); // no change, no entry
		await updateProgramme(ctx.db, office, f.programmeId, { minGroupSize: 5 });
		const entries = (await audits()).slice(n);
		expect(
			entries.map((a) => [
				a.actorId,
				a.action,
				JSON.parse(a.before!).minGroupSize,
				JSON.parse(a.after!).minGroupSize
			])
		).toEqual([
			[f.people.office, 'update', 3, 7],
			[f.people.office, 'update', 7, 5]
		]);
	});

	it('the database refuses a minimum group size below 3, whoever writes it', async () => {
		await expect(
			ctx.db.updateTable('programmes').set({ minGroupSize: 2 }).where('id', '=', f.programmeId).execute()
		).rejects.toThrow();
		await expect(
			ctx.db
				.insertInto('programmes')
				.values({
					name: 'Direct',
					startsOn: '2026-01-01',
					endsOn: '2026-12-31',
					defaultLocale: 'sv',
					timeZone: 'Europe/Stockholm',
					minGroupSize: 1,
					updatedAt: nowIso()
				})
				.execute()
		).rejects.toThrow();
		expect(await stored()).toBe(5);
		await ctx.db.updateTable('programmes').set({ minGroupSize: 3 }).where('id', '=', f.programmeId).execute();
		expect(await stored()).toBe(3);
	});

	it('the migration raises programmes below 3 to 3 and says so in the audit log', async () => {
		// Back to the schema before the floor, where 2 could be stored.
		await migrateTo(ctx.db, '0005_sign_in_backoff');
		await ctx.db.updateTable('programmes').set({ minGroupSize: 2 }).where('id', '=', f.programmeId).execute();
		await migrateToLatest(ctx.db);
		expect(await stored()).toBe(3);
		const last = (await audits()).at(-1)!;
		expect([last.actorId, last.action, JSON.parse(last.before!), JSON.parse(last.after!)]).toEqual([
			null,
			'update',
			{ minGroupSize: 2 },
			{ minGroupSize: 3 }
		]);
		// The floor holds again after the migration.
		await expect(
			ctx.db.updateTable('programmes').set({ minGroupSize: 2 }).where('id', '=', f.programmeId).execute()
		).rejects.toThrow();
	});
});
