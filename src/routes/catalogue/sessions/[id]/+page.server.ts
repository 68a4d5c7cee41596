import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import {
	expressInterest,
	getSession,
	isInterested,
	withdrawInterest
} from '#lib/server/catalogue/catalogue.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { AccessDeniedError } from '#lib/server/policy/policy.ts';
import { cancelRegistration, register } from '#lib/server/registrations/registrations.service.ts';

const NOTICES = {
	registered: 'catalogue.session.registered',
	cancelled: 'catalogue.session.registrationCancelled',
	interest: 'catalogue.interest.saved',
	withdrawn: 'catalogue.interest.withdrawn'
} as const;

/** A session's page: details, materials, the actor's own registration and the buttons for it. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const db = getDb();
	const view = await orNotFound(locals.locale, () => getSession(db, actor, id));
	const interested = view.activity.interestOnly && (await isInterested(db, actor, view.activity.id));
	const notice = url.searchParams.get('notice');
	return {
		...view,
		interested,
		notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null
	};
};

/** Runs a registration action; rule refusals (closed, past, cancelled, full window…) become messages. */
async function run(
	event: RequestEvent,
	formName: string,
	work: (id: number, values: Record<string, unknown>) => Promise<unknown>,
	notice: keyof typeof NOTICES
) {
	const actor = requirePageActor(event.locals, event.url);
	const id = idParam(event.params.id);
	if (id === null || !actor) pageNotFound(event.locals.locale);
	const values = formToObject(await event.request.formData());
	const done = await pageAction(
		event.locals,
		() => work(id, values),
		(errors) => ({ form: formName, errors, values })
	);
	if (!done.ok) return done.failure;
	redirect(303, `/catalogue/sessions/${id}?notice=${notice}#mine`);
}

export const actions: Actions = {
	register: (event) =>
		run(event, 'registration', (id) => register(getDb(), event.locals.actor!, id), 'registered'),
	cancelRegistration: (event) =>
		run(
			event,
			'registration',
			async (_id, values) => {
				const registrationId = idParam(
					typeof values.registrationId === 'string' ? values.registrationId : null
				);
				if (registrationId === null) throw new AccessDeniedError();
				await cancelRegistration(getDb(), event.locals.actor!, registrationId);
			},
			'cancelled'
		),
	interest: (event) =>
		run(
			event,
			'interest',
			async (_id, values) => {
				const activityId = idParam(typeof values.activityId === 'string' ? values.activityId : null);
				if (activityId === null) throw new AccessDeniedError();
				if (values.withdraw === 'yes') await withdrawInterest(getDb(), event.locals.actor!, activityId);
				else await expressInterest(getDb(), event.locals.actor!, activityId, { comment: values.comment });
			},
			'interest'
		)
};
