import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, notFound, parseQuery, requireApiActor } from '#lib/server/web/api.ts';
import { resolveProgrammeId } from '#lib/server/organisation/programme-context.service.ts';
import { goalsQuerySchema } from '#lib/server/goals/goals.schema.ts';
import { presentEvidence } from '#lib/server/goals/goals.presenter.ts';
import { goalTable } from '#lib/server/goals/goals.service.ts';

/** The goal table with status and evidence, live or from a snapshot (office, steering group, evaluators). */
export const GET: RequestHandler = api(async (event) => {
	const actor = requireApiActor(event);
	const { programmeId: requested, snapshotId } = parseQuery(event, goalsQuerySchema);
	const db = getDb();
	const programmeId = await resolveProgrammeId(db, actor, requested);
	if (programmeId === null) throw notFound(event);
	const locale = event.locals.locale;
	const table = await goalTable(db, actor, programmeId, { snapshotId, locale });
	return json({
		...table,
		groups: table.groups.map((g) => ({
			kind: g.kind,
			goals: g.goals.map((r) => ({ ...r, evidenceText: presentEvidence(r.evidence, r.unit, locale) }))
		}))
	});
});
