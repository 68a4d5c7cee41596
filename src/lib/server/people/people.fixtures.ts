import type { Db } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/**
 * Test data for people and policy tests, written straight to the tables so the tests do not
 * depend on the code under test. `tag` keeps e-mails unique when a suite builds several.
 *
 * Programme 1: Region → Workplace A → Team A, and Region → Workplace B.
 * Programme 2: one unit, with its own office person and a staff member.
 */
export async function buildProgrammeFixture(db: Db, tag: string) {
	const now = nowIso();
	const programme = async (name: string) =>
		(
			await db
				.insertInto('programmes')
				.values({
					name,
					startsOn: '2026-01-01',
					endsOn: '2027-12-31',
					defaultLocale: 'sv',
					timeZone: 'Europe/Stockholm',
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const p1 = await programme(`Programme ${tag}`);
	const p2 = await programme(`Other programme ${tag}`);
	const unit = async (
		programmeId: number,
		parentId: number | null,
		kind: 'region' | 'workplace' | 'team',
		name: string
	) =>
		(
			await db
				.insertInto('units')
				.values({ programmeId, parentId, kind, name, updatedAt: now })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const region = await unit(p1, null, 'region', `Region ${tag}`);
	const workplaceA = await unit(p1, region, 'workplace', `Workplace A ${tag}`);
	const workplaceB = await unit(p1, region, 'workplace', `Workplace B ${tag}`);
	const teamA = await unit(p1, workplaceA, 'team', `Team A ${tag}`);
	const otherUnit = await unit(p2, null, 'region', `Other region ${tag}`);

	const person = async (
		key: string,
		programmeId: number | null,
		unitId: number | null,
		roles: { role: Role; programmeId: number | null; unitId?: number }[] = []
	) => {
		const email = `${key}.${tag}@example.org`;
		const id = (
			await db
				.insertInto('people')
				.values({
					programmeId,
					unitId,
					name: `${key} ${tag}`,
					email,
					emailNormalized: email.toLowerCase(),
					jobCategory: 'librarian',
					gender: 'female',
					hourlyCost: 400,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		for (const r of roles)
			await db
				.insertInto('roleAssignments')
				.values({ personId: id, role: r.role, programmeId: r.programmeId, unitId: r.unitId ?? null })
				.execute();
		return id;
	};

	const people = {
		participant: await person('participant', p1, workplaceB),
		managerA: await person('managerA', p1, workplaceA, [
			{ role: 'manager', programmeId: p1, unitId: workplaceA }
		]),
		managerB: await person('managerB', p1, workplaceB, [
			{ role: 'manager', programmeId: p1, unitId: workplaceB }
		]),
		office: await person('office', p1, region, [{ role: 'office', programmeId: p1 }]),
		steering: await person('steering', p1, region, [{ role: 'steering', programmeId: p1 }]),
		evaluator: await person('evaluator', p1, region, [{ role: 'evaluator', programmeId: p1 }]),
		trainer: await person('trainer', p1, region, [{ role: 'trainer', programmeId: p1 }]),
		admin: await person('admin', null, null, [{ role: 'admin', programmeId: null }]),
		otherOffice: await person('otherOffice', p2, otherUnit, [{ role: 'office', programmeId: p2 }]),
		// Targets that are nobody's self.
		inA: await person('inA', p1, workplaceA),
		inTeam: await person('inTeam', p1, teamA),
		inB: await person('inB', p1, workplaceB),
		inOther: await person('inOther', p2, otherUnit)
	};
	return {
		programmeId: p1,
		otherProgrammeId: p2,
		units: { region, workplaceA, workplaceB, teamA, otherUnit },
		people
	};
}

export type ProgrammeFixture = Awaited<ReturnType<typeof buildProgrammeFixture>>;
