import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, requireApiActor } from '#lib/server/web/api.ts';
import { apiRules, idParam } from '#lib/server/web/route.ts';
import { resolveProgrammeId } from '#lib/server/organisation/programme-context.service.ts';
import { addExpense, listExpenses } from '#lib/server/budget/budget.service.ts';

/** The programme's expenses, newest first, 50 a page (office). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const q = event.url.searchParams;
	const programmeId = await resolveProgrammeId(getDb(), actor, idParam(q.get('programmeId')));
	if (programmeId === null) throw notFound(event);
	const year = idParam(q.get('year')) ?? undefined;
	const r = await listExpenses(getDb(), actor, programmeId, { year, page: idParam(q.get('page')) ?? 1 });
	return json({ data: r.rows, page: r.page, pageSize: r.pageSize, total: r.total });
});

/** Records an expense (office). Amounts in major units with at most two decimals. */
export const POST: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const programmeId = await resolveProgrammeId(
		getDb(),
		actor,
		idParam(event.url.searchParams.get('programmeId'))
	);
	if (programmeId === null) throw notFound(event);
	let body: unknown;
	try {
		body = await event.request.json();
	} catch {
		body = null;
	}
	const created = await apiRules(event, () => addExpense(getDb(), actor, programmeId, body ?? {}, 'en'));
	return json(created, { status: 201 });
});
