import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules, idParam } from '#lib/server/web/route.ts';
import { surveyExportQuerySchema } from '#lib/server/surveys/survey-export.schema.ts';
import { exportSurvey } from '#lib/server/surveys/survey-export.service.ts';

/**
 * The results (`kind=summary`) or the de-identified raw answers (`kind=raw`) as CSV or XLSX,
 * with the results page's protection: 404 for whoever may not see them, 409 while fewer than
 * k answered (raw). Audited.
 */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	const query = parseQuery(event, surveyExportQuerySchema);
	const file = await apiRules(event, () => exportSurvey(getDb(), actor, id, query, event.locals.locale));
	return new Response(file.body as BodyInit, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'cache-control': 'no-store'
		}
	});
});
