import type { Db } from '../db/database.ts';
import { descendantUnitIds } from '../organisation/organisation.service.ts';
import { AccessDeniedError, type Actor, type Resource } from '../policy/policy.ts';
import { findPersonFacts, findUnitFacts } from './plans.repository.ts';

/** Builds the policy resources for SWOT, needs and plans from stored facts. */

export type WorkplaceResource = Extract<Resource, { type: 'workplace' }>;
export type PersonalPlanResource = Extract<Resource, { type: 'personalPlan' }>;

/**
 * The `workplace` resource of a unit. `member`: the actor's own unit is this unit or a team
 * below it. An unknown unit is refused like a forbidden one.
 */
export async function workplaceResource(
	db: Db,
	actor: Actor,
	unitId: number
): Promise<{ unit: NonNullable<Awaited<ReturnType<typeof findUnitFacts>>>; resource: WorkplaceResource }> {
	const unit = await findUnitFacts(db, unitId);
	if (!unit) throw new AccessDeniedError();
	const member =
		actor.unitId !== null &&
		actor.programmeId === unit.programmeId &&
		(await descendantUnitIds(db, [unitId])).has(actor.unitId);
	return { unit, resource: { type: 'workplace', programmeId: unit.programmeId, unitId, member } };
}

/** The `personalPlan` resource of a person (their individual plans and dialogues). */
export async function personalPlanResource(
	db: Db,
	personId: number
): Promise<{ person: { id: number; name: string; unitId: number | null }; resource: PersonalPlanResource }> {
	const person = await findPersonFacts(db, personId);
	if (!person || person.programmeId === null) throw new AccessDeniedError();
	return {
		person: { id: person.id, name: person.name, unitId: person.unitId },
		resource: {
			type: 'personalPlan',
			programmeId: person.programmeId,
			personId,
			unitId: person.unitId
		}
	};
}

/**
 * The resource for a programme-wide decision (needs without a unit, the programme's SWOT):
 * `prioritise` and `manage` on a workplace resource hold for the office only when no unit
 * manager can match (unit id 0 never exists).
 */
export function programmeWorkplace(programmeId: number): WorkplaceResource {
	return { type: 'workplace', programmeId, unitId: 0, member: false };
}
