import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { communityAction, readForm } from '#lib/server/web/community.http.ts';
import { getIssue, refreshIssue, sendIssueNow } from '#lib/server/newsletter/newsletter.service.ts';

/** One issue: members read a sent one; the office previews a draft as the e-mail and sends it. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	return {
		...(await orNotFound(locals.locale, () => getIssue(getDb(), actor, id, locals.locale))),
		notice: url.searchParams.get('notice')
	};
};

async function context(event: RequestEvent) {
	const actor = requirePageActor(event.locals, event.url);
	const id = idParam(event.params.id);
	if (id === null) pageNotFound(event.locals.locale);
	return { actor, id, ...(await readForm(event.request)) };
}

export const actions: Actions = {
	send: async (event) => {
		const { actor, id, values } = await context(event);
		const r = await communityAction(event.locals, 'send', values, () => sendIssueNow(getDb(), actor, id));
		if (!r.ok) return r.failure;
		redirect(303, `/newsletter/${id}?notice=sent`);
	},
	refresh: async (event) => {
		const { actor, id, values } = await context(event);
		const r = await communityAction(event.locals, 'send', values, () => refreshIssue(getDb(), actor, id));
		if (!r.ok) return r.failure;
		redirect(303, `/newsletter/${id}?notice=refreshed`);
	}
};
