import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { UNIT_KINDS } from '#lib/server/db/schema.ts';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject, parseForm } from '#lib/server/core/validation.ts';
import { idParam, orNotFound, pageAction, requirePageActor } from '#lib/server/web/route.ts';
import { unitCreateSchema } from '#lib/server/organisation/organisation.schema.ts';
import { createUnit, getProgramme, parentOptions } from '#lib/server/organisation/organisation.service.ts';
import { resolveProgrammeId } from '#lib/server/organisation/programme-context.service.ts';
import { can } from '#lib/server/policy/policy.ts';

/** The form for a new unit (programme office); `?parent=ID` preselects the parent. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const db = getDb();
	const programmeId = await resolveProgrammeId(db, actor, idParam(url.searchParams.get('programme')));
	if (programmeId === null || !can(actor, 'create', { type: 'unit', id: 0, programmeId }))
		error(404, translate(locals.locale, 'error.notFound'));
	const [programme, parents] = await orNotFound(locals.locale, () =>
		Promise.all([getProgramme(db, actor, programmeId), parentOptions(db, actor, programmeId)])
	);
	return {
		programme: { id: programme.id, name: programme.name },
		parents,
		kinds: UNIT_KINDS,
		parentId: idParam(url.searchParams.get('parent'))
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const parsed = await parseForm(request, unitCreateSchema, locals.locale);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const created = await pageAction(
			locals,
			() => createUnit(getDb(), actor, parsed.data),
			(errors) => ({ errors, values: formToObject(parsed.form ?? new FormData()) })
		);
		if (!created.ok) return created.failure;
		redirect(303, `/units/${created.value.id}?done=created`);
	}
};
