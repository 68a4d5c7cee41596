import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import { FieldsRuleError } from '../core/errors.ts';
import {
	AccessDeniedError,
	authorize,
	can,
	sessionResource,
	type Actor,
	type Resource
} from '../policy/policy.ts';
import { findActivity, findSession, trainersOf, type SessionRow } from './catalogue.repository.ts';

/**
 * What the catalogue services share: their error, input parsing, the policy's view of
 * activities and sessions, and the loaders that refuse unknown and forbidden alike.
 */

/** Invalid input or a broken rule, with an i18n key (and parameters) per field, or a zod error. */
export class CatalogueError extends FieldsRuleError {}

export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const parsed = schema.safeParse(input);
	if (!parsed.success) throw new CatalogueError({}, parsed.error);
	return parsed.data;
}

// ---------------------------------------------------------------------------------------------
// Policy resources

/** The policy's view of an activity: published means published and not archived. */
export function activityResource(row: {
	id: number;
	programmeId: number;
	publishedAt: string | null;
	archivedAt?: string | null;
}): Extract<Resource, { type: 'activity' }> {
	return {
		type: 'activity',
		id: row.id,
		programmeId: row.programmeId,
		published: row.publishedAt !== null && !row.archivedAt
	};
}

/** The policy's view of a catalogue session row. */
export function sessionResourceOf(row: SessionRow, trainerIds: readonly number[]) {
	return sessionResource({
		id: row.id,
		programmeId: row.programmeId,
		published: row.activityPublishedAt !== null && !row.activityArchivedAt,
		trainerIds
	});
}

export function officeOf(actor: Actor, programmeId: number): boolean {
	return can(actor, 'create', { type: 'activity', id: 0, programmeId, published: false });
}

export async function sessionOr404(
	db: Db,
	actor: Actor,
	id: number,
	action: 'read' | 'update' | 'cancel' = 'read'
) {
	const row = await findSession(db, id);
	// Unknown and refused look the same.
	if (!row) throw new AccessDeniedError();
	const trainers = (await trainersOf(db, [id])).get(id) ?? [];
	authorize(
		actor,
		action,
		sessionResourceOf(
			row,
			trainers.map((t) => t.id)
		)
	);
	return { row, trainers };
}

export async function activityOr404(
	db: Db,
	actor: Actor,
	id: number,
	action: 'read' | 'update' | 'expressInterest'
) {
	const row = await findActivity(db, id);
	if (!row) throw new AccessDeniedError();
	authorize(actor, action, activityResource(row));
	return row;
}
