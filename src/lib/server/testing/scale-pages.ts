import type { Db } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { DEMO_LOGINS } from '../demo/demo.ts';
import { loadActor } from '../people/actor.ts';
import { navigationFor, navigationLinks } from '../web/navigation.ts';

/**
 * The pages a national programme must serve, per demo role, for the scale test
 * (tests/http/scale.test.ts) and `npm run bench:scale`: every entry of the role's main menu,
 * built by the same navigation model as the layout (so a new menu item is covered without
 * touching this file), plus the pages behind the menus — the busiest activity, session,
 * process and survey results, a 40-20-40 form, a trainer's attendance list — and, found on the
 * pages themselves (`linksBehind`), every report export and the learning dashboard's programme
 * overview and first unit.
 */

export interface RolePages {
	role: Role;
	email: string;
	/** Paths, each requested with GET; the menu first, then the extra pages. */
	paths: string[];
}

/** The pages of every demo role on a database holding the demo. */
export async function scalePages(db: Db): Promise<RolePages[]> {
	const ids = await loginIds(db);
	const busiest = await busiestRecords(db, ids);
	const out: RolePages[] = [];
	for (const login of DEMO_LOGINS) {
		const personId = ids.get(login.email);
		if (personId === undefined) throw new Error(`the demo login ${login.email} is missing`);
		const actor = await loadActor(db, personId);
		if (!actor) throw new Error(`the demo login ${login.email} cannot sign in`);
		const menu = navigationLinks(navigationFor(actor)).map((item) => item.href);
		const extra: string[] = [];
		if (login.role === 'office')
			extra.push(
				`/activities/${busiest.activityId}`,
				`/catalogue/sessions/${busiest.sessionId}`,
				`/processes/${busiest.processId}`,
				`/surveys/${busiest.surveyId}/results`,
				`/surveys/${busiest.surveyId}/results?by=unit`
			);
		if (login.role === 'steering' || login.role === 'evaluator')
			extra.push(`/surveys/${busiest.surveyId}/results`);
		if (login.role === 'participant') {
			extra.push(`/catalogue/sessions/${busiest.sessionId}`);
			if (busiest.participantRegistrationId !== null)
				extra.push(`/cycle/${busiest.participantRegistrationId}`);
			if (busiest.participantProcessId !== null) extra.push(`/processes/${busiest.participantProcessId}`);
		}
		if (login.role === 'trainer' && busiest.trainerSessionId !== null)
			extra.push(`/sessions/${busiest.trainerSessionId}/attendance`);
		// Full-text search over ~20,000 posts (issue 13): a common word, an inflected one, a phrase,
		// a filtered one; and the posts archive (the newest page, this year's by month).
		if (login.role === 'participant' || login.role === 'office')
			extra.push(
				'/search?q=utbildning',
				'/search?q=bibliotekens',
				'/search?q=%22digital+delaktighet%22',
				'/search?q=bibliotek&kind=post',
				'/posts',
				`/posts/archive/${new Date().getUTCFullYear()}`
			);
		out.push({ role: login.role, email: login.email, paths: [...new Set([...menu, ...extra])] });
	}
	return out;
}

/**
 * The links to follow from a page that was just fetched: every export a reports page offers
 * (`/reports/export?…`), from the learning dashboard its programme overview and first unit, and
 * from the funder reports the latest report with its PDF and XLSX.
 */
export function linksBehind(pathname: string, html: string): string[] {
	const hrefs = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[1]!.replace(/&amp;/g, '&'));
	if (pathname === '/reports') return [...new Set(hrefs(/href="(\/reports\/export\?[^"]*)"/g))];
	// The funder report (issue 12): the latest report, then its PDF and XLSX.
	if (pathname === '/reports/funder') return hrefs(/href="(\/reports\/funder\/\d+)"/g).slice(0, 1);
	if (/^\/reports\/funder\/\d+$/.test(pathname))
		return [...new Set(hrefs(/href="(\/reports\/funder\/\d+\/export\?format=(?:pdf|xlsx)[^"]*)"/g))];
	if (pathname === '/learning')
		return [
			...new Set([
				...hrefs(/href="(\/learning\/programme[^"]*)"/g),
				...hrefs(/href="(\/learning\/units\/\d+)"/g).slice(0, 1)
			])
		];
	return [];
}

async function loginIds(db: Db): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('people')
		.select(['id', 'emailNormalized'])
		.where(
			'emailNormalized',
			'in',
			DEMO_LOGINS.map((l) => l.email)
		)
		.execute();
	return new Map(rows.map((r) => [r.emailNormalized, r.id]));
}

/** The records with the most rows behind them: the heaviest detail pages. */
async function busiestRecords(db: Db, ids: Map<string, number>) {
	const session = await db
		.selectFrom('registrations')
		.select(['sessionId', (eb) => eb.fn.countAll<number>().as('n')])
		.groupBy('sessionId')
		.orderBy('n', 'desc')
		.orderBy('sessionId')
		.limit(1)
		.executeTakeFirstOrThrow();
	const activity = await db
		.selectFrom('sessions')
		.select(['activityId', (eb) => eb.fn.countAll<number>().as('n')])
		.groupBy('activityId')
		.orderBy('n', 'desc')
		.orderBy('activityId')
		.limit(1)
		.executeTakeFirstOrThrow();
	const process = await db
		.selectFrom('processParticipants')
		.select(['processId', (eb) => eb.fn.countAll<number>().as('n')])
		.groupBy('processId')
		.orderBy('n', 'desc')
		.orderBy('processId')
		.limit(1)
		.executeTakeFirstOrThrow();
	const survey = await db
		.selectFrom('surveyResponses')
		.select(['surveyId', (eb) => eb.fn.countAll<number>().as('n')])
		.groupBy('surveyId')
		.orderBy('n', 'desc')
		.orderBy('surveyId')
		.limit(1)
		.executeTakeFirstOrThrow();
	const participant = ids.get('participant@demo.klok') ?? -1;
	const trainer = ids.get('trainer@demo.klok') ?? -1;
	const form = await db
		.selectFrom('cycleForms')
		.innerJoin('registrations', 'registrations.id', 'cycleForms.registrationId')
		.select('registrations.id')
		.where('registrations.personId', '=', participant)
		.orderBy('registrations.id')
		.limit(1)
		.executeTakeFirst();
	const ownProcess = await db
		.selectFrom('processParticipants')
		.select('processId')
		.where('personId', '=', participant)
		.orderBy('processId')
		.limit(1)
		.executeTakeFirst();
	const taught = await db
		.selectFrom('sessionTrainers')
		.innerJoin('sessions', 'sessions.id', 'sessionTrainers.sessionId')
		.select('sessions.id')
		.where('sessionTrainers.personId', '=', trainer)
		.orderBy('sessions.confirmedCount', 'desc')
		.orderBy('sessions.id')
		.limit(1)
		.executeTakeFirst();
	return {
		sessionId: session.sessionId,
		activityId: activity.activityId,
		processId: process.processId,
		surveyId: survey.surveyId,
		participantRegistrationId: form?.id ?? null,
		participantProcessId: ownProcess?.processId ?? null,
		trainerSessionId: taught?.id ?? null
	};
}
