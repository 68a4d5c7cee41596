import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { verifyPassword } from '../auth/password.ts';
import {
	createPostgresTestDatabase,
	createSqliteTestDatabase,
	testPostgresUrl,
	type TestDatabase
} from '../testing/db.ts';
import { createDemo, DemoExistsError, hasAnyProgramme } from './demo.ts';

async function snapshot(db: Db) {
	const people = await db
		.selectFrom('people')
		.leftJoin('units', 'units.id', 'people.unitId')
		.select([
			'people.name',
			'people.email',
			'units.code as unit',
			'people.jobCategory',
			'people.gender',
			'people.roleStartedOn'
		])
		.orderBy('people.email')
		.execute();
	const units = await db.selectFrom('units').select(['name', 'kind', 'code']).orderBy('code').execute();
	return { people, units };
}

const pgUrl = testPostgresUrl();
const makers: [string, () => Promise<TestDatabase>][] = [['sqlite', createSqliteTestDatabase]];
if (pgUrl) makers.push(['postgres', () => createPostgresTestDatabase(pgUrl)]);

for (const [dialect, make] of makers) {
	describe(`demo programme [${dialect}]`, () => {
		const opened: TestDatabase[] = [];
		afterAll(async () => {
			for (const t of opened) await t.destroy();
		});

		it('is deterministic and has the promised shape', async () => {
			const a = await make();
			const b = await make();
			opened.push(a, b);
			expect(await hasAnyProgramme(a.db)).toBe(false);
			const started = performance.now();
			const result = await createDemo(a.db, { password: 'demo' });
			console.log(`[${dialect}] demo with 751 staff: ${Math.round(performance.now() - started)} ms`);
			await createDemo(b.db, { password: 'demo' });
			expect(await hasAnyProgramme(a.db)).toBe(true);
			expect(await snapshot(a.db)).toEqual(await snapshot(b.db));

			const db = a.db;
			const pid = result.programmeId;
			const programme = await db
				.selectFrom('programmes')
				.selectAll()
				.where('id', '=', pid)
				.executeTakeFirstOrThrow();
			expect(programme).toMatchObject({
				name: 'KUB – Kompetensutveckling för bibliotek',
				funder: 'Europeiska socialfonden (ESF)',
				startsOn: '2026-01-01',
				endsOn: '2027-12-31',
				defaultLocale: 'sv',
				timeZone: 'Europe/Stockholm',
				minGroupSize: 5
			});
			const staff = await db
				.selectFrom('people')
				.select(['id', 'unitId', 'email', 'hourlyCost'])
				.where('programmeId', '=', pid)
				.execute();
			expect(staff).toHaveLength(751);
			expect(new Set(staff.map((p) => p.email.toLowerCase())).size).toBe(751);
			expect(staff.every((p) => p.hourlyCost !== null && p.hourlyCost >= 280 && p.hourlyCost <= 450)).toBe(
				true
			);
			const workplaces = await db
				.selectFrom('units')
				.select('id')
				.where('programmeId', '=', pid)
				.where('kind', '=', 'workplace')
				.execute();
			expect(workplaces.length).toBeGreaterThanOrEqual(28);
			expect(workplaces.length).toBeLessThanOrEqual(32);
			expect(await db.selectFrom('units').select('id').where('kind', '=', 'region').execute()).toHaveLength(
				4
			);
			expect(
				await db
					.selectFrom('tracks')
					.select('name')
					.where('programmeId', '=', pid)
					.orderBy('sortOrder')
					.execute()
			).toEqual(['Lärande', 'Bemötande', 'IT', 'Marknadsföring', 'Ledarskap'].map((name) => ({ name })));
			const managerRoles = await db
				.selectFrom('roleAssignments')
				.select(['unitId', 'personId'])
				.where('role', '=', 'manager')
				.execute();
			expect(managerRoles.map((r) => r.unitId).sort()).toEqual(workplaces.map((w) => w.id).sort());
			// Each workplace's manager works there.
			const unitOf = new Map(staff.map((p) => [p.id, p.unitId]));
			expect(managerRoles.every((r) => unitOf.get(r.personId) === r.unitId)).toBe(true);

			const logins = await db
				.selectFrom('people')
				.select(['id', 'email', 'unitId', 'passwordHash'])
				.where('email', 'like', '%@demo.klok')
				.execute();
			expect(logins.map((l) => l.email).sort()).toEqual(result.logins.map((l) => l.email).sort());
			expect(logins).toHaveLength(7);
			expect(await verifyPassword(logins[0]!.passwordHash!, 'demo')).toBe(true);
			const withPassword = await db
				.selectFrom('people')
				.select('id')
				.where('passwordHash', 'is not', null)
				.execute();
			expect(withPassword).toHaveLength(7);
			const byEmail = new Map(logins.map((l) => [l.email, l]));
			const manager = byEmail.get('manager@demo.klok')!;
			const managed = managerRoles.find((r) => r.personId === manager.id)!;
			expect(byEmail.get('participant@demo.klok')!.unitId).toBe(managed.unitId);
			const teams = await db
				.selectFrom('units')
				.select('id')
				.where('parentId', '=', managed.unitId)
				.execute();
			expect(teams.length).toBeGreaterThan(0);
			expect(byEmail.get('admin@demo.klok')!.unitId).toBeNull();
			const county = await db
				.selectFrom('units')
				.select('name')
				.where('id', '=', byEmail.get('office@demo.klok')!.unitId!)
				.executeTakeFirstOrThrow();
			expect(county.name).toBe('Länsbiblioteket Västerbotten');
			const roles = await db
				.selectFrom('roleAssignments')
				.innerJoin('people', 'people.id', 'roleAssignments.personId')
				.select(['people.email', 'roleAssignments.role'])
				.where('people.email', 'like', '%@demo.klok')
				.execute();
			for (const login of result.logins.filter((l) => l.role !== 'participant'))
				expect(roles).toContainEqual({ email: login.email, role: login.role });

			await expect(createDemo(a.db, { password: 'demo' })).rejects.toBeInstanceOf(DemoExistsError);
		}, 120_000);
	});
}

if (!pgUrl)
	describe('demo programme [postgres]', () => {
		it.skip('SKIPPED: TEST_DATABASE_URL is not set', () => {});
	});
