import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { LOCALES, translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject, parseForm } from '#lib/server/core/validation.ts';
import { presentProgramme } from '#lib/server/web/organisation.http.ts';
import { idParam, orNotFound, pageAction, requirePageActor } from '#lib/server/web/route.ts';
import { programmeUpdateSchema } from '#lib/server/organisation/organisation.schema.ts';
import {
	getProgramme,
	listProgrammesFor,
	updateProgramme
} from '#lib/server/organisation/organisation.service.ts';
import { resolveProgrammeId } from '#lib/server/organisation/programme-context.service.ts';
import { can, seesEveryProgramme } from '#lib/server/policy/policy.ts';

/** The current programme's settings; the office edits them; admins also see every programme. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const db = getDb();
	const programmeId = await resolveProgrammeId(db, actor, idParam(url.searchParams.get('programme')));
	const admin = seesEveryProgramme(actor);
	const all = admin || programmeId !== null ? (await listProgrammesFor(db, actor)).rows : [];
	if (programmeId === null && !admin) error(404, translate(locals.locale, 'error.notFound'));
	const programme =
		programmeId === null ? null : await orNotFound(locals.locale, () => getProgramme(db, actor, programmeId));
	return {
		programme: programme ? presentProgramme(programme) : null,
		canEdit: programme ? can(actor, 'update', { type: 'programme', id: programme.id }) : false,
		canCreate: can(actor, 'create', { type: 'programme', id: 0 }),
		programmes: all.length > 1 || admin ? all.map((p) => ({ id: p.id, name: p.name })) : [],
		locales: LOCALES,
		done: url.searchParams.get('done') === 'created' ? ('programme.created' as const) : null
	};
};

export const actions: Actions = {
	update: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const parsed = await parseForm(request, programmeUpdateSchema, locals.locale);
		const id = idParam(String(parsed.form?.get('id') ?? ''));
		if (id === null) error(404, translate(locals.locale, 'error.notFound'));
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const saved = await pageAction(
			locals,
			// An empty funder field clears it.
			() => updateProgramme(getDb(), actor, id, { ...parsed.data, funder: parsed.data.funder ?? null }),
			(errors) => ({ errors, values: formToObject(parsed.form ?? new FormData()) })
		);
		if (!saved.ok) return saved.failure;
		return { success: 'programme.saved' as const };
	}
};
