import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { presentGoalRow } from '#lib/server/goals/goals.presenter.ts';
import {
	assessGoal,
	deleteGoal,
	goalDetail,
	goalFormOptions,
	goalFormValues,
	overrideStatus,
	updateGoal
} from '#lib/server/goals/goals.service.ts';
import { removeAttachment } from '#lib/server/goals/attachments.service.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { formFile } from '#lib/server/web/uploads.ts';

/** One goal: its row with evidence, the edit form (office), override with a reason, history. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id) ?? pageNotFound(locals.locale);
	const db = getDb();
	return orNotFound(locals.locale, async () => {
		const d = await goalDetail(db, actor, id, locals.locale);
		return {
			id,
			programmeId: d.goal.programmeId,
			row: presentGoalRow(d.row, locals.locale),
			kind: d.goal.kind,
			indicatorKind: d.goal.indicatorKind,
			computedStatus: d.row.computedStatus,
			overridden: d.row.statusSource === 'override',
			manualStatus: d.goal.manualStatus,
			manualComment: d.goal.manualComment,
			history: d.history,
			attachments: d.attachments,
			canManage: d.canManage,
			values: goalFormValues(d.goal),
			options: d.canManage ? await goalFormOptions(db, actor, d.goal.programmeId, locals.locale) : null,
			notice: url.searchParams.get('notice')
		};
	});
};

const id = (locals: App.Locals, raw: string) => idParam(raw) ?? pageNotFound(locals.locale);

export const actions: Actions = {
	update: async ({ locals, url, request, params }) => {
		const actor = requirePageActor(locals, url);
		const form = await request.formData();
		const input = { ...formToObject(form), activityIds: form.getAll('activityIds').map(String) };
		const r = await pageAction(
			locals,
			() => updateGoal(getDb(), actor, id(locals, params.id), input),
			(errors) => ({ form: 'update', errors, values: input })
		);
		if (!r.ok) return r.failure;
		return { form: 'update', done: true };
	},
	override: async ({ locals, url, request, params }) => {
		const actor = requirePageActor(locals, url);
		const values = formToObject(await request.formData());
		const r = await pageAction(
			locals,
			() => overrideStatus(getDb(), actor, id(locals, params.id), values),
			(errors) => ({ form: 'override', errors, values })
		);
		if (!r.ok) return r.failure;
		return { form: 'override', done: true };
	},
	assess: async ({ locals, url, request, params }) => {
		const actor = requirePageActor(locals, url);
		const form = await request.formData();
		const values = formToObject(form);
		delete values.file;
		const file = await formFile(form);
		const r = await pageAction(
			locals,
			() => assessGoal(getDb(), actor, id(locals, params.id), values, file),
			(errors) => ({ form: 'assess', errors, values })
		);
		if (!r.ok) return r.failure;
		return { form: 'assess', done: true };
	},
	removeAttachment: async ({ locals, url, request, params }) => {
		const actor = requirePageActor(locals, url);
		const goalId = id(locals, params.id);
		const values = formToObject(await request.formData());
		const attachmentId = idParam(String(values.attachmentId ?? '')) ?? pageNotFound(locals.locale);
		const r = await pageAction(
			locals,
			() => removeAttachment(getDb(), actor, attachmentId),
			(errors) => ({ form: 'attachments', errors })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/goals/${goalId}?notice=attachmentRemoved#attachments`);
	},
	delete: async ({ locals, url, params }) => {
		const actor = requirePageActor(locals, url);
		const goalId = id(locals, params.id);
		const db = getDb();
		const programmeId = await orNotFound(
			locals.locale,
			async () => (await goalDetail(db, actor, goalId, locals.locale)).goal.programmeId
		);
		const r = await pageAction(
			locals,
			() => deleteGoal(db, actor, goalId),
			(errors) => ({ form: 'delete', errors })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/goals?programme=${programmeId}&notice=deleted`);
	}
};
