import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { api, ApiError, parseJsonBody } from '#lib/server/web/api.ts';
import { apiContext } from '#lib/server/web/people.http.ts';
import { swotReorderBody } from '#lib/server/web/plans.http.ts';
import { getSwotBoard, reorderSwotCategory, swotProgrammeOfUnit } from '#lib/server/plans/swot.service.ts';

/** Sets the order of a whole category (`ids`: exactly its items, most important first). */
export const PUT: RequestHandler = api(async (event) => {
	const { actor, programmeId: fallback } = await apiContext(event);
	const body = await parseJsonBody(event, swotReorderBody);
	const db = getDb();
	const unitId = body.unitId ?? null;
	const programmeId = unitId !== null ? await swotProgrammeOfUnit(db, actor, unitId) : fallback;
	if (!(await reorderSwotCategory(db, actor, programmeId, unitId, body.category, body.ids))) {
		const message = translate(event.locals.locale, 'error.invalid');
		throw new ApiError(422, 'validation_failed', message, { ids: [message] });
	}
	return json(await getSwotBoard(db, actor, programmeId, unitId));
});
