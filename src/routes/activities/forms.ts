import { ACTIVITY_TYPES, JOB_CATEGORIES, LEARNING_FORMS } from '#lib/server/db/schema.ts';
import type { Db } from '#lib/server/db/index.ts';
import { listTracks } from '#lib/server/catalogue/catalogue.service.ts';
import { listUnitOptions } from '#lib/server/organisation/organisation.service.ts';

/**
 * Form plumbing shared by the activity pages: a submitted form means "these are all the
 * values", so an emptied optional field or an unticked box clears it (the service's PATCH
 * semantics would otherwise keep the old value).
 */
export function activityInput(values: Record<string, unknown>): Record<string, unknown> {
	return {
		...values,
		trackId: values.trackId ?? null,
		provider: values.provider ?? null,
		cost: values.cost ?? null,
		descriptionHtml: values.descriptionHtml ?? '',
		interestOnly: values.interestOnly ?? false,
		targetJobCategories: values.targetJobCategories ?? [],
		targetUnitIds: values.targetUnitIds ?? []
	};
}

export function sessionInput(values: Record<string, unknown>): Record<string, unknown> {
	const { sessionId: _ignored, ...rest } = values;
	return {
		...rest,
		title: values.title ?? null,
		place: values.place ?? null,
		onlineUrl: values.onlineUrl ?? null,
		recordingUrl: values.recordingUrl ?? null,
		registrationOpensAt: values.registrationOpensAt ?? null,
		registrationClosesAt: values.registrationClosesAt ?? null,
		requiresApproval: values.requiresApproval ?? false,
		trainerIds: values.trainerIds ?? []
	};
}

/** Choices for the activity form. */
export async function activityOptions(db: Db, programmeId: number) {
	const [tracks, units] = await Promise.all([
		listTracks(db, programmeId),
		listUnitOptions(db, programmeId, { includeClosed: false })
	]);
	return { tracks, units, types: ACTIVITY_TYPES, forms: LEARNING_FORMS, jobCategories: JOB_CATEGORIES };
}
