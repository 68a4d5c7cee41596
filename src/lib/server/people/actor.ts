import type { Db } from '../db/database.ts';
import { descendantUnitIds } from '../organisation/organisation.repository.ts';
import type { Actor } from '../policy/policy.ts';

/**
 * Loads the signed-in person as an `Actor` for the policy module: roles, and the units a
 * manager covers with their descendants expanded once per request. Null when the person
 * does not exist or is deactivated.
 */
export async function loadActor(db: Db, personId: number): Promise<Actor | null> {
	const person = await db
		.selectFrom('people')
		.select(['id', 'name', 'email', 'programmeId', 'unitId', 'locale', 'deactivatedAt'])
		.where('id', '=', personId)
		.executeTakeFirst();
	if (!person || person.deactivatedAt) return null;
	const roles = await db
		.selectFrom('roleAssignments')
		.select(['role', 'programmeId', 'unitId'])
		.where('personId', '=', personId)
		.execute();
	const managedRoots = roles
		.filter((r) => r.role === 'manager' && r.unitId !== null)
		.map((r) => r.unitId as number);
	const managedUnitIds =
		managedRoots.length > 0 ? await descendantUnitIds(db, managedRoots) : new Set<number>();
	return {
		personId: person.id,
		name: person.name,
		email: person.email,
		programmeId: person.programmeId,
		unitId: person.unitId,
		locale: person.locale,
		roles,
		managedUnitIds
	};
}
