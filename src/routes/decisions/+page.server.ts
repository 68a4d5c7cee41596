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
import { idParam, orNotFound, pageAction, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

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
	}
};
