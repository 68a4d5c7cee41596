import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { presentGoalRow } from '#lib/server/goals/goals.presenter.ts';
import {
	canManageGoals,
	goalTable,
	goalThresholds,
	listSnapshots,
	setThresholds,
	takeSnapshot
} from '#lib/server/goals/goals.service.ts';
import { idParam, orNotFound, pageAction, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

/** The goal table (KLURA Table 5: goal · examined by · status · evidence), live or from a snapshot. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const snapshotId = idParam(url.searchParams.get('snapshot')) ?? undefined;
	return orNotFound(locals.locale, async () => {
		const table = await goalTable(db, actor, programmeId, { snapshotId, locale: locals.locale });
		return {
			programmeId,
			snapshot: table.snapshot,
			groups: table.groups.map((g) => ({
				kind: g.kind,
				goals: g.goals.map((r) => presentGoalRow(r, locals.locale))
			})),
			snapshots: await listSnapshots(db, actor, programmeId),
			thresholds: await goalThresholds(db, actor, programmeId),
			canManage: canManageGoals(actor, programmeId),
			notice: url.searchParams.get('notice')
		};
	});
};

export const actions: Actions = {
	snapshot: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const values = formToObject(await request.formData());
		const r = await pageAction(
			locals,
			() => takeSnapshot(getDb(), actor, programmeId, values),
			(errors) => ({ form: 'snapshot', errors, values })
		);
		if (!r.ok) return r.failure;
		return { form: 'snapshot', done: true };
	},
	thresholds: async ({ locals, url, request }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const values = formToObject(await request.formData());
		const r = await pageAction(
			locals,
			() => setThresholds(getDb(), actor, programmeId, values),
			(errors) => ({ form: 'thresholds', errors, values })
		);
		if (!r.ok) return r.failure;
		return { form: 'thresholds', done: true };
	}
};
