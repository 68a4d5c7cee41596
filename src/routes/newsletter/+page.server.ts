import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { communityAction, readForm } from '#lib/server/web/community.http.ts';
import {
	getSettings,
	listIssues,
	mySubscription,
	prepareIssueNow,
	setMySubscription,
	updateSettings
} from '#lib/server/newsletter/newsletter.service.ts';

/** Past issues, the person's own choice, and (office) the programme's settings. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const page = url.searchParams.get('page');
	return {
		...(await orNotFound(locals.locale, () =>
			listIssues(db, actor, programmeId, { page: /^\d{1,6}$/.test(page ?? '') ? page : 1 })
		)),
		settings: await getSettings(db, actor, programmeId),
		subscription: await mySubscription(db, actor),
		notice: url.searchParams.get('notice')
	};
};

export const actions: Actions = {
	subscription: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const { values } = await readForm(request);
		const r = await communityAction(locals, 'subscription', values, () =>
			setMySubscription(getDb(), actor, values)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/newsletter?notice=${values.subscribed ? 'subscribed' : 'unsubscribed'}`);
	},
	settings: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const { values } = await readForm(request);
		const r = await communityAction(locals, 'settings', values, () =>
			updateSettings(getDb(), actor, programmeId, values)
		);
		if (!r.ok) return r.failure;
		redirect(303, '/newsletter?notice=settings');
	},
	prepare: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const { values } = await readForm(request);
		const r = await communityAction(locals, 'prepare', values, () =>
			prepareIssueNow(getDb(), actor, programmeId)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/newsletter/${r.value}?notice=prepared`);
	}
};
