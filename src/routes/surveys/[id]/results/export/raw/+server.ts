import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/http/route.ts';
import { exportRawAnswers } from '#lib/server/surveys/survey-export.ts';
import { download } from '../download.ts';

const rawSchema = z.object({ format: z.enum(['csv', 'xlsx']) });

/** De-identified raw answers for evaluators and the office (`exportRaw`). Audited. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const q = rawSchema.safeParse({ format: url.searchParams.get('format') ?? undefined });
	if (!q.success) error(400, translate(locals.locale, 'error.invalid'));
	const file = await orNotFound(locals.locale, () =>
		exportRawAnswers(getDb(), actor, id, q.data.format, locals.locale)
	);
	return download(file);
};
