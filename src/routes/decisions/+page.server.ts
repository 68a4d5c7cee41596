import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import {
	addDecision,
	createMeeting,
	decisionsLog,
	responsibleOptions,
	setDecisionStatus
} from '#lib/server/goals/decisions.service.ts';
import { addAttachment, removeAttachment } from '#lib/server/goals/attachments.service.ts';
import { translate } from '#lib/i18n/index.ts';
import { fail } from '@sveltejs/kit';
import { idParam, orNotFound, pageAction, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { formFile } from '#lib/server/web/uploads.ts';

/** The steering group's decisions log: meetings, decisions, follow-ups (office manages). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	return orNotFound(locals.locale, async () => {
		const log = await decisionsLog(db, actor, programmeId, idParam(url.searchParams.get('page')) ?? 1);
		return {
			programmeId,
			...log,
			responsible: log.canManage ? await responsibleOptions(db, programmeId) : []
		};
	});
};

const run = async (
	locals: App.Locals,
	which: string,
	values: Record<string, unknown>,
	work: () => Promise<unknown>
) => {
	const r = await pageAction(locals, work, (errors) => ({ form: which, errors, values }));
	return r.ok ? { form: which, done: true } : r.failure;
};

export const actions: Actions = {
	meeting: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const values = formToObject(await request.formData());
		return run(locals, 'meeting', values, () => createMeeting(getDb(), actor, programmeId, values));
	},
	decision: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const values = formToObject(await request.formData());
		const meetingId = idParam(String(values.meetingId ?? '')) ?? 0;
		return run(locals, `decision-${meetingId}`, values, () => addDecision(getDb(), actor, meetingId, values));
	},
	status: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const values = formToObject(await request.formData());
		const decisionId = idParam(String(values.decisionId ?? '')) ?? 0;
		return run(locals, `status-${decisionId}`, values, () =>
			setDecisionStatus(getDb(), actor, decisionId, values)
		);
	},
	attach: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const form = await request.formData();
		const values = formToObject(form);
		delete values.file;
		const meetingId = idParam(String(values.meetingId ?? '')) ?? 0;
		const file = await formFile(form);
		if (!file)
			return fail(400, {
				form: `attach-${meetingId}`,
				errors: { file: [translate(locals.locale, 'catalogue.error.fileEmpty')] },
				values
			});
		return run(locals, `attach-${meetingId}`, values, () =>
			addAttachment(getDb(), actor, { meetingId }, file)
		);
	},
	removeAttachment: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const values = formToObject(await request.formData());
		const attachmentId = idParam(String(values.attachmentId ?? '')) ?? 0;
		return run(locals, 'attachments', values, () => removeAttachment(getDb(), actor, attachmentId));
	}
};
