import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { pageId, planFormAction } from '#lib/server/web/plans.forms.ts';
import { swotItemSchema, swotMoveSchema } from '#lib/server/plans/plans.schema.ts';
import {
	addSwotItem,
	archiveSwotItem,
	getSwotBoard,
	moveSwotItem,
	swotProgrammeOfUnit
} from '#lib/server/plans/swot.service.ts';
import { z } from 'zod';
import { fields } from '#lib/server/core/validation.ts';

const NOTICES = { added: 'plans.swot.added', archived: 'plans.swot.archived' } as const;

/** A workplace's SWOT board. */
export const load: PageServerLoad = async (event) => {
	const actor = requirePageActor(event.locals, event.url);
	const unitId = pageId(event, 'unitId');
	const db = getDb();
	const board = await orNotFound(event.locals.locale, async () =>
		getSwotBoard(db, actor, await swotProgrammeOfUnit(db, actor, unitId), unitId)
	);
	const notice = event.url.searchParams.get('notice');
	return {
		actorId: actor.personId,
		board,
		notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null
	};
};

export const actions: Actions = {
	add: (event) =>
		planFormAction(
			event,
			'add',
			swotItemSchema.omit({ unitId: true }),
			async ({ db, actor, data }) => {
				const unitId = pageId(event, 'unitId');
				await addSwotItem(db, actor, await swotProgrammeOfUnit(db, actor, unitId), { ...data, unitId });
			},
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
