import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { exportRawAnswers, RawExportRefusedError } from '#lib/server/surveys/survey-export.service.ts';
import { download } from '../download.ts';

const rawSchema = z.object({ format: z.enum(['csv', 'xlsx']) });

/** De-identified raw answers for evaluators and the office (`exportRaw`). Audited. 409 while fewer than k answered. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const q = rawSchema.safeParse({ format: url.searchParams.get('format') ?? undefined });
	if (!q.success) error(400, translate(locals.locale, 'error.invalid'));
	try {
		return download(
			await orNotFound(locals.locale, () =>
				exportRawAnswers(getDb(), actor, id, q.data.format, locals.locale)
			)
		);
	} catch (e) {
		// Fewer than k answered: say so, as the results page does.
		if (e instanceof RawExportRefusedError) error(409, e.fieldErrors(locals.locale)._form![0]!);
		throw e;
	}
};
