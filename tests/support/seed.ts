import type { Db } from '#lib/server/db/index.ts';
import type { Role } from '#lib/server/db/schema.ts';
import { nowIso } from '#lib/server/db/sql.ts';
import { hashPassword } from '#lib/server/auth/password.ts';

/** The password of every account `seedBasic` creates. */
export const BASIC_PASSWORD = 'correct horse battery';

/** Accounts created by `seedBasic`, by role. */
export const BASIC_LOGINS = {
	admin: 'admin@basic.test',
	office: 'office@basic.test',
	steering: 'steering@basic.test',
	manager: 'manager@basic.test',
	participant: 'participant@basic.test',
	evaluator: 'evaluator@basic.test',
	trainer: 'trainer@basic.test'
} as const satisfies Record<Role, string>;

export interface BasicSeed {
	programmeId: number;
	units: { region: number; organisation: number; workplaceA: number; workplaceB: number };
	people: Record<Role, number>;
}

/**
 * A small, fixed programme with one account per role, written straight to the database
 * (no demo generator), for HTTP tests that need a few signed-in users quickly.
 * Region → organisation → workplaces A and B; the manager manages the organisation.
 */
export async function seedBasic(db: Db): Promise<BasicSeed> {
	const now = nowIso();
	const passwordHash = await hashPassword(BASIC_PASSWORD);
	return db.transaction().execute(async (trx) => {
		const programme = await trx
			.insertInto('programmes')
			.values({
				name: 'Basic programme',
				funder: 'Test fund',
				startsOn: '2025-01-01',
				endsOn: '2027-12-31',
				defaultLocale: 'sv',
				timeZone: 'Europe/Stockholm',
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const programmeId = programme.id;
		const unit = async (
			name: string,
			kind: 'region' | 'organisation' | 'workplace',
			parentId: number | null
		) =>
			(
				await trx
					.insertInto('units')
					.values({ programmeId, parentId, kind, name, updatedAt: now })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		const region = await unit('Basic region', 'region', null);
		const organisation = await unit('Basic municipality', 'organisation', region);
		const workplaceA = await unit('Library A', 'workplace', organisation);
		const workplaceB = await unit('Library B', 'workplace', organisation);

		const people = {} as Record<Role, number>;
		for (const [role, email] of Object.entries(BASIC_LOGINS) as [Role, string][]) {
			const staff = role !== 'admin';
			const person = await trx
				.insertInto('people')
				.values({
					programmeId: staff ? programmeId : null,
					unitId: staff ? (role === 'participant' ? workplaceA : workplaceB) : null,
					name: `${role[0]!.toUpperCase()}${role.slice(1)} Person`,
					email,
					emailNormalized: email,
					jobCategory: staff ? 'librarian' : null,
					passwordHash,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			people[role] = person.id;
			if (role !== 'participant')
				await trx
					.insertInto('roleAssignments')
					.values({
						personId: person.id,
						role,
						programmeId: role === 'admin' ? null : programmeId,
						unitId: role === 'manager' ? organisation : null
					})
					.execute();
		}
		return { programmeId, units: { region, organisation, workplaceA, workplaceB }, people };
	});
}
