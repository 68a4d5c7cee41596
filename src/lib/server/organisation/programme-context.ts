import type { Db } from '../db/database.ts';
import { belongsTo, isAdmin, programmeIdsOf, type Actor } from '../policy/policy.ts';

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
		if (!isAdmin(actor)) return requested;
		const exists = await db
			.selectFrom('programmes')
			.select('id')
			.where('id', '=', requested)
			.executeTakeFirst();
		if (exists) return requested;
	}
	if (actor.programmeId !== null) return actor.programmeId;
	const ids = programmeIdsOf(actor);
	if (ids && ids.length > 0) return ids[0] ?? null;
	if (isAdmin(actor)) {
		const first = await db.selectFrom('programmes').select('id').orderBy('id').executeTakeFirst();
		return first?.id ?? null;
	}
	return null;
}
