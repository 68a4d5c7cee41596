import { addMessages, LOCALES, type Dictionary, type Locale } from './core.ts';
import * as common from './messages/common.ts';
import * as home from './messages/home.ts';
import * as organisation from './messages/organisation.ts';
import * as people from './messages/people.ts';
import * as audit from './messages/audit.ts';
import * as auth from './messages/auth.ts';
import * as settings from './messages/settings.ts';
import * as mail from './messages/mail.ts';
import * as importArea from './messages/import.ts';
import * as attendance from './messages/attendance.ts';
import * as sessionPeople from './messages/session-people.ts';
import * as reports from './messages/reports.ts';
import * as registrations from './messages/registrations.ts';
import * as notifications from './messages/notifications.ts';
import * as catalogue from './messages/catalogue.ts';
import * as surveys from './messages/surveys.ts';
import * as cycle from './messages/cycle.ts';
import * as processes from './messages/processes.ts';
import * as dashboards from './messages/dashboards.ts';
import * as plans from './messages/plans.ts';
import * as surveyResults from './messages/survey-results.ts';
import * as logbook from './messages/logbook.ts';
import * as surveyAnswering from './messages/survey-answering.ts';
import * as surveyExport from './messages/survey-export.ts';
import * as courseEvaluation from './messages/course-evaluation.ts';
import * as surveyBuilder from './messages/survey-builder.ts';
import * as surveyFigures from './messages/survey-figures.ts';
import * as ux from './messages/ux.ts';
import * as privacy from './messages/privacy.ts';
import * as standards from './messages/standards.ts';
import * as community from './messages/community.ts';
import * as posts from './messages/posts.ts';
import * as funder from './messages/funder.ts';
import * as goals from './messages/goals.ts';

/**
 * The i18n layer. Messages live in `messages/<area>.ts`, each exporting `en` (the reference)
 * and `sv`, `da`, `nb` typed as `Record<keyof typeof en, string>`, so a missing text in any
 * language fails the type check (and `Area` below refuses an area without all four).
 * Add an area by importing it in `areas` below.
 *
 * This module holds every catalogue: import it on the server only. Browser code (components,
 * pages) imports `ui.ts` (t, tp, …) or `core.ts` (LOCALES, isMessageKey, …) instead, and gets
 * only the messages its page uses (issue 15.15; checked by `i18n.test.ts`).
 */
const areas = [
	common,
	home,
	people,
	audit,
	organisation,
	auth,
	settings,
	mail,
	importArea,
	attendance,
	sessionPeople,
	reports,
	notifications,
	registrations,
	catalogue,
	surveys,
	cycle,
	processes,
	dashboards,
	plans,
	logbook,
	surveyAnswering,
	surveyResults,
	surveyExport,
	courseEvaluation,
	surveyBuilder,
	surveyFigures,
	ux,
	privacy,
	standards,
	community,
	posts,
	funder,
	goals
] as const satisfies readonly Record<Locale, Dictionary>[];

for (const area of areas) {
	for (const locale of LOCALES)
		addMessages(locale, (area as Partial<Record<Locale, Dictionary>>)[locale] ?? {});
}

type AreaKeys<A> = A extends { en: infer E } ? keyof E : never;
export type MessageKey = AreaKeys<(typeof areas)[number]> & string;

export * from './core.ts';
