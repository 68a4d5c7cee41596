import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { translate } from '#lib/i18n/index.ts';
import { RuleError } from '#lib/server/core/errors.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { exportBudgetCsv } from '#lib/server/budget/budget.service.ts';

/** One budget table as CSV: `table=lines|workplaces|expenses`, optional `year=` (office; audited). */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const input = Object.fromEntries(
		[...url.searchParams].filter(([k]) => k === 'table' || (k === 'year' && url.searchParams.get('year')))
	);
	const file = await orNotFound(locals.locale, async () => {
		try {
			return await exportBudgetCsv(getDb(), actor, programmeId, input, locals.locale);
		} catch (e) {
			if (e instanceof RuleError) error(400, translate(locals.locale, 'error.invalid'));
			throw e;
		}
	});
	return new Response(file.body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
