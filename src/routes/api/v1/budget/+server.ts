import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { resolveProgrammeId } from '#lib/server/organisation/programme-context.service.ts';
import { fields } from '#lib/server/core/validation.ts';
import { budgetOverview } from '#lib/server/budget/budget.service.ts';

const budgetQuerySchema = z
	.object({
		programmeId: fields.id().optional(),
		year: z.coerce.number().int().min(2000).max(2199).optional()
	})
	.strict();

/** Budget lines with budget against actual, funding, co-financing (office; steering totals). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { programmeId: requested, year } = parseQuery(event, budgetQuerySchema);
	const programmeId = await resolveProgrammeId(getDb(), actor, requested);
	if (programmeId === null) throw notFound(event);
	return json(await budgetOverview(getDb(), actor, programmeId, year));
});
