import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { translate, type MessageKey } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { UNIT_TYPES, type Unit } from '#lib/server/db/schema.ts';
import { formToObject, parseForm } from '#lib/server/core/validation.ts';
import { idParam, orNotFound, pageAction, requirePageActor } from '#lib/server/web/route.ts';
import { unitMoveSchema, unitRenameSchema } from '#lib/server/organisation/organisation.schema.ts';
import {
	closeUnit,
	getProgramme,
	moveTargets,
	moveUnit,
	renameUnit,
	reopenUnit,
	unitDetail
} from '#lib/server/organisation/organisation.service.ts';
import { can } from '#lib/server/policy/policy.ts';

const pick = (u: Unit) => ({
	id: u.id,
	name: u.name,
	kind: u.kind,
	closedAt: u.closedAt
});

/** A unit: its place in the tree, sub-units, active people and, for the office, the edit forms. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const db = getDb();
	const id = idParam(params.id);
	if (id === null) error(404, translate(locals.locale, 'error.notFound'));
	const detail = await orNotFound(locals.locale, () =>
		unitDetail(db, actor, id, { includeClosedChildren: true })
	);
	const { unit } = detail;
	const canEdit = can(actor, 'update', { type: 'unit', id, programmeId: unit.programmeId });
	const [programme, targets] = await Promise.all([
		getProgramme(db, actor, unit.programmeId),
		canEdit && !unit.closedAt ? moveTargets(db, actor, id) : Promise.resolve(null)
	]);
	return {
		unit: {
			id: unit.id,
			programmeId: unit.programmeId,
			parentId: unit.parentId,
			kind: unit.kind,
			name: unit.name,
			code: unit.code,
			unitType: unit.unitType,
			closedAt: unit.closedAt
		},
		programme: { id: programme.id, name: programme.name, timeZone: programme.timeZone },
		ancestors: detail.ancestors.map(pick),
		children: detail.children.map(pick),
		activePeople: detail.activePeople,
		canEdit,
		unitTypes: UNIT_TYPES,
		targets,
		done: url.searchParams.get('done') === 'created' ? ('units.created' as const) : null
	};
};

type ActionName = 'rename' | 'move' | 'close' | 'reopen';

/** Runs one change; rule errors come back as field errors of that form, refusals as 404. */
async function change(
	event: RequestEvent,
	action: ActionName,
	success: MessageKey,
	work: (input: Record<string, unknown> | null) => Promise<unknown>,
	schema?: typeof unitRenameSchema | typeof unitMoveSchema
) {
	const { locals, url, params, request } = event;
	requirePageActor(locals, url);
	if (idParam(params.id) === null) error(404, translate(locals.locale, 'error.notFound'));
	let input: Record<string, unknown> | null = null;
	let values: Record<string, unknown> = {};
	if (schema) {
		const parsed = await parseForm(request, schema, locals.locale);
		if (!parsed.ok) return fail(400, { action, errors: parsed.errors, values: parsed.values });
		values = formToObject(parsed.form ?? new FormData());
		input = parsed.data as Record<string, unknown>;
	}
	const done = await pageAction(
		locals,
		() => work(input),
		(errors) => ({ action, errors, values })
	);
	if (!done.ok) return done.failure;
	return { action, success };
}

export const actions: Actions = {
	rename: (event) =>
		change(
			event,
			'rename',
			'units.renamed',
			(input) =>
				renameUnit(getDb(), requirePageActor(event.locals, event.url), Number(event.params.id), input),
			unitRenameSchema
		),
	move: (event) =>
		change(
			event,
			'move',
			'units.moved',
			(input) => moveUnit(getDb(), requirePageActor(event.locals, event.url), Number(event.params.id), input),
			unitMoveSchema
		),
	close: (event) =>
		change(event, 'close', 'units.closedDone', () =>
			closeUnit(getDb(), requirePageActor(event.locals, event.url), Number(event.params.id))
		),
	reopen: (event) =>
		change(event, 'reopen', 'units.reopened', () =>
			reopenUnit(getDb(), requirePageActor(event.locals, event.url), Number(event.params.id))
		)
};
