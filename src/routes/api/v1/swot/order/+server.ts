import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, parseQuery, requireApiActor } from '#lib/server/http/api.ts';
import { apiRules } from '#lib/server/http/route.ts';
import { ApiError } from '#lib/server/http/api.ts';
import { translate } from '#lib/i18n/index.ts';
import { apiContext } from '#lib/server/people/people.http.ts';
import { swotReorderBody } from '#lib/server/plans/plans.http.ts';
import { reorderSwotCategory, swotProgrammeOfUnit } from '#lib/server/plans/swot.service.ts';

/** Sets the order of a whole category (`ids`: exactly its items, most important first). */
export const PUT: RequestHandler = api(async (event) => {
	const { actor, programmeId: fallback } = await apiContext(event);
	const body = await parseJsonBody(event, swotReorderBody);
	const db = getDb();
	const unitId = body.unitId ?? null;
	const programmeId = unitId !== null ? await swotProgrammeOfUnit(db, actor, unitId) : fallback;
	if (!(await reorderSwotCategory(db, actor, programmeId, unitId, body.category, body.ids)))
		throw new ApiError(422, 'validation_failed', translate(event.locals.locale, 'error.invalid'), {
			ids: [translate(event.locals.locale, 'error.invalid')]
		});
	return json(await getBoard());
	async function getBoard() {
		const { getSwotBoard } = await import('#lib/server/plans/swot.service.ts');
		return getSwotBoard(db, actor, programmeId, unitId);
	}
});
