import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, requireApiActor } from '#lib/server/web/api.ts';
import { idParam } from '#lib/server/web/route.ts';
import { exportReport } from '#lib/server/funder-report/funder-report.service.ts';

/** The funder report's figures as JSON, live or a frozen version (`?version=`); audited. */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	const version = event.url.searchParams.get('version');
	const versionId = version === null ? undefined : (idParam(version) ?? -1);
	const file = await exportReport(getDb(), actor, id, 'json', event.locals.locale, { versionId });
	return json(JSON.parse(String(file.body)));
});
