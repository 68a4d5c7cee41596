import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { fieldErrors, formToObject } from '#lib/server/core/validation.ts';
import {
	formRuleErrors,
	idParam,
	orNotFound,
	pageNotFound,
	pageProgramme,
	requirePageActor
} from '#lib/server/web/route.ts';
import { listUnitOptions } from '#lib/server/organisation/organisation.service.ts';
import {
	bulkDecisionSchema,
	teamRegistrationSchema
} from '#lib/server/registrations/registrations.schema.ts';
import {
	approve,
	decideMany,
	decline,
	listPendingApprovals,
	registerMany,
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
	const notice = url.searchParams.get('notice');
	return {
		pending,
		team,
		unitId: unitId ?? null,
		units: team.office ? await listUnitOptions(db, programmeId) : [],
		notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null
	};
};

async function context(event: RequestEvent) {
	const actor = requirePageActor(event.locals, event.url);
	const form = await event.request.formData();
	return { actor, values: formToObject(form), db: getDb(), locale: event.locals.locale };
}

/** A rule error as `fail(400)` for the form named `form`, or rethrown. */
function ruleFailure(
	e: unknown,
	locale: App.Locals['locale'],
	form: string,
	values: Record<string, unknown>
) {
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
		if (!parsed.success)
			return fail(400, { form: 'bulk', errors: fieldErrors(parsed.error, locale), values });
		const { ids, decision, reason } = parsed.data;
		const programmeId = await pageProgramme(actor, event.locals, event.url);
		const names = new Map(
			(await orNotFound(locale, () => listPendingApprovals(db, actor, programmeId))).map((r) => [
				r.id,
				r.personName
			])
		);
		let results;
		try {
			results = await decideMany(db, actor, ids, decision, reason);
		} catch (e) {
			return ruleFailure(e, locale, 'bulk', values);
		}
		const failed = results.filter((r) => !r.ok);
		return {
			form: 'bulk',
			summary: translate(locale, 'registrations.approvals.bulkDone', {
				ok: results.length - failed.length,
				failed: failed.length
			}),
			failures: failed.map((f) =>
				translate(locale, 'registrations.approvals.itemFailed', {
					name: names.get(f.id) ?? '#' + f.id,
					message: translate(locale, !f.ok && f.error !== 'notFound' ? f.error : 'error.notFound')
				})
			)
		};
	},
	team: async (event) => {
		const { actor, values, db, locale } = await context(event);
		const parsed = teamRegistrationSchema.safeParse(values);
		if (!parsed.success)
			return fail(400, { form: 'team', errors: fieldErrors(parsed.error, locale), values });
		const { sessionId, personIds } = parsed.data;
		const programmeId = await pageProgramme(actor, event.locals, event.url);
		const unitId = idParam(typeof values.unit === 'string' ? values.unit : null) ?? undefined;
		const options = await orNotFound(locale, () => teamRegistrationOptions(db, actor, programmeId, unitId));
		if (!options.sessions.some((s) => s.id === sessionId))
			return fail(400, {
				form: 'team',
				errors: { sessionId: [translate(locale, 'error.unknownId')] },
				values
			});
		const names = new Map(options.people.map((p) => [p.id, p.name]));
		const { counts, failures, sessionError } = await registerMany(db, actor, sessionId, personIds);
		// A session rule (closed, cancelled…) applies to everyone: say it once, on the session.
		if (sessionError)
			return fail(400, { form: 'team', errors: { sessionId: [translate(locale, sessionError)] }, values });
		return {
			form: 'team',
			summary: translate(locale, 'registrations.team.done', counts),
			failures: failures.map((f) =>
				translate(locale, 'registrations.team.failed', {
					name: names.get(f.personId) ?? '#' + f.personId,
					message: translate(locale, f.error === 'notFound' ? 'error.unknownId' : f.error)
				})
			)
		};
	}
};
