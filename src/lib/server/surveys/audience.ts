import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { JOB_CATEGORIES, type Locale } from '../db/schema.ts';
import { descendantUnitIds, listUnits } from '../organisation/organisation.service.ts';
import { activeStaff, type ActiveStaffFilter } from '../people/people.service.ts';
import { processParticipantIds } from '../processes/processes.service.ts';
import { attendeesOf } from '../registrations/registrations.service.ts';
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
	const unknown: string[] = [];
	const staff = (filter: Omit<ActiveStaffFilter, 'programmeId'>) =>
		activeStaff(db, { ...filter, programmeId });
	switch (audience.kind) {
		case 'programme':
			return { people: await staff({}), unknown };
		case 'units': {
			const wanted = new Set(audience.unitIds);
			const own = (await listUnits(db, programmeId, { includeClosed: true })).filter((u) => wanted.has(u.id));
			const ids = [
				...(await descendantUnitIds(
					db,
					own.map((u) => u.id)
				))
			];
			if (ids.length === 0) return { people: [], unknown };
			return { people: await staff({ unitIds: ids }), unknown };
		}
		case 'jobCategories':
			return { people: await staff({ jobCategories: audience.jobCategories }), unknown };
		case 'session':
			return {
				people: await staff({
					personIds: await attendeesOf(db, programmeId, { sessionId: audience.sessionId })
				}),
				unknown
			};
		case 'activity':
			return {
				people: await staff({
					personIds: await attendeesOf(db, programmeId, { activityId: audience.activityId })
				}),
				unknown
			};
		case 'process':
			return {
				people: await staff({ personIds: await processParticipantIds(db, programmeId, audience.processId) }),
				unknown
			};
		case 'people': {
			const emails = [...new Set((audience.emails ?? []).map((e) => e.trim().toLowerCase()).filter(Boolean))];
			const ids = [...new Set(audience.personIds ?? [])];
			if (emails.length === 0 && ids.length === 0) return { people: [], unknown };
			const found = await staff({ personIds: ids, emails });
			const foundEmails = new Set(found.map((p) => p.email.toLowerCase()));
			const foundIds = new Set(found.map((p) => p.id));
			unknown.push(
				...emails.filter((e) => !foundEmails.has(e)),
				...ids.filter((i) => !foundIds.has(i)).map(String)
			);
			return { people: found, unknown };
		}
	}
}

/** Splits a pasted list of e-mail addresses (lines, commas, semicolons, spaces). */
export function splitEmails(text: string | undefined): string[] {
	return (text ?? '')
		.split(/[\s,;]+/)
		.map((e) => e.trim())
		.filter(Boolean);
}
