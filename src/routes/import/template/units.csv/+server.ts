import type { RequestHandler } from './$types';
import { templateCsv } from '#lib/server/imports/imports.service.ts';

/** The units import template (CSV, no personal data, so no sign-in needed). */
export const GET: RequestHandler = () =>
	new Response(templateCsv('units'), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="klok-units.csv"'
		}
	});
