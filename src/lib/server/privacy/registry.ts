import type { PersonalDataPart } from '../core/personal-data.ts';
import { auditPersonalData } from '../audit/personal-data.service.ts';
import { authPersonalData } from '../auth/personal-data.service.ts';
import { cataloguePersonalData } from '../catalogue/personal-data.service.ts';
import { cyclePersonalData } from '../cycle/personal-data.service.ts';
import { logbookPersonalData } from '../logbook/personal-data.service.ts';
import { mailPersonalData } from '../mail/personal-data.service.ts';
import { peoplePersonalData } from '../people/personal-data.service.ts';
import { plansPersonalData } from '../plans/personal-data.service.ts';
import { processesPersonalData } from '../processes/personal-data.service.ts';
import { registrationsPersonalData } from '../registrations/personal-data.service.ts';
import { surveysPersonalData } from '../surveys/personal-data.service.ts';
import { privacyPersonalData } from './personal-data.ts';
import { postsPersonalData } from '../posts/personal-data.service.ts';
import { expertsPersonalData } from '../experts/personal-data.service.ts';
import { networksPersonalData } from '../networks/personal-data.service.ts';
import { newsletterPersonalData } from '../newsletter/personal-data.service.ts';
import { recordingsPersonalData } from '../recordings/personal-data.service.ts';
import { badgesPersonalData } from '../badges/personal-data.service.ts';
import { xapiPersonalData } from '../xapi/personal-data.service.ts';
import { goalsPersonalData } from '../goals/personal-data.service.ts';
import { budgetPersonalData } from '../budget/personal-data.service.ts';
import { funderReportPersonalData } from '../funder-report/personal-data.service.ts';

/**
 * Every domain's part of a person's data (export and erasure), in the order the export lists
 * them. A domain adding a table with a person column adds it to its part's `covers` (or a new
 * part here); `registry.test.ts` walks the database's columns and fails on anything uncovered.
 * People come last in erasure: the other parts scrub copies of the name before it is replaced.
 */
export const PERSONAL_DATA_PARTS: readonly PersonalDataPart[] = [
	peoplePersonalData,
	authPersonalData,
	registrationsPersonalData,
	cyclePersonalData,
	plansPersonalData,
	logbookPersonalData,
	processesPersonalData,
	surveysPersonalData,
	cataloguePersonalData,
	postsPersonalData,
	expertsPersonalData,
	networksPersonalData,
	newsletterPersonalData,
	recordingsPersonalData,
	badgesPersonalData,
	xapiPersonalData,
	goalsPersonalData,
	budgetPersonalData,
	funderReportPersonalData,
	mailPersonalData,
	auditPersonalData,
	privacyPersonalData
];

/**
 * Columns that look like a person reference but hold no personal data, each with the reason
 * (`table.column`). Keep this short: when in doubt, cover the column in a part.
 */
export const NOT_PERSONAL: Record<string, string> = {
	'goals.examined_by': 'free text saying how a goal is examined (a method, not a person)',
	'post_tags.subject_id': 'a subject of the post vocabulary (post_subjects), not a person'
};

/** Every covered `table.column`, subject and actor alike. */
export function coveredColumns(): Set<string> {
	return new Set(PERSONAL_DATA_PARTS.flatMap((p) => [...p.covers.subject, ...(p.covers.actor ?? [])]));
}
