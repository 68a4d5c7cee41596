import type { Db } from '../db/database.ts';
import { authorize, personScope, type Actor } from '../policy/policy.ts';
import { deleteInterest, interestedIn, interestOf, upsertInterest } from './catalogue.repository.ts';
import { activityOr404, CatalogueError, parse } from './catalogue.access.ts';
import { interestSchema } from './catalogue.schema.ts';

/** Interest: staff say they would come to an interest-only activity; the office and managers read it. */

/** Expresses interest in a published interest-only activity (staff of the programme). Twice is harmless. */
export async function expressInterest(
	db: Db,
	actor: Actor,
	activityId: number,
	input: unknown = {}
): Promise<void> {
	const activity = await activityOr404(db, actor, activityId, 'expressInterest');
	if (Number(activity.interestOnly) !== 1)
		throw new CatalogueError({ _form: 'catalogue.error.notInterestOnly' }, undefined, true);
	const { comment } = parse(interestSchema, input);
	await upsertInterest(db, activityId, actor.personId, comment);
}

/** Takes back one's interest. */
export async function withdrawInterest(db: Db, actor: Actor, activityId: number): Promise<void> {
	await activityOr404(db, actor, activityId, 'read');
	await deleteInterest(db, activityId, actor.personId);
}

/** Interest in an activity: the office sees everyone, a manager their own staff (units and below). */
export async function listInterest(db: Db, actor: Actor, activityId: number) {
	const activity = await activityOr404(db, actor, activityId, 'read');
	authorize(actor, 'readInterest', { type: 'programmeAdmin', programmeId: activity.programmeId });
	const scope = personScope(actor, activity.programmeId);
	return interestOf(
		db,
		activityId,
		scope.kind === 'all' ? undefined : scope.kind === 'units' ? scope.unitIds : []
	);
}

/** Has the actor expressed interest in this activity? */
export async function isInterested(db: Db, actor: Actor, activityId: number): Promise<boolean> {
	return (await interestedIn(db, actor.personId, [activityId])).has(activityId);
}
