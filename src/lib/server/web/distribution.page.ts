import { sessionName } from '#lib/i18n/session-label.ts';
import type { Db } from '../db/database.ts';
import { JOB_CATEGORIES } from '../db/schema.ts';
import { surveyAudienceOptions } from '../catalogue/catalogue.service.ts';
import { listUnits, unitPath } from '../organisation/organisation.service.ts';
import { processOptions } from '../processes/processes.service.ts';
import { splitEmails } from '../surveys/audience.ts';

/**
 * Form glue for the distribute page: the choices offered (units, past sessions, activities,
 * processes of the programme) and the mapping between form fields and an audience.
 */

export interface AudienceChoices {
	units: { id: number; label: string }[];
	sessions: { id: number; label: string; startsAt: string }[];
	activities: { id: number; label: string }[];
	processes: { id: number; label: string }[];
	jobCategories: readonly string[];
}

/** What the office can pick from, in one programme. */
export async function audienceChoices(db: Db, programmeId: number): Promise<AudienceChoices> {
	const [units, { sessions, activities }, processes] = await Promise.all([
		listUnits(db, programmeId),
		surveyAudienceOptions(db, programmeId),
		processOptions(db, programmeId)
	]);
	// Full paths only for a modest tree; large programmes get names (the path costs a query per unit).
	const labels =
		units.length <= 200 ? await Promise.all(units.map((u) => unitPath(db, u.id))) : units.map((u) => u.name);
	return {
		units: units
			.map((u, i) => ({ id: u.id, label: labels[i]! }))
			.sort((a, b) => a.label.localeCompare(b.label, 'sv')),
		sessions: sessions.map((s) => ({
			id: s.id,
			label: sessionName({ activityTitle: s.activityTitle, sessionTitle: s.title }),
			startsAt: s.startsAt
		})),
		activities: activities.map((a) => ({ id: a.id, label: a.title })),
		processes: processes.map((p) => ({ id: p.id, label: p.title })),
		jobCategories: JOB_CATEGORIES
	};
}

/** Builds the send input from the posted form (field names as on the page). */
export function sendInputFromForm(form: FormData): {
	audience: Record<string, unknown>;
	opensOn?: string;
	closesOn?: string;
} {
	const text = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
	};
	const kind = text('kind');
	const audience: Record<string, unknown> = { kind };
	if (kind === 'units') audience.unitIds = form.getAll('unitId').filter((v) => v !== '');
	if (kind === 'jobCategories') audience.jobCategories = form.getAll('jobCategories');
	if (kind === 'session') audience.sessionId = text('sessionId');
	if (kind === 'activity') audience.activityId = text('activityId');
	if (kind === 'process') audience.processId = text('processId');
	if (kind === 'people') audience.emails = splitEmails(text('emails'));
	return { audience, opensOn: text('opensOn') ?? '', closesOn: text('closesOn') ?? '' };
}

/** Error keys from the service (`audience.unitIds`) → the page's field names (`unitId`). */
export function formFieldErrors(errors: Record<string, string[]>): Record<string, string[]> {
	const rename: Record<string, string> = {
		'audience.kind': 'kind',
		audience: 'kind',
		'audience.unitIds': 'unitId',
		'audience.jobCategories': 'jobCategories',
		'audience.sessionId': 'sessionId',
		'audience.activityId': 'activityId',
		'audience.processId': 'processId',
		'audience.emails': 'emails'
	};
	const out: Record<string, string[]> = {};
	for (const [k, v] of Object.entries(errors)) {
		const key =
			rename[k] ??
			(k.startsWith('audience.unitIds')
				? 'unitId'
				: k.startsWith('audience.jobCategories')
					? 'jobCategories'
					: k.startsWith('audience.emails')
						? 'emails'
						: k);
		(out[key] ??= []).push(...v);
	}
	return out;
}
