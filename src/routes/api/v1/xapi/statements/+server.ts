import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { fields } from '#lib/server/core/validation.ts';
import { api, notFound, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { resolveProgrammeId } from '#lib/server/organisation/programme-context.service.ts';
import { exportStatements } from '#lib/server/xapi/xapi.service.ts';

const querySchema = z.object({ programme: fields.id().optional(), since: z.string().optional() });

/** The programme's xAPI statements as a file (JSON array), since a date (office). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { programme, since } = parseQuery(event, querySchema);
	const db = getDb();
	const programmeId = await resolveProgrammeId(db, actor, programme ?? null);
	if (programmeId === null) throw notFound(event);
	const file = await apiRules(event, () => exportStatements(db, actor, programmeId, { since }));
	const headers: Record<string, string> = {
		'content-disposition': `attachment; filename="xapi-statements-${programmeId}.json"`,
		'x-experience-api-version': '1.0.3'
	};
	if (file.nextSince) headers['x-klok-next-since'] = file.nextSince;
	return json(file.statements, { headers });
});
