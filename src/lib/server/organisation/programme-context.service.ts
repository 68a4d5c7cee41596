import type { Db } from '../db/database.ts';
import { belongsTo, programmeIdsOf, seesEveryProgramme, type Actor } from '../policy/policy.ts';
import { findProgramme, firstProgrammeId } from './organisation.repository.ts';

/**
 * The programme a request works in. A person may belong to several programmes; the one
 * asked for (`?programme=ID`) wins when the actor belongs to it, otherwise their staff
 * programme, then the first programme of their roles. Admins fall back to the first
 * programme. Null when there is none.
 */
export async function resolveProgrammeId(
	db: Db,
	actor: Actor,
	requested?: number | null
): Promise<number | null> {
	if (requested && belongsTo(actor, requested)) {
		if (!seesEveryProgramme(actor)) return requested;
		if (await findProgramme(db, requested)) return requested;
	}
	if (actor.programmeId !== null) return actor.programmeId;
	const ids = programmeIdsOf(actor);
	if (ids && ids.length > 0) return ids[0] ?? null;
	if (seesEveryProgramme(actor)) return (await firstProgrammeId(db)) ?? null;
	return null;
}
