import { z } from 'zod';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { resolveProgrammeId } from '#lib/server/organisation/programme-context.service.ts';
import { REPORT_GROUPINGS, reportFilterSchema } from '#lib/server/reports/reports.schema.ts';
import { exportHoursCsv, exportHoursXlsx } from '#lib/server/reports/reports.service.ts';
import { error } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';

const exportSchema = z.object({
	format: z.enum(['csv', 'xlsx']),
	groupBy: z.enum(REPORT_GROUPINGS).optional()
});

/** Downloads the hours report: `format=csv&groupBy=…` (one table) or `format=xlsx` (every table). Audited. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await resolveProgrammeId(getDb(), actor, idParam(url.searchParams.get('programme')));
	if (programmeId === null) pageNotFound(locals.locale);
	const params = Object.fromEntries([...url.searchParams].filter(([, v]) => v.trim() !== ''));
	const kind = exportSchema.safeParse(params);
	const filter = reportFilterSchema.safeParse({
		from: params.from,
		to: params.to,
		trackId: params.trackId,
		unitId: params.unitId
	});
	if (!kind.success || !filter.success || (kind.data.format === 'csv' && !kind.data.groupBy))
		error(400, translate(locals.locale, 'error.invalid'));
	const { format, groupBy } = kind.data;
	const file = await orNotFound(locals.locale, async () => {
		try {
			return format === 'csv'
				? await exportHoursCsv(getDb(), actor, programmeId, groupBy!, filter.data, locals.locale)
				: await exportHoursXlsx(getDb(), actor, programmeId, filter.data, locals.locale);
		} catch (e) {
			if (e instanceof Error && e.name === 'ReportFilterError')
				error(400, translate(locals.locale, 'error.invalid'));
			throw e;
		}
	});
	// The body is a stream: CSV line by line, XLSX row by row (reports.export.ts).
	return new Response(file.body, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
