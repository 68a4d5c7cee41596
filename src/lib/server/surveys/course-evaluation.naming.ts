import { formatDate } from '#lib/i18n/index.ts';
import type { I18nText } from './i18n-text.ts';

/**
 * Course evaluations say what they evaluate (issue 15.8): "Kursutvärdering: Läsfrämjande i
 * praktiken – Träff 1, 12 mars 2026, Stadsbiblioteket" instead of eight surveys all called
 * "Kursutvärdering". Pure; the migration 0014 keeps its own frozen copy of this rule.
 */

export interface EvaluatedSession {
	/** The session's own title (null: the activity's). */
	title: string | null;
	startsAt: string;
	place: string | null;
	timeZone: string;
}

/** The titles of the course-evaluation template (a survey still called so is renamed). */
export const PLAIN_COURSE_EVALUATION: I18nText = {
	en: 'Course evaluation',
	sv: 'Kursutvärdering',
	da: 'Kursusevaluering',
	nb: 'Kursevaluering'
};

/** `base` + the activity, and for one session its own title (when it has one), date and place, per language. */
export function courseEvaluationTitle(
	base: I18nText,
	activity: string,
	session: EvaluatedSession | null
): I18nText {
	const one = (locale: 'en' | 'sv' | 'da' | 'nb', word: string): string => {
		if (!word) return '';
		const what = [activity];
		if (session) {
			const own = session.title && session.title !== activity ? session.title + ', ' : '';
			const date = formatDate(locale, session.startsAt, { timeZone: session.timeZone });
			what.push(own + [date, session.place].filter(Boolean).join(', '));
		}
		return `${word}: ${what.join(' – ')}`.slice(0, 200);
	};
	return {
		en: one('en', base.en),
		sv: one('sv', base.sv),
		...(base.da ? { da: one('da', base.da) } : {}),
		...(base.nb ? { nb: one('nb', base.nb) } : {})
	};
}
