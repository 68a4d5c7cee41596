import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import {
	addWalkIn,
	getAttendance,
	markAllPresent,
	markAttendance
} from '#lib/server/registrations/attendance.service.ts';

/** The attendance list of one session (its trainers and the programme office). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const personQuery = url.searchParams.get('person') ?? '';
	return {
		attendance: await orNotFound(locals.locale, () => getAttendance(getDb(), actor, id, { personQuery }))
	};
};

/** Person ids from repeated form fields; anything that is not a positive integer is passed on as-is to be refused. */
function ids(form: FormData, name: string): unknown[] {
	return form.getAll(name).map((v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v));
}

export const actions: Actions = {
	/** Ticked people present, the other listed people absent. */
	save: async ({ locals, url, params, request }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		const form = await request.formData();
		const present = ids(form, 'present');
		const absent = ids(form, 'listed').filter((p) => !present.includes(p));
		const done = await pageAction(
			locals,
			() => markAttendance(getDb(), actor, id, { present, absent }),
			(errors) => ({ errors })
		);
		if (!done.ok) return done.failure;
		return { saved: true };
	},
	/** A walk-in: someone found with the person search, added and marked present at once. */
	walkIn: async ({ locals, url, params, request }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		const form = await request.formData();
		const done = await pageAction(
			locals,
			() => addWalkIn(getDb(), actor, id, { personId: form.get('personId') ?? '' }),
			(errors) => ({ walkInErrors: errors })
		);
		if (!done.ok) return done.failure;
		return { walkInAdded: { name: done.value.personName, walkIn: done.value.walkIn } };
	},
	/** Everyone present; the page then shows all ticked so exceptions can be unticked. */
	all: async ({ locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const id = idParam(params.id);
		if (id === null) pageNotFound(locals.locale);
		const done = await pageAction(
			locals,
			() => markAllPresent(getDb(), actor, id),
			(errors) => ({ errors })
		);
		if (!done.ok) return done.failure;
		return { saved: true };
	}
};
