import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody, parseQuery } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiContext } from '#lib/server/web/people.http.ts';
import { surveyQuerySchema } from '#lib/server/surveys/surveys.schema.ts';
import { createFollowUpWave } from '#lib/server/surveys/waves.service.ts';
import { createSurvey, listSurveys } from '#lib/server/surveys/builder.service.ts';

const listQuery = surveyQuerySchema
	.extend({ programmeId: z.coerce.number().int().positive().optional() })
	.strict();

/** The programme's surveys (programme office). */
export const GET: RequestHandler = api(async (event) => {
	const { actor, programmeId } = await apiContext(event);
	const { programmeId: _p, ...query } = parseQuery(event, listQuery);
	return json(await listSurveys(getDb(), actor, programmeId, query));
});

const createBody = z.record(z.string(), z.unknown());

/**
 * Creates a draft survey: blank (`title`), from a `template`, or a follow-up wave of an
 * earlier survey (`followUpOf`: its id).
 */
export const POST: RequestHandler = api(async (event) => {
	const { actor, programmeId } = await apiContext(event);
	const { followUpOf, ...body } = await parseJsonBody(event, createBody);
	const db = getDb();
	const survey = await apiRules(event, () => {
		if (followUpOf !== undefined) {
			const id = z.coerce.number().int().positive().safeParse(followUpOf);
			return createFollowUpWave(db, actor, id.success ? id.data : 0, body);
		}
		return createSurvey(db, actor, programmeId, body);
	});
	return json(survey, { status: 201, headers: { location: `/api/v1/surveys/${survey.id}` } });
});
