import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { communityAction, readForm } from '#lib/server/web/community.http.ts';
import {
	addMeeting,
	addMember,
	getNetwork,
	removeMember,
	setNetworkContact,
	updateNetwork
} from '#lib/server/networks/networks.service.ts';

/**
 * A network: purpose, contact, members inside and outside the programme, meetings; for those
 * who keep it, the edit form and the shared person pickers (GET `member`, `contact`).
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	return {
		...(await orNotFound(locals.locale, () =>
			getNetwork(getDb(), actor, id, {
				member: url.searchParams.get('member'),
				contact: url.searchParams.get('contact')
			})
		)),
		terms: { member: url.searchParams.get('member') ?? '', contact: url.searchParams.get('contact') ?? '' },
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
	update: async (event) => {
		const { actor, id, values } = await context(event);
		const r = await communityAction(event.locals, 'network', values, () =>
			updateNetwork(getDb(), actor, id, values)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/networks/${id}?notice=saved`);
	},
	member: async (event) => {
		const { actor, id, values } = await context(event);
		// A colleague chosen with the picker (or by e-mail, without it), else someone from outside.
		const input = values.personId
			? { personId: values.personId }
			: values.email
				? { email: values.email }
				: {
						externalName: values.externalName ?? '',
						externalOrganisation: values.externalOrganisation ?? '',
						externalEmail: values.externalEmail ?? ''
					};
		const r = await communityAction(event.locals, 'member', values, () =>
			addMember(getDb(), actor, id, input)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/networks/${id}?notice=member#members`);
	},
	contact: async (event) => {
		const { actor, id, values } = await context(event);
		const r = await communityAction(event.locals, 'contact', values, () =>
			setNetworkContact(getDb(), actor, id, values)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/networks/${id}?notice=contact`);
	},
	removeMember: async (event) => {
		const { actor, id, values } = await context(event);
		const memberId = idParam(typeof values.memberId === 'string' ? values.memberId : null);
		if (memberId === null) pageNotFound(event.locals.locale);
		const r = await communityAction(event.locals, 'member', values, () =>
			removeMember(getDb(), actor, id, memberId)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/networks/${id}?notice=removed#members`);
	},
	meeting: async (event) => {
		const { actor, id, values } = await context(event);
		const r = await communityAction(event.locals, 'meeting', values, () =>
			addMeeting(getDb(), actor, id, values)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/networks/${id}?notice=meeting#meetings`);
	}
};
