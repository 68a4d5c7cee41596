import { isMessageKey, translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';
import type { GoalVerdict } from '../db/schema.ts';
import type { GoalEvidence, GoalRow, GoalUnit } from './goals.service.ts';

/**
 * Words a goal row for people (the goal table's page, the funder report): figures formatted in
 * the reader's locale, evidence as sentences. The structured row stays the source of truth.
 */

const INTL: Record<Locale, string> = { en: 'en-GB', sv: 'sv-SE', da: 'da-DK', nb: 'nb-NO' };

export function formatFigure(value: number | null, unit: GoalUnit | null, locale: Locale): string {
	if (value === null) return '—';
	if (unit === 'share')
		return new Intl.NumberFormat(INTL[locale], { style: 'percent', maximumFractionDigits: 0 }).format(value);
	return new Intl.NumberFormat(INTL[locale], { maximumFractionDigits: unit === 'hours' ? 1 : 0 }).format(
		value
	);
}

export function verdictLabel(status: GoalVerdict | null, locale: Locale): string {
	return translate(locale, status ? (`goals.status.${status}` as MessageKey) : 'goals.status.none');
}

export function countSourceLabel(source: string, locale: Locale): string {
	const key = `goals.countSource.${source}`;
	return isMessageKey(key) ? translate(locale, key) : source;
}

/** The evidence as one paragraph in the reader's language. */
export function presentEvidence(evidence: GoalEvidence, unit: GoalUnit | null, locale: Locale): string {
	const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
	const pct = (v: number | null) => formatFigure(v, 'share', locale);
	switch (evidence.kind) {
		case 'share': {
			if (evidence.surveys.length === 0) return t('goals.evidence.noSurveys');
			const surveys = evidence.surveys
				.map((s) =>
					s.n === null
						? t('goals.evidence.shareSurveyHidden', { title: s.title })
						: t('goals.evidence.shareSurvey', { title: s.title, share: pct(s.share), n: s.n })
				)
				.join('; ');
			const head = evidence.protected
				? t('goals.protected', { k: evidence.minGroupSize })
				: t('goals.evidence.share', { share: pct(evidence.share), n: evidence.n ?? 0 });
			return `${head} ${t('goals.evidence.shareSurveys', { surveys })}`;
		}
		case 'count': {
			const parts = [
				t('goals.evidence.count', {
					value: formatFigure(evidence.value, unit, locale),
					source: countSourceLabel(evidence.source, locale)
				}) + '.'
			];
			if (evidence.from || evidence.to)
				parts.push(t('goals.evidence.period', { from: evidence.from ?? '…', to: evidence.to ?? '…' }));
			if (evidence.trackName) parts.push(t('goals.evidence.track', { track: evidence.trackName }));
			if (evidence.activityType) {
				const key = `catalogue.type.${evidence.activityType}`;
				parts.push(t('goals.evidence.type', { type: isMessageKey(key) ? t(key) : evidence.activityType }));
			}
			return parts.join(' ');
		}
		case 'coverage':
			return [
				t('goals.evidence.coverage', {
					meeting: evidence.meeting,
					people: evidence.people,
					share: pct(evidence.people > 0 ? evidence.meeting / evidence.people : 0),
					rule: t(`goals.rule.${evidence.rule}`)
				}),
				evidence.unitName
					? t('goals.evidence.coverageUnit', { unit: evidence.unitName })
					: t('goals.evidence.coverageAll')
			].join(' ');
		case 'allPlanned':
			return t('goals.evidence.allPlanned', { held: evidence.held, planned: evidence.planned });
		case 'manual':
			return evidence.comment ? t('goals.evidence.manual', { comment: evidence.comment }) : '—';
		case 'unavailable':
			return t(
				evidence.reason === 'unknownSource'
					? 'goals.evidence.unknownSource'
					: 'goals.evidence.unknownQuestion'
			);
		default:
			return t('goals.evidence.none');
	}
}

/** A row as the table shows it: status label, figures and evidence text (with the override's reason). */
export function presentGoalRow(row: GoalRow, locale: Locale) {
	const evidence = presentEvidence(row.evidence, row.unit, locale);
	return {
		id: row.id,
		text: row.text,
		examinedBy: row.examinedBy ?? '',
		status: row.status,
		statusLabel: verdictLabel(row.status, locale),
		statusSource: row.statusSource,
		statusSourceLabel: translate(locale, `goals.statusSource.${row.statusSource}`),
		actual: formatFigure(row.actual, row.unit, locale),
		target: formatFigure(row.target, row.unit, locale),
		evidence:
			row.statusSource === 'override' && row.overrideReason
				? `${evidence} ${translate(locale, 'goals.evidence.override', { reason: row.overrideReason })}`
				: evidence,
		protectedReason: row.protectedReason ?? null
	};
}
export type PresentedGoalRow = ReturnType<typeof presentGoalRow>;
