import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { GENDERS, JOB_CATEGORIES } from '#lib/server/db/schema.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { formAction } from '#lib/server/web/people.http.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { listUnitOptions } from '#lib/server/organisation/organisation.service.ts';
import { GRANTABLE_ROLES } from '#lib/server/people/people.schema.ts';
import {
	deactivatePerson,
	getPersonWithAbilities,
	grantRole,
	listRoles,
	reactivatePerson,
	revokeRole,
	updatePerson
} from '#lib/server/people/people.service.ts';
import { can, mayHandleRoleKind } from '#lib/server/policy/policy.ts';
import { personLearningRecord } from '#lib/server/cycle/cycle.service.ts';

const NOTICES = {
	created: 'people.new.created',
	saved: 'people.detail.saved',
	deactivated: 'people.deactivate.done',
	reactivated: 'people.reactivate.done',
	granted: 'people.roles.granted',
	revoked: 'people.roles.revoked'
} as const;

/** Fields an edit form clears when left empty (PATCH semantics would otherwise keep them). */
const CLEARABLE = ['gender', 'roleStartedOn', 'hourlyCost', 'locale'] as const;

/** One person: details for whoever may read them; editing, deactivation and roles for the office. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const db = getDb();
	const { person, abilities } = await orNotFound(locals.locale, () => getPersonWithAbilities(db, actor, id));
	const roles = await listRoles(db, actor, id);
	const units =
		person.programmeId !== null && (abilities.update || abilities.grantRole)
			? await listUnitOptions(db, person.programmeId)
			: [];
	const notice = url.searchParams.get('notice');
	const recordPage = Number(url.searchParams.get('regPage') ?? '1');
	const record = await personLearningRecord(db, actor, person, recordPage);
	return {
		person,
		record,
		abilities,
		roles,
		units,
		jobCategories: JOB_CATEGORIES,
		genders: GENDERS,
		grantableRoles: GRANTABLE_ROLES.filter((r) => mayHandleRoleKind(actor, r)),
		canReadAudit:
			person.programmeId !== null &&
			can(actor, 'readAudit', { type: 'programmeAdmin', programmeId: person.programmeId }),
		notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null,
		canErase: can(actor, 'erase', {
			type: 'person',
			id: person.id,
			programmeId: person.programmeId,
			unitId: person.unitId
		})
	};
};

async function context(event: RequestEvent) {
	const actor = requirePageActor(event.locals, event.url);
	const id = idParam(event.params.id);
	if (id === null) pageNotFound(event.locals.locale);
	return { actor, id, values: formToObject(await event.request.formData()), db: getDb() };
}

export const actions: Actions = {
	update: async (event) => {
		const { actor, id, values, db } = await context(event);
		const input: Record<string, unknown> = { ...values };
		for (const field of CLEARABLE) input[field] ??= null;
		const result = await formAction(event.locals, 'update', values, () => updatePerson(db, actor, id, input));
		if (!result.ok) return result.failure;
		redirect(303, `/people/${id}?notice=saved`);
	},
	deactivate: async (event) => {
		const { actor, id, values, db } = await context(event);
		if (values.confirm !== 'yes')
			return fail(400, {
				form: 'deactivate',
				errors: { confirm: [translate(event.locals.locale, 'people.error.confirm')] },
				values
			});
		const result = await formAction(event.locals, 'deactivate', values, () =>
			deactivatePerson(db, actor, id)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/people/${id}?notice=deactivated`);
	},
	reactivate: async (event) => {
		const { actor, id, values, db } = await context(event);
		const result = await formAction(event.locals, 'deactivate', values, () =>
			reactivatePerson(db, actor, id)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/people/${id}?notice=reactivated`);
	},
	grantRole: async (event) => {
		const { actor, id, values, db } = await context(event);
		const result = await formAction(event.locals, 'roles', values, () => grantRole(db, actor, id, values));
		if (!result.ok) return result.failure;
		redirect(303, `/people/${id}?notice=granted#roles`);
	},
	revokeRole: async (event) => {
		const { actor, id, values, db } = await context(event);
		const assignmentId = idParam(typeof values.assignmentId === 'string' ? values.assignmentId : null);
		if (assignmentId === null) pageNotFound(event.locals.locale);
		const result = await formAction(event.locals, 'roles', values, () =>
			revokeRole(db, actor, id, assignmentId)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/people/${id}?notice=revoked#roles`);
	}
};
