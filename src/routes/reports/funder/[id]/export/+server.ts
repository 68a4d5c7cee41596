import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { translate } from '#lib/i18n/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { EXPORT_FORMATS, type ExportFormat } from '#lib/server/funder-report/funder-report.schema.ts';
import { exportReport } from '#lib/server/funder-report/funder-report.service.ts';
import { RuleError } from '#lib/server/core/errors.ts';

/** Downloads the report: `format=pdf|xlsx|json`, or `format=csv&table=…`; `version=` for a frozen one. Audited. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const format = url.searchParams.get('format') as ExportFormat;
	if (!EXPORT_FORMATS.includes(format)) error(400, translate(locals.locale, 'error.invalid'));
	const version = url.searchParams.get('version');
	const versionId = version === null ? undefined : (idParam(version) ?? -1);
	const file = await orNotFound(locals.locale, async () => {
		try {
			return await exportReport(getDb(), actor, id, format, locals.locale, {
				versionId,
				table: url.searchParams.get('table') ?? undefined
			});
		} catch (e) {
			if (e instanceof RuleError) error(400, translate(locals.locale, 'error.invalid'));
			throw e;
		}
	});
	return new Response(file.body as BodyInit, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
