import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { idParam, orNotFound, pageAction, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import {
	createVisit,
	listVisits,
	setVisitTemplate,
	visitTemplate
} from '#lib/server/visits/visits.service.ts';
import { listUnits, unitNamesOf } from '#lib/server/organisation/organisation.service.ts';
import { personNames } from '#lib/server/people/people.service.ts';

/** Follow-up visits of the programme (office): the list, a new visit, the checklist. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const page = idParam(url.searchParams.get('page')) ?? 1;
	const [visits, questions] = await orNotFound(locals.locale, () =>
		Promise.all([
			listVisits(db, actor, programmeId, page),
			visitTemplate(db, actor, programmeId, locals.locale)
		])
	);
	const [units, names, workplaces] = await Promise.all([
		unitNamesOf(
			db,
			visits.rows.map((v) => v.unitId)
		),
		personNames(
			db,
			visits.rows.map((v) => v.coordinatorId)
		),
		listUnits(db, programmeId)
	]);
	return {
		visits: {
			...visits,
			rows: visits.rows.map((v) => ({
				...v,
				unitName: units.get(v.unitId) ?? '',
				coordinator: v.coordinatorId === null ? '' : (names.get(v.coordinatorId) ?? '')
			}))
		},
		questions,
		workplaces: workplaces.filter((u) => u.kind === 'workplace').map((u) => ({ id: u.id, name: u.name }))
	};
};

export const actions: Actions = {
	create: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const values = formToObject(await request.formData());
		const r = await pageAction(
			locals,
			() => createVisit(getDb(), actor, values, locals.locale),
			(errors) => ({ form: 'create', errors, values })
		);
		if (!r.ok) return r.failure;
		redirect(303, `/visits/${r.value.id}`);
	},
	template: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const text = String((await request.formData()).get('questions') ?? '');
		const questions = text
			.split(/\r?\n/)
			.map((q) => q.trim())
			.filter(Boolean);
		const r = await pageAction(
			locals,
			() => setVisitTemplate(getDb(), actor, programmeId, { questions }),
			(errors) => ({
				form: 'template',
				errors: { questions: Object.values(errors).flat() },
				values: { questions: text }
			})
		);
		if (!r.ok) return r.failure;
		redirect(303, '/visits?notice=saved');
	}
};
