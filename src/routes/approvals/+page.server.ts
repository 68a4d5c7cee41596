import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { fieldErrors, formToObject, type FieldErrors } from '#lib/server/core/validation.ts';
import {
	idParam,
	orNotFound,
	pageAction,
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
	pendingApprovalsPage,
	registerMany,
	teamRegistrationOptions
} from '#lib/server/registrations/registrations.service.ts';

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
	const teamPage = Math.min(idParam(url.searchParams.get('teamPage')) ?? 1, 1_000_000);
	const page = Math.min(idParam(url.searchParams.get('page')) ?? 1, 1_000_000);
	const [pendingPage, team] = await orNotFound(locals.locale, () =>
		Promise.all([
			pendingApprovalsPage(db, actor, programmeId, page),
			teamRegistrationOptions(db, actor, programmeId, unitId, teamPage)
		])
	);
	const notice = url.searchParams.get('notice');
	return {
		pending: pendingPage.rows,
		pendingPage: { page: pendingPage.page, pageSize: pendingPage.pageSize, total: pendingPage.total },
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

/** The failure data of the form named `form`: its errors next to the submitted values. */
const failureOf = (form: string, values: Record<string, unknown>) => (errors: FieldErrors) => ({
	form,
	errors,
	values
});

export const actions: Actions = {
	approve: async (event) => {
		const { actor, values, db, locale } = await context(event);
		const id = idParam(typeof values.id === 'string' ? values.id : null);
		if (id === null) pageNotFound(locale);
		const done = await pageAction(event.locals, () => approve(db, actor, id), failureOf(`row-${id}`, values));
		if (!done.ok) return done.failure;
		redirect(303, '/approvals?notice=approved');
	},
	decline: async (event) => {
		const { actor, values, db, locale } = await context(event);
		const id = idParam(typeof values.id === 'string' ? values.id : null);
		if (id === null) pageNotFound(locale);
		const done = await pageAction(
			event.locals,
			() => decline(db, actor, id, values.reason ?? ''),
			failureOf(`row-${id}`, values)
		);
		if (!done.ok) return done.failure;
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
		const decided = await pageAction(
			event.locals,
			() => decideMany(db, actor, ids, decision, reason),
			failureOf('bulk', values)
		);
		if (!decided.ok) return decided.failure;
		const results = decided.value;
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
		const teamPage = idParam(typeof values.teamPage === 'string' ? values.teamPage : null) ?? 1;
		const options = await orNotFound(locale, () =>
			teamRegistrationOptions(db, actor, programmeId, unitId, Math.min(teamPage, 1_000_000))
		);
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
