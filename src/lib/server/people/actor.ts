import type { Db } from '../db/database.ts';
import { descendantUnitIds } from '../organisation/organisation.service.ts';
import type { Actor } from '../policy/policy.ts';
import { findActorPerson, findActorRoles } from './people.repository.ts';

/**
 * Loads the signed-in person as an `Actor` for the policy module: roles, and the units a
 * manager covers with their descendants expanded once per request. Null when the person
 * does not exist or is deactivated.
 */
export async function loadActor(db: Db, personId: number): Promise<Actor | null> {
	const person = await findActorPerson(db, personId);
	if (!person || person.deactivatedAt) return null;
	const roles = await findActorRoles(db, personId);
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
