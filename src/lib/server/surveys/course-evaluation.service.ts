import type { Locale } from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import { can, type Actor } from '../policy/policy.ts';
import { courseEvaluationsOfActivity } from './course-evaluation.repository.ts';
import { pickText, parseI18n } from './i18n-text.ts';
import { surveyResults } from './results.service.ts';

/**
 * What an activity page shows of its course evaluations (issue 15.8): per evaluation the
 * actor may read the results of, its title (which names the session), the response figures
 * and the share of the top answer per statement — all through `surveyResults`, so under the
 * same small-group protection as the results page. With fewer than k respondents nothing but
 * that fact is given (not even n).
 */
export interface EvaluationSummary {
	surveyId: number;
	title: string;
	status: string;
	minGroupSize: number;
	/** At least k answered: the figures below are given. */
	shown: boolean;
	respondents: number | null;
	responseRate: number | null;
	/** Up to six statements: the share of its top answer. */
	highlights: { statement: string; answer: string; percent: number | null }[];
}

/** The activity's latest course evaluations (at most five) whose results the actor may read. */
export async function activityEvaluations(
	db: Db,
	actor: Actor,
	activityId: number,
	locale: Locale
): Promise<EvaluationSummary[]> {
	const rows = await courseEvaluationsOfActivity(db, activityId, 5);
	const out: EvaluationSummary[] = [];
	for (const row of rows) {
		if (!can(actor, 'readResults', { type: 'survey', id: row.id, programmeId: row.programmeId })) continue;
		const r = await surveyResults(db, actor, row.id, {}, locale);
		const shown = r.respondents >= r.minGroupSize;
		const highlights: EvaluationSummary['highlights'] = [];
		if (shown)
			for (const q of r.questions) {
				if (q.suppressed) continue;
				for (const item of q.items ?? []) {
					const top = item.options.find((o) => !o.dontKnow);
					if (!top || highlights.length >= 6) continue;
					highlights.push({
						statement: (q.items!.length > 1 ? item.label : '') || q.text,
						answer: top.label,
						percent: top.percent
					});
				}
			}
		out.push({
			surveyId: row.id,
			title: pickText(parseI18n(row.titleJson), locale),
			status: row.status,
			minGroupSize: r.minGroupSize,
			shown,
			respondents: shown ? r.respondents : null,
			responseRate: shown ? r.responseRate : null,
			highlights
		});
	}
	return out;
}
