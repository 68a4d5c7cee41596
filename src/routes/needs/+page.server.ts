import type { Actions, PageServerLoad } from './$types';
import { z } from 'zod';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { fields } from '#lib/server/core/validation.ts';
import { listUnitOptions } from '#lib/server/organisation/organisation.service.ts';
import { planFormAction } from '#lib/server/web/plans.forms.ts';
import { listTracks } from '#lib/server/catalogue/catalogue.service.ts';
import { needQuerySchema, needSchema } from '#lib/server/plans/plans.schema.ts';
import { canPrioritise, listNeeds, raiseNeed, setVote } from '#lib/server/plans/needs.service.ts';

const NOTICES = { raised: 'plans.needs.raised' } as const;

/** The needs inventory: filters, the list with votes, and the form to raise a need. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const raw = Object.fromEntries(
		[...url.searchParams].filter(([k, v]) => k !== 'notice' && k !== 'programme' && v !== '')
	);
	const parsed = needQuerySchema.safeParse(raw);
	const query = parsed.success ? parsed.data : {};
	const [needs, tracks, units] = await orNotFound(locals.locale, () =>
		Promise.all([
			listNeeds(db, actor, programmeId, query),
			listTracks(db, programmeId),
			listUnitOptions(db, programmeId)
		])
	);
	const notice = url.searchParams.get('notice');
	return {
		needs,
		tracks,
		units: units.filter((u) => !u.closed),
		query,
		office: canPrioritise(actor, programmeId),
		ownUnitId: actor.programmeId === programmeId ? actor.unitId : null,
		notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null
	};
};

export const actions: Actions = {
	raise: (event) =>
		planFormAction(
			event,
			'raise',
			needSchema,
			async ({ db, actor, data }) =>
				raiseNeed(db, actor, await pageProgramme(actor, event.locals, event.url), data),
			'raised'
		),
	vote: (event) =>
		planFormAction(
			event,
			'vote',
			z.object({ id: fields.id(), vote: z.enum(['yes', 'no']) }),
			({ db, actor, data }) => setVote(db, actor, data.id, data.vote === 'yes'),
			'voted'
		)
};
