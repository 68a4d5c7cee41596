import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formRuleErrors, orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { fieldErrors, type FieldErrors } from '#lib/server/core/validation.ts';
import { reportFilterSchema, type ReportFilter } from '#lib/server/reports/reports.schema.ts';
import { allHoursReports, reportFilterOptions } from '#lib/server/reports/reports.service.ts';

/** Participation reports with the filter form (a GET form, so every view is a link). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const raw = Object.fromEntries(
		[...url.searchParams].filter(
			([k, v]) => ['from', 'to', 'trackId', 'unitId'].includes(k) && v.trim() !== ''
		)
	);
	const parsed = reportFilterSchema.safeParse(raw);
	let errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error, locals.locale);
	let filter: ReportFilter = parsed.success ? parsed.data : {};
	const options = await orNotFound(locals.locale, () => reportFilterOptions(db, actor, programmeId));
	let reports = await orNotFound(locals.locale, async () => {
		try {
			return await allHoursReports(db, actor, programmeId, filter, locals.locale);
		} catch (e) {
			const ruleErrors = formRuleErrors(e, locals.locale);
			if (!ruleErrors) throw e;
			errors = { ...errors, ...ruleErrors };
			filter = {};
			return null;
		}
	});
	reports ??= await orNotFound(locals.locale, () =>
		allHoursReports(db, actor, programmeId, {}, locals.locale)
	);
	const query = new URLSearchParams(
		Object.entries(filter)
			.filter(([, v]) => v !== undefined)
			.map(([k, v]) => [k, String(v)])
	);
	if (url.searchParams.get('programme')) query.set('programme', url.searchParams.get('programme')!);
	return { reports, options, errors, values: raw, exportQuery: query.toString() };
};
