import type { RequestHandler } from './$types';
import { exportAuditCsv } from '#lib/server/audit/audit.service.ts';
import { getDb } from '#lib/server/db/index.ts';
import { auditQuery } from '#lib/server/web/audit.query.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

/** The filtered audit log as CSV (UTF-8 with BOM for spreadsheets), streamed in batches. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const { filter } = auditQuery(url, locals.locale);
	const rows = await orNotFound(locals.locale, () =>
		exportAuditCsv(getDb(), actor, { programmeId, ...filter })
	);
	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			controller.enqueue(encoder.encode('\uFEFF'));
		},
		async pull(controller) {
			const next = await rows.next();
			if (next.done) controller.close();
			else controller.enqueue(encoder.encode(next.value));
		}
	});
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="klok-audit.csv"',
			'cache-control': 'private, no-store'
		}
	});
};
