import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { resolveProgrammeId } from '#lib/server/organisation/programme-context.service.ts';
import { decisionsQuerySchema } from '#lib/server/goals/goals.schema.ts';
import { decisionsLog } from '#lib/server/goals/decisions.service.ts';

/** The steering group's decisions log, a page of meetings with their decisions (office, steering group). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { programmeId: requested, page } = parseQuery(event, decisionsQuerySchema);
	const db = getDb();
	const programmeId = await resolveProgrammeId(db, actor, requested);
	if (programmeId === null) throw notFound(event);
	const log = await decisionsLog(db, actor, programmeId, page ?? 1);
	return json({
		page: log.page,
		pageSize: log.pageSize,
		total: log.total,
		data: log.meetings.map((m) => ({
			id: m.id,
			heldOn: m.heldOn,
			title: m.title,
			notes: m.notes,
			decisions: m.decisions.map((d) => ({
				id: d.id,
				meetingId: d.meetingId,
				text: d.text,
				responsibleId: d.responsibleId,
				responsibleName: d.responsibleName,
				followUpOn: d.followUpOn,
				status: d.status,
				nudgedAt: d.nudgedAt,
				overdue: d.overdue
			}))
		}))
	});
});
