import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { exportQuerySchema } from '#lib/server/surveys/results.schema.ts';
import { exportResults } from '#lib/server/surveys/survey-export.service.ts';
import { download } from './download.ts';

/** Downloads the results (`format=csv|xlsx`, optional `by=`): counts and percentages, protected. Audited. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const q = exportQuerySchema.safeParse(
		Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''))
	);
	if (!q.success) error(400, translate(locals.locale, 'error.invalid'));
	const file = await orNotFound(locals.locale, () =>
		exportResults(
			getDb(),
			actor,
			id,
			{ format: q.data.format, by: q.data.by, base: q.data.base },
			locals.locale
		)
	);
	return download(file);
};
