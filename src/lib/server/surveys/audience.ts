import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { JOB_CATEGORIES, type Locale } from '../db/schema.ts';
import { descendantUnitIds } from '../organisation/organisation.service.ts';
import { fields } from '../core/validation.ts';

/**
 * Who a survey goes to. An audience is described (kind + ids) and stored on the survey for
 * display; it is resolved to the active staff of the programme at the time of sending, so
 * sending the same audience again later only adds the people who joined since.
 */

const id = z.coerce.number({ error: 'error.unknownId' }).int().positive();

/** An audience description (form and API). */
export const audienceSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('programme') }),
	z.object({ kind: z.literal('units'), unitIds: z.array(id).min(1).max(500) }),
	z.object({ kind: z.literal('jobCategories'), jobCategories: z.array(z.enum(JOB_CATEGORIES)).min(1) }),
	z.object({ kind: z.literal('session'), sessionId: id }),
	z.object({ kind: z.literal('activity'), activityId: id }),
	z.object({ kind: z.literal('process'), processId: id }),
	z.object({
		kind: z.literal('people'),
		emails: z.array(fields.string().trim().max(254)).max(5000).optional(),
		personIds: z.array(id).max(5000).optional()
	})
]);
export type Audience = z.infer<typeof audienceSchema>;
export const AUDIENCE_KINDS = [
	'programme',
	'units',
	'jobCategories',
	'session',
	'activity',
	'process',
	'people'
] as const;

/** A person to invite. */
export interface AudienceMember {
	id: number;
	name: string;
	email: string;
	unitId: number | null;
	locale: Locale | null;
}

export interface ResolvedAudience {
	people: AudienceMember[];
	/** E-mails or ids in a `people` list that are not active staff of the programme. */
	unknown: string[];
}

/** Active staff of the programme matching the audience (sessions, activities and processes must be the programme's own). */
export async function resolveAudience(
	db: Db,
	programmeId: number,
	audience: Audience
): Promise<ResolvedAudience> {
	let q = db
		.selectFrom('people')
		.select(['people.id', 'people.name', 'people.email', 'people.unitId', 'people.locale'])
		.where('people.programmeId', '=', programmeId)
		.where('people.deactivatedAt', 'is', null);
	const unknown: string[] = [];
	switch (audience.kind) {
		case 'programme':
			break;
		case 'units': {
			const own = await db
				.selectFrom('units')
				.select('id')
				.where('programmeId', '=', programmeId)
				.where('id', 'in', audience.unitIds)
				.execute();
			const ids = [
				...(await descendantUnitIds(
					db,
					own.map((u) => u.id)
				))
			];
			if (ids.length === 0) return { people: [], unknown };
			q = q.where('people.unitId', 'in', ids);
			break;
		}
		case 'jobCategories':
			q = q.where('people.jobCategory', 'in', audience.jobCategories);
			break;
		case 'session':
			q = q.where((eb) =>
				eb.exists(
					eb
						.selectFrom('registrations')
						.innerJoin('sessions', 'sessions.id', 'registrations.sessionId')
						.innerJoin('activities', 'activities.id', 'sessions.activityId')
						.select('registrations.id')
						.whereRef('registrations.personId', '=', 'people.id')
						.where('registrations.sessionId', '=', audience.sessionId)
						.where('activities.programmeId', '=', programmeId)
						.where('registrations.status', '=', 'attended')
				)
			);
			break;
		case 'activity':
			q = q.where((eb) =>
				eb.exists(
					eb
						.selectFrom('registrations')
						.innerJoin('sessions', 'sessions.id', 'registrations.sessionId')
						.innerJoin('activities', 'activities.id', 'sessions.activityId')
						.select('registrations.id')
						.whereRef('registrations.personId', '=', 'people.id')
						.where('activities.id', '=', audience.activityId)
						.where('activities.programmeId', '=', programmeId)
						.where('registrations.status', '=', 'attended')
				)
			);
			break;
		case 'process':
			q = q.where((eb) =>
				eb.exists(
					eb
						.selectFrom('processParticipants')
						.innerJoin('processes', 'processes.id', 'processParticipants.processId')
						.select('processParticipants.personId')
						.whereRef('processParticipants.personId', '=', 'people.id')
						.where('processes.id', '=', audience.processId)
						.where('processes.programmeId', '=', programmeId)
				)
			);
			break;
		case 'people': {
			const emails = [...new Set((audience.emails ?? []).map((e) => e.trim().toLowerCase()).filter(Boolean))];
			const ids = [...new Set(audience.personIds ?? [])];
			if (emails.length === 0 && ids.length === 0) return { people: [], unknown };
			q = q.where((eb) =>
				eb.or([
					...(emails.length ? [eb('people.emailNormalized', 'in', emails)] : []),
					...(ids.length ? [eb('people.id', 'in', ids)] : [])
				])
			);
			const found = await q.orderBy('people.id').execute();
			const foundEmails = new Set(found.map((p) => p.email.toLowerCase()));
			const foundIds = new Set(found.map((p) => p.id));
			unknown.push(
				...emails.filter((e) => !foundEmails.has(e)),
				...ids.filter((i) => !foundIds.has(i)).map(String)
			);
			return { people: found, unknown };
		}
	}
	return { people: await q.orderBy('people.id').execute(), unknown };
}

/** Splits a pasted list of e-mail addresses (lines, commas, semicolons, spaces). */
export function splitEmails(text: string | undefined): string[] {
	return (text ?? '')
		.split(/[\s,;]+/)
		.map((e) => e.trim())
		.filter(Boolean);
}
