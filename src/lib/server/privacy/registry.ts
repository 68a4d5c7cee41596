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
	mailPersonalData,
	auditPersonalData,
	privacyPersonalData
];

/**
 * Columns that look like a person reference but hold no personal data, each with the reason
 * (`table.column`). Keep this short: when in doubt, cover the column in a part.
 */
export const NOT_PERSONAL: Record<string, string> = {};

/** Every covered `table.column`, subject and actor alike. */
export function coveredColumns(): Set<string> {
	return new Set(PERSONAL_DATA_PARTS.flatMap((p) => [...p.covers.subject, ...(p.covers.actor ?? [])]));
}
