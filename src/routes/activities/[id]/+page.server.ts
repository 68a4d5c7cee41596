import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '#lib/i18n/index.ts';
import {
	addMaterial,
	archiveActivity,
	cancelSession,
	createSession,
	deleteMaterial,
	getActivity,
	listInterest,
	listTrainerOptions,
	publishActivity,
	sessionContext,
	unpublishActivity,
	updateActivity,
	updateSession
} from '#lib/server/catalogue/catalogue.service.ts';
import type { Db } from '#lib/server/db/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { programmeTimeZone } from '#lib/server/organisation/organisation.service.ts';
import { activityEvaluations } from '#lib/server/surveys/course-evaluation.service.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { formAction } from '#lib/server/web/people.http.ts';
import { activityInput, activityOptions, sessionInput } from '../forms.ts';

const NOTICES = {
	created: 'activities.new.created',
	saved: 'activities.detail.saved',
	published: 'activities.detail.published',
	unpublished: 'activities.detail.unpublished',
	archived: 'activities.detail.archived',
	uploaded: 'activities.materials.added',
	removed: 'activities.materials.deleted',
	sessionAdded: 'activities.sessions.created',
	sessionSaved: 'activities.sessions.saved',
	sessionCancelled: 'activities.sessions.cancelled'
} as const;

/**
 * One activity for administration: details, publishing, materials, sessions (add, edit,
 * cancel) and interest. Anyone who may read the activity sees it; only the office gets the
 * forms; managers see their own staff's interest.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const db = getDb();
	const view = await orNotFound(locals.locale, () => getActivity(db, actor, id));
	const programmeId = view.activity.programmeId;
	const trainerIds = [...new Set(view.sessions.flatMap((s) => s.trainers.map((x) => x.id)))];
	const [options, trainers, interest, timeZone, evaluations] = await Promise.all([
		view.abilities.update ? activityOptions(db, programmeId) : null,
		view.abilities.update ? listTrainerOptions(db, actor, programmeId, trainerIds) : [],
		view.abilities.readInterest ? listInterest(db, actor, id) : null,
		programmeTimeZone(db, programmeId),
		activityEvaluations(db, actor, id, locals.locale)
	]);
	const notice = url.searchParams.get('notice');
	return {
		...view,
		options,
		trainers,
		interest,
		timeZone,
		evaluations,
		notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null
	};
};

async function context(event: RequestEvent) {
	const actor = requirePageActor(event.locals, event.url);
	const id = idParam(event.params.id);
	if (id === null) pageNotFound(event.locals.locale);
	const form = await event.request.formData();
	return { actor, id, form, values: formToObject(form), db: getDb() };
}

function sessionIdOf(event: RequestEvent, values: Record<string, unknown>): number {
	const id = idParam(typeof values.sessionId === 'string' ? values.sessionId : null);
	if (id === null) pageNotFound(event.locals.locale);
	return id;
}

export const actions: Actions = {
	update: async (event) => {
		const { actor, id, values, db } = await context(event);
		const r = await formAction(event.locals, 'activity', values, () =>
			updateActivity(db, actor, id, activityInput(values))
		);
		if (!r.ok) return r.failure;
		redirect(303, `/activities/${id}?notice=saved`);
	},
	publish: async (event) => {
		const { actor, id, values, db } = await context(event);
		const r = await formAction(event.locals, 'publishing', values, () => publishActivity(db, actor, id));
		if (!r.ok) return r.failure;
		redirect(303, `/activities/${id}?notice=published`);
	},
	unpublish: async (event) => {
		const { actor, id, values, db } = await context(event);
		const r = await formAction(event.locals, 'publishing', values, () => unpublishActivity(db, actor, id));
		if (!r.ok) return r.failure;
		redirect(303, `/activities/${id}?notice=unpublished`);
	},
	archive: async (event) => {
		const { actor, id, values, db } = await context(event);
		const r = await formAction(event.locals, 'publishing', values, () => archiveActivity(db, actor, id));
		if (!r.ok) return r.failure;
		redirect(303, `/activities/${id}?notice=archived`);
	},
	upload: async (event) => {
		const { actor, id, form, values, db } = await context(event);
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, {
				form: 'material',
				errors: { file: [translate(event.locals.locale, 'catalogue.error.fileEmpty')] },
				values
			});
		const content = new Uint8Array(await file.arrayBuffer());
		const r = await formAction(event.locals, 'material', values, () =>
			addMaterial(db, actor, id, { name: file.name, type: file.type, content })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/activities/${id}?notice=uploaded#materials`);
	},
	deleteMaterial: async (event) => {
		const { actor, id, values, db } = await context(event);
		const materialId = idParam(typeof values.materialId === 'string' ? values.materialId : null);
		if (materialId === null) pageNotFound(event.locals.locale);
		const r = await formAction(event.locals, 'material', values, () =>
			deleteMaterial(db, actor, id, materialId)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/activities/${id}?notice=removed#materials`);
	},
	addSession: async (event) => {
		const { actor, id, values, db } = await context(event);
		const r = await formAction(event.locals, 'newSession', values, () =>
			createSession(db, actor, id, sessionInput(values))
		);
		if (!r.ok) return r.failure;
		redirect(303, `/activities/${id}?notice=sessionAdded#session-${r.value.id}`);
	},
	updateSession: async (event) => {
		const { actor, id, values, db } = await context(event);
		const sessionId = sessionIdOf(event, values);
		await ensureSessionOf(db, id, sessionId, event);
		const r = await formAction(event.locals, `session-${sessionId}`, values, () =>
			updateSession(db, actor, sessionId, sessionInput(values))
		);
		if (!r.ok) return r.failure;
		redirect(303, `/activities/${id}?notice=sessionSaved#session-${sessionId}`);
	},
	cancelSession: async (event) => {
		const { actor, id, values, db } = await context(event);
		const sessionId = sessionIdOf(event, values);
		const formName = `cancel-${sessionId}`;
		if (values.confirm !== 'yes')
			return fail(400, {
				form: formName,
				errors: { confirm: [translate(event.locals.locale, 'catalogue.error.confirm')] },
				values
			});
		await ensureSessionOf(db, id, sessionId, event);
		const r = await formAction(event.locals, formName, values, () =>
			cancelSession(db, actor, sessionId, { reason: values.reason })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/activities/${id}?notice=sessionCancelled#session-${sessionId}`);
	}
};

/** The session must belong to this activity (the URL says which one is being edited), else 404. */
async function ensureSessionOf(db: Db, activityId: number, sessionId: number, event: RequestEvent) {
	const session = await sessionContext(db, sessionId);
	if (!session || session.activityId !== activityId) pageNotFound(event.locals.locale);
}
