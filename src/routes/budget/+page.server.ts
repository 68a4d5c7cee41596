import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { formToObject } from '#lib/server/core/validation.ts';
import { idParam, orNotFound, pageAction, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import {
	addBudgetLine,
	addExpense,
	addFundingSource,
	budgetOverview,
	coFinancingByPerson,
	listExpenses,
	removeExpense,
	setCurrency
} from '#lib/server/budget/budget.service.ts';

/** The budget for a year: totals for office and steering; lines, workplaces, expenses and forms for the office. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const yearParam = idParam(url.searchParams.get('year'));
	const db = getDb();
	const overview = await orNotFound(locals.locale, async () => {
		const all = await budgetOverview(db, actor, programmeId);
		const year = yearParam ?? all.years.at(-1);
		return year === undefined ? all : budgetOverview(db, actor, programmeId, year);
	});
	const year = overview.year ?? undefined;
	const page = idParam(url.searchParams.get('page')) ?? 1;
	const office = overview.workplaces !== null;
	return {
		overview,
		expenses: office ? await listExpenses(db, actor, programmeId, { year, page }) : null,
		people: overview.sensitive ? await coFinancingByPerson(db, actor, programmeId, { year }) : null,
		notice: url.searchParams.get('notice'),
		/** The expense whose deletion is being confirmed (`?delete=<id>`: a plain link, no JavaScript needed). */
		confirmDelete: idParam(url.searchParams.get('delete'))
	};
};

function action(
	name: string,
	run: (
		actor: App.Locals['actor'] & object,
		programmeId: number,
		values: Record<string, unknown>,
		locale: App.Locals['locale']
	) => Promise<unknown>
) {
	return async ({ request, locals, url }: { request: Request; locals: App.Locals; url: URL }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const values = formToObject(await request.formData());
		const r = await pageAction(
			locals,
			() => run(actor, programmeId, values, locals.locale),
			(errors) => ({ form: name, errors, values })
		);
		if (!r.ok) return r.failure;
		redirect(
			303,
			`/budget?${url.searchParams.get('year') ? `year=${url.searchParams.get('year')}&` : ''}notice=${name === 'deleteExpense' ? 'deleted' : 'saved'}`
		);
	};
}

export const actions: Actions = {
	currency: action('currency', (a, p, v) => setCurrency(getDb(), a, p, v)),
	source: action('source', (a, p, v, l) => addFundingSource(getDb(), a, p, v, l)),
	line: action('line', (a, p, v, l) => addBudgetLine(getDb(), a, p, v, l)),
	expense: action('expense', (a, p, v, l) => addExpense(getDb(), a, p, v, l)),
	deleteExpense: action('deleteExpense', (a, p, v) =>
		removeExpense(getDb(), a, p, idParam(String(v.id)) ?? -1)
	)
};
