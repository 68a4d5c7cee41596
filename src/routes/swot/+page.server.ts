import type { Actions, PageServerLoad } from './$types';
import { z } from 'zod';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { fields } from '#lib/server/core/validation.ts';
import { listUnitOptions } from '#lib/server/organisation/organisation.service.ts';
import { planFormAction } from '#lib/server/web/plans.forms.ts';
import { swotItemSchema, swotMoveSchema } from '#lib/server/plans/plans.schema.ts';
import {
	addSwotItem,
	archiveSwotItem,
	getSwotBoard,
	moveSwotItem,
	programmeSwotThemes
} from '#lib/server/plans/swot.service.ts';

const NOTICES = { added: 'plans.swot.added', archived: 'plans.swot.archived' } as const;

/** The programme's own SWOT board, the themes that recur across workplaces, and links to every board. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const [board, themes, units] = await orNotFound(locals.locale, () =>
		Promise.all([
			getSwotBoard(db, actor, programmeId, null),
			programmeSwotThemes(db, actor, programmeId),
			listUnitOptions(db, programmeId)
		])
	);
	const notice = url.searchParams.get('notice');
	return {
		actorId: actor.personId,
		board,
		themes,
		units: units.filter((u) => !u.closed),
		notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null
	};
};

export const actions: Actions = {
	add: (event) =>
		planFormAction(
			event,
			'add',
			swotItemSchema.omit({ unitId: true }),
			async ({ db, actor, data }) =>
				addSwotItem(db, actor, await pageProgramme(actor, event.locals, event.url), data),
			'added'
		),
	move: (event) =>
		planFormAction(
			event,
			'move',
			swotMoveSchema,
			({ db, actor, data }) => moveSwotItem(db, actor, data.id, data.direction),
			'moved'
		),
	archive: (event) =>
		planFormAction(
			event,
			'archive',
			z.object({ id: fields.id() }),
			({ db, actor, data }) => archiveSwotItem(db, actor, data.id),
			'archived'
		)
};
