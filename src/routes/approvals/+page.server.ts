import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { fieldErrors, formToObject } from '#lib/server/http/validation.ts';
import {
	formRuleErrors,
	idParam,
	orNotFound,
	pageNotFound,
	pageProgramme,
	requirePageActor
} from '#lib/server/http/route.ts';
import { listUnitOptions } from '#lib/server/people/people.repository.ts';
import { hasRole } from '#lib/server/policy/policy.ts';
import { bulkDecisionSchema, teamRegistrationSchema } from '#lib/server/registrations/registrations.schema.ts';
import {
	approve,
	decideMany,
	decline,
	listPendingApprovals,
	register,
	RegistrationRuleError,
	teamRegistrationOptions
} from '#lib/server/registrations/registrations.service.ts';
import { AccessDeniedError } from '#lib/server/policy/policy.ts';

const NOTICES = {
	approved: 'registrations.approvals.approved',
	declined: 'registrations.approvals.declined'
} as const;

/** Requests waiting for the manager's (or the office's) decision, and the "register my team" form. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const unitId = idParam(url.searchParams.get('unit')) ?? undefined;
	const [pending, team] = await orNotFound(locals.locale, () =>
		Promise.all([
			listPendingApprovals(db, actor, programmeId),
			teamRegistrationOptions(db, actor, programmeId, unitId)
		])
	);
	const office = hasRole(actor, 'office', programmeId);
	const notice = url.searchParams.get('notice');
	return {
		pending,
		team,
		unitId: unitId ?? null,
		units: office ? await listUnitOptions(db, programmeId) : [],
		notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null
	};
};

async function context(event: RequestEvent) {
	const actor = requirePageActor(event.locals, event.url);
	const form = await event.request.formData();
	return { actor, values: formToObject(form), db: getDb(), locale: event.locals.locale };
}

/** A rule error as `fail(400)` for the form named `form`, or rethrown. */
function ruleFailure(e: unknown, locale: App.Locals['locale'], form: string, values: Record<string, unknown>) {
	if (e instanceof AccessDeniedError) pageNotFound(locale);
	const errors = formRuleErrors(e, locale);
	if (errors) return fail(400, { form, errors, values });
	throw e;
}

export const actions: Actions = {
	approve: async (event) => {
		const { actor, values, db, locale } = await context(event);
		const id = idParam(typeof values.id === 'string' ? values.id : null);
		if (id === null) pageNotFound(locale);
		try {
			await approve(db, actor, id);
		} catch (e) {
			return ruleFailure(e, locale, `row-${id}`, values);
		}
		redirect(303, '/approvals?notice=approved');
	},
	decline: async (event) => {
		const { actor, values, db, locale } = await context(event);
		const id = idParam(typeof values.id === 'string' ? values.id : null);
		if (id === null) pageNotFound(locale);
		try {
			await decline(db, actor, id, values.reason ?? '');
		} catch (e) {
			return ruleFailure(e, locale, `row-${id}`, values);
		}
		redirect(303, '/approvals?notice=declined');
	},
	bulk: async (event) => {
		const { actor, values, db, locale } = await context(event);
		const parsed = bulkDecisionSchema.safeParse(values);
		if (!parsed.success) return fail(400, { form: 'bulk', errors: fieldErrors(parsed.error, locale), values });
		const { ids, decision, reason } = parsed.data;
		try {
			const results = await decideMany(db, actor, ids, decision, reason);
			const failed = results.filter((r) => !r.ok);
			return {
				form: 'bulk',
				summary: translate(locale, 'registrations.approvals.bulkDone', {
					ok: results.length - failed.length,
					failed: failed.length
				}),
				failures: failed.map((f) =>
					translate(locale, 'registrations.approvals.itemFailed', {
						name: '#' + f.id,
						message: translate(locale, !f.ok && f.error !== 'notFound' ? f.error : 'error.notFound')
					})
				)
			};
		} catch (e) {
			if (e instanceof RegistrationRuleError) return fail(400, { form: 'bulk', errors: e.fieldErrors(locale), values });
			throw e;
		}
	},
	team: async (event) => {
		const { actor, values, db, locale } = await context(event);
		const parsed = teamRegistrationSchema.safeParse(values);
		if (!parsed.success) return fail(400, { form: 'team', errors: fieldErrors(parsed.error, locale), values });
		const { sessionId, personIds } = parsed.data;
		const counts = { confirmed: 0, waitlisted: 0, existing: 0 };
		const failures: string[] = [];
		for (const personId of [...new Set(personIds)]) {
			try {
				const r = await register(db, actor, sessionId, { personId });
				if (!r.created) counts.existing++;
				else if (r.registration.status === 'confirmed') counts.confirmed++;
				else counts.waitlisted++;
			} catch (e) {
				if (e instanceof AccessDeniedError) {
					// An unknown session is a field error; an unknown person is reported per person.
					if (failures.length === 0 && counts.confirmed + counts.waitlisted + counts.existing === 0) {
						const known = await orNotFound(locale, () => teamRegistrationOptions(db, actor, actor.programmeId ?? 0)).catch(
							() => null
						);
						if (!known?.sessions.some((s) => s.id === sessionId))
							return fail(400, {
								form: 'team',
								errors: { sessionId: [translate(locale, 'error.unknownId')] },
								values
							});
					}
					failures.push(translate(locale, 'registrations.team.failed', { name: '#' + personId, message: translate(locale, 'error.unknownId') }));
				} else if (e instanceof RegistrationRuleError) {
					// A session rule (closed, cancelled…) applies to everyone: report it once, on the session field.
					if (e.field === '_form') return fail(400, { form: 'team', errors: { sessionId: [translate(locale, e.key)] }, values });
					failures.push(translate(locale, 'registrations.team.failed', { name: '#' + personId, message: translate(locale, e.key) }));
				} else throw e;
			}
		}
		return { form: 'team', summary: translate(locale, 'registrations.team.done', counts), failures };
	}
};
