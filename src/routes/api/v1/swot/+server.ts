import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiContext } from '#lib/server/web/people.http.ts';
import { swotApiQuery, swotItemBody } from '#lib/server/web/plans.http.ts';
import { addSwotItem, getSwotBoard, swotProgrammeOfUnit } from '#lib/server/plans/swot.service.ts';

/** A workplace's SWOT board (`unitId`), or the programme's own without it. */
export const GET: RequestHandler = api(async (event) => {
	const query = parseQuery(event, swotApiQuery);
	const db = getDb();
	if (query.unitId !== undefined) {
		const actor = requireApiActor(event);
		const programmeId = await swotProgrammeOfUnit(db, actor, query.unitId);
		return json(await getSwotBoard(db, actor, programmeId, query.unitId));
	}
	const { actor, programmeId } = await apiContext(event);
	return json(await getSwotBoard(db, actor, programmeId, null));
});

/** Adds an item (workplace members and the manager; the programme board: the office). */
export const POST: RequestHandler = api(async (event) => {
	const { actor, programmeId: fallback } = await apiContext(event);
	const body = await parseJsonBody(event, swotItemBody);
	const db = getDb();
	const programmeId =
		body.unitId !== undefined ? await swotProgrammeOfUnit(db, actor, body.unitId) : fallback;
	return json(await apiRules(event, () => addSwotItem(db, actor, programmeId, body)), { status: 201 });
});
