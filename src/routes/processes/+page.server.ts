import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { listProcesses, processListOptions } from '#lib/server/processes/processes.service.ts';
import { PROCESS_STATUSES, type ProcessStatus } from '#lib/server/db/schema.ts';

/** The programme's development processes, by track and workplace, with filters, one page at a time. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const status = url.searchParams.get('status');
	const filter = {
		trackId: idParam(url.searchParams.get('track')) ?? undefined,
		unitId: idParam(url.searchParams.get('unit')) ?? undefined,
		status: (PROCESS_STATUSES as readonly string[]).includes(status ?? '')
			? (status as ProcessStatus)
			: undefined
	};
	const [{ rows, page, pageSize, total }, { tracks, units, canCreate }] = await Promise.all([
		listProcesses(db, actor, programmeId, {
			...filter,
			page: Math.min(idParam(url.searchParams.get('page')) ?? 1, 1_000_000)
		}),
		processListOptions(db, actor, programmeId)
	]);
	return {
		programmeId,
		rows,
		page,
		pageSize,
		total,
		tracks,
		units,
		statuses: PROCESS_STATUSES,
		filter,
		canCreate
	};
};
