import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { formToObject, parseForm } from '#lib/server/core/validation.ts';
import { PROCESS_STATUSES } from '#lib/server/db/schema.ts';
import {
	milestoneDoneSchema,
	milestoneSchema,
	participantSchema,
	processSchema
} from '#lib/server/processes/processes.schema.ts';
import {
	addMilestone,
	addParticipant,
	getProcess,
	processFormOptions,
	removeParticipant,
	setMilestoneDone,
	updateProcess
} from '#lib/server/processes/processes.service.ts';

/** A process: details for everyone in the programme; editing for its leads, the unit's manager and the office. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const db = getDb();
	const participantPage = Number(url.searchParams.get('participants') ?? 1);
	const process = await orNotFound(locals.locale, () => getProcess(db, actor, id, { participantPage }));
	let options = null;
	if (process.canEdit) {
		const o = await processFormOptions(
			db,
			actor,
			process.programmeId,
			url.searchParams.get('person') ?? '',
			process.id
		);
		// A lead may keep the process in its unit even without the right to create there.
		const units = o.units.some((u) => u.id === process.unitId)
			? o.units
			: [...o.units, ...o.allUnits.filter((u) => u.id === process.unitId)];
		options = { ...o, units };
	}
	return {
		process,
		options,
		statuses: PROCESS_STATUSES,
		values: {
			...process,
			goalIds: process.goals.map((g) => g.id),
			sessionIds: process.sessions.map((s) => s.id),
			needIds: process.needs.map((n) => n.id)
		},
		notice: url.searchParams.get('notice')
	};
};

type Event = RequestEvent<{ id: string }>;

/** Runs one validated change and comes back to the page; errors are returned per action. */
async function change<S extends z.ZodType>(
	event: Event,
	action: string,
	schema: S,
	work: (id: number, data: z.output<S>, form: Record<string, unknown>) => Promise<unknown>
) {
	const { locals, url, params, request } = event;
	requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const parsed = await parseForm(request, schema, locals.locale);
	if (!parsed.ok) return fail(400, { action, errors: parsed.errors, values: parsed.values });
	const done = await pageAction(
		locals,
		() => work(id, parsed.data, parsed.form ? formToObject(parsed.form) : {}),
		(errors) => ({ action, errors, values: formToObject(parsed.form!) })
	);
	if (!done.ok) return done.failure;
	redirect(303, `/processes/${id}?notice=saved`);
}

export const actions: Actions = {
	update: (event) =>
		change(event, 'update', processSchema, (id, data) =>
			updateProcess(getDb(), event.locals.actor!, id, data)
		),
	addParticipant: (event) =>
		change(event, 'addParticipant', participantSchema, (id, data) =>
			addParticipant(getDb(), event.locals.actor!, id, data)
		),
	removeParticipant: (event) =>
		change(event, 'removeParticipant', participantSchema, (id, data) =>
			removeParticipant(getDb(), event.locals.actor!, id, data.personId)
		),
	addMilestone: (event) =>
		change(event, 'addMilestone', milestoneSchema, (id, data) =>
			addMilestone(getDb(), event.locals.actor!, id, data)
		),
	milestone: (event) =>
		change(event, 'milestone', milestoneDoneSchema, async (id, data, form) => {
			const milestoneId = idParam(typeof form.milestoneId === 'string' ? form.milestoneId : null);
			if (milestoneId === null) pageNotFound(event.locals.locale);
			await setMilestoneDone(getDb(), event.locals.actor!, id, milestoneId, data.done);
		})
};
