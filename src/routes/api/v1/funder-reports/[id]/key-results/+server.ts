import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, parseJsonBody, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules, idParam } from '#lib/server/web/route.ts';
import { keyResultsSchema } from '#lib/server/funder-report/funder-report.schema.ts';
import { keyResultChoice, setKeyResults } from '#lib/server/funder-report/funder-report.service.ts';

type Event = Parameters<RequestHandler>[0];

/** The choice and the candidates, without the report row (GET /funder-reports/{id} has the figures). */
async function present(event: Event, id: number) {
	const actor = requireApiActor(event);
	const { chosen, surveys, canManage } = await keyResultChoice(getDb(), actor, id, event.locals.locale);
	return json({ questions: chosen, surveys, canManage });
}

/** The report's key survey questions in order (empty: the default summary) and what may be chosen. */
export const GET: RequestHandler = api(async (event) => {
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	return present(event, id);
});

/** Chooses the key survey questions, in order (office); a question not of the report's surveys: 422. */
export const PUT: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	const body = await parseJsonBody(event, keyResultsSchema);
	await apiRules(event, () => setKeyResults(getDb(), actor, id, body, event.locals.locale));
	return present(event, id);
});
