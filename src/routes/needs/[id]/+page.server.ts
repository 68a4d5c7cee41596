import type { Actions, PageServerLoad } from './$types';
import { z } from 'zod';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { pageId, planFormAction } from '#lib/server/web/plans.forms.ts';
import { listActivityOptions, listTracks } from '#lib/server/catalogue/catalogue.service.ts';
import { needDecisionSchema } from '#lib/server/plans/plans.schema.ts';
import { canPrioritise, decideNeed, getNeed, setVote } from '#lib/server/plans/needs.service.ts';

const NOTICES = { decided: 'plans.needs.decided' } as const;

/** One need: details, voting, and the office's decision form. */
export const load: PageServerLoad = async (event) => {
	const actor = requirePageActor(event.locals, event.url);
	const id = pageId(event, 'id');
	const db = getDb();
	const need = await orNotFound(event.locals.locale, () => getNeed(db, actor, id));
	const office = canPrioritise(actor, need.programmeId);
	const [tracks, activities] = office
		? await Promise.all([listTracks(db, need.programmeId), listActivityOptions(db, need.programmeId)])
		: [[], []];
	const notice = event.url.searchParams.get('notice');
	return {
		need,
		office,
		tracks,
		activities,
		notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null
	};
};

export const actions: Actions = {
	vote: (event) =>
		planFormAction(
			event,
			'vote',
			z.object({ vote: z.enum(['yes', 'no']) }),
			({ db, actor, data }) => setVote(db, actor, pageId(event, 'id'), data.vote === 'yes'),
			'voted'
		),
	decide: (event) =>
		planFormAction(
			event,
			'decide',
			needDecisionSchema,
			({ db, actor, data }) => decideNeed(db, actor, pageId(event, 'id'), data),
			'decided'
		)
};
