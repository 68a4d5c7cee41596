import type { Db } from '../db/database.ts';
import { descendantUnitIds } from '../organisation/organisation.service.ts';
import type { Actor } from '../policy/policy.ts';
import { findActorRows } from './people.repository.ts';

/**
 * Loads the signed-in person as an `Actor` for the policy module: roles, and the units a
 * manager covers with their descendants expanded once per request. Null when the person
 * does not exist or is deactivated.
 */
export async function loadActor(db: Db, personId: number): Promise<Actor | null> {
	const rows = await findActorRows(db, personId);
	const person = rows[0];
	if (!person || person.deactivatedAt) return null;
	const roles = rows.flatMap((r) =>
		r.role === null ? [] : [{ role: r.role, programmeId: r.roleProgrammeId, unitId: r.roleUnitId }]
	);
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
