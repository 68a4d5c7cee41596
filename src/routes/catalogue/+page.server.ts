import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { catalogueQuerySchema } from '#lib/server/catalogue/catalogue.schema.ts';
import {
	expressInterest,
	listCatalogue,
	listTracks,
	withdrawInterest
} from '#lib/server/catalogue/catalogue.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { programmeTimeZone } from '#lib/server/organisation/organisation.service.ts';
import { ACTIVITY_TYPES, LEARNING_FORMS } from '#lib/server/db/schema.ts';
import {
	idParam,
	orNotFound,
	pageAction,
	pageNotFound,
	pageProgramme,
	requirePageActor
} from '#lib/server/web/route.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { can } from '#lib/server/policy/policy.ts';

const PAGE_SIZE = 20;

const NOTICES = { interest: 'catalogue.interest.saved', withdrawn: 'catalogue.interest.withdrawn' } as const;

/** The catalogue: filters and paging come from the query string, so every view is a link. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const raw = Object.fromEntries([...url.searchParams].filter(([k, v]) => v.trim() !== '' && k !== 'notice'));
	// A hand-edited, invalid query falls back to the defaults rather than an error page.
	const parsed = catalogueQuerySchema.safeParse({ pageSize: String(PAGE_SIZE), ...raw });
	const query = parsed.success ? parsed.data : catalogueQuerySchema.parse({ pageSize: String(PAGE_SIZE) });
	const [page, tracks, timeZone] = await orNotFound(locals.locale, () =>
		Promise.all([
			listCatalogue(db, actor, programmeId, query),
			listTracks(db, programmeId),
			programmeTimeZone(db, programmeId)
		])
	);
	const notice = url.searchParams.get('notice');
	return {
		page,
		tracks,
		types: ACTIVITY_TYPES,
		forms: LEARNING_FORMS,
		timeZone,
		invalidQuery: !parsed.success,
		canReadInterest: can(actor, 'readInterest', { type: 'programmeAdmin', programmeId }),
		query: {
			q: query.q ?? '',
			trackId: query.trackId ?? null,
			type: query.type ?? '',
			learningForm: query.learningForm ?? '',
			from: query.from ?? '',
			to: query.to ?? '',
			mode: query.mode ?? '',
			freeSeats: query.freeSeats,
			forMyJob: query.forMyJob
		},
		notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null
	};
};

export const actions: Actions = {
	/** Expresses (or, with `withdraw`, takes back) interest in an interest-only activity. */
	interest: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const values = formToObject(await request.formData());
		const activityId = idParam(typeof values.activityId === 'string' ? values.activityId : null);
		if (activityId === null) pageNotFound(locals.locale);
		const done = await pageAction(
			locals,
			() =>
				values.withdraw === 'yes'
					? withdrawInterest(getDb(), actor, activityId)
					: expressInterest(getDb(), actor, activityId, { comment: values.comment }),
			(errors) => ({ form: `interest-${activityId}`, errors, values })
		);
		if (!done.ok) return done.failure;
		const back = new URLSearchParams(url.searchParams);
		back.set('notice', values.withdraw === 'yes' ? 'withdrawn' : 'interest');
		redirect(303, `/catalogue?${back.toString()}#interest`);
	}
};
