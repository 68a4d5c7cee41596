import type { Locale, MessageKey, MessageParams } from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import type { QuestionType, SurveyKind, SurveyStatus } from '../db/schema.ts';
import { formRows } from './answering.repository.ts';

/**
 * The answering form of a survey (sections, questions, scales; read by
 * `answering.repository.ts`), and the validation of submitted answers. Shared by the token
 * page (`/s/[token]`), the signed-in page (`/answer/[surveyId]`) and the API. Answers arrive as "raw" values keyed
 * by form field name, so a no-JavaScript form post, a draft and a JSON body are handled alike:
 * `q{id}` (single, text, number), `q{id}` repeated (multiple choice), `q{id}_{item}` (matrix
 * and learning situations, one per statement).
 */

export type I18nText = Partial<Record<Locale, string>>;

/** Picks the text in `locale`, else English, Swedish, or whatever exists. */
export function pickText(json: string | I18nText | null | undefined, locale: Locale): string {
	if (!json) return '';
	let text: I18nText;
	if (typeof json === 'string') {
		try {
			text = JSON.parse(json) as I18nText;
		} catch {
			return json;
		}
	} else text = json;
	if (typeof text !== 'object' || text === null) return String(text ?? '');
	return text[locale] ?? text.en ?? text.sv ?? Object.values(text).find((v) => !!v) ?? '';
}

export interface FormOption {
	value: number;
	label: string;
	dontKnow: boolean;
}

export interface FormQuestion {
	id: number;
	type: QuestionType;
	text: string;
	required: boolean;
	/** Scale options (single, matrix, learning situations) or choices (multi). */
	options: FormOption[];
	/** Matrix / learning situations: the statements, in order (item = index). */
	statements: string[];
	maxPicks: number | null;
	min: number | null;
	max: number | null;
	condition: { questionId: number; values: number[] } | null;
	sectionIndex: number;
}

export interface FormSection {
	id: number | null;
	title: string;
	questions: FormQuestion[];
}

export interface SurveyForm {
	id: number;
	programmeId: number;
	kind: SurveyKind;
	title: string;
	intro: string;
	anonymous: boolean;
	status: SurveyStatus;
	opensAt: string | null;
	closesAt: string | null;
	sessionId: number | null;
	activityId: number | null;
	sections: FormSection[];
	questions: FormQuestion[];
}

export const TEXT_MAX = 4000;
const NUMBER_LIMIT = 1e9;

interface RawOption {
	value?: unknown;
	labels?: I18nText;
	label?: unknown;
	dontKnow?: unknown;
}

function parseJson(value: string | null): unknown {
	if (!value) return null;
	try {
		return JSON.parse(value);
	} catch {
		return null;
	}
}

function options(json: string | null, locale: Locale): FormOption[] {
	const list = parseJson(json);
	if (!Array.isArray(list)) return [];
	return (list as RawOption[]).map((o, i) => ({
		value: typeof o.value === 'number' ? o.value : i + 1,
		label: o.labels ? pickText(o.labels, locale) : String(o.label ?? ''),
		dontKnow: o.dontKnow === true
	}));
}

/** Loads the survey with sections, questions and scales, texts in `locale`. */
export async function loadSurveyForm(db: Db, surveyId: number, locale: Locale): Promise<SurveyForm | null> {
	const rows = await formRows(db, surveyId);
	if (!rows) return null;
	const { survey, sections, questions, scales } = rows;
	const scaleOptions = new Map(scales.map((s) => [s.id, s.optionsJson]));

	const formSections: FormSection[] = sections.map((s) => ({
		id: s.id,
		title: pickText(s.titleJson, locale),
		questions: []
	}));
	const sectionIndex = new Map(sections.map((s, i) => [s.id, i]));
	// Questions outside any section form a leading untitled section.
	if (questions.some((q) => q.sectionId === null || !sectionIndex.has(q.sectionId)))
		formSections.unshift({ id: null, title: '', questions: [] });
	const offset = formSections[0]?.id === null ? 1 : 0;

	const formQuestions: FormQuestion[] = [];
	for (const section of [null, ...sections.map((s) => s.id)]) {
		for (const q of questions) {
			const inSection =
				section === null ? q.sectionId === null || !sectionIndex.has(q.sectionId) : q.sectionId === section;
			if (!inSection) continue;
			const index = section === null ? 0 : sectionIndex.get(section)! + offset;
			const extra = parseJson(q.optionsJson);
			const isStatements = q.type === 'matrix' || q.type === 'learning_situations';
			const range =
				q.type === 'number' && extra && typeof extra === 'object' && !Array.isArray(extra)
					? (extra as { min?: unknown; max?: unknown })
					: {};
			const condition = parseJson(q.conditionJson) as { questionId?: unknown; values?: unknown } | null;
			const question: FormQuestion = {
				id: q.id,
				type: q.type,
				text: pickText(q.textJson, locale),
				required: q.required === 1,
				options:
					q.type === 'multi'
						? options(q.optionsJson, locale)
						: q.scaleId !== null
							? options(scaleOptions.get(q.scaleId) ?? null, locale)
							: [],
				statements: isStatements ? options(q.optionsJson, locale).map((o) => o.label) : [],
				maxPicks: q.type === 'multi' ? q.maxPicks : null,
				min: typeof range.min === 'number' ? range.min : null,
				max: typeof range.max === 'number' ? range.max : null,
				condition:
					condition && typeof condition.questionId === 'number' && Array.isArray(condition.values)
						? {
								questionId: condition.questionId,
								values: condition.values.filter((v): v is number => typeof v === 'number')
							}
						: null,
				sectionIndex: index
			};
			formQuestions.push(question);
			formSections[index]!.questions.push(question);
		}
	}
	return {
		id: survey.id,
		programmeId: survey.programmeId,
		kind: survey.kind,
		title: pickText(survey.titleJson, locale),
		intro: pickText(survey.introJson, locale),
		anonymous: survey.anonymous === 1,
		status: survey.status,
		opensAt: survey.opensAt,
		closesAt: survey.closesAt,
		sessionId: survey.sessionId,
		activityId: survey.activityId,
		sections: formSections.filter((s) => s.questions.length > 0 || s.id !== null),
		questions: formQuestions
	};
}

/** Submitted values by field name (`q12`, `q12_3`); repeated fields as arrays. */
export type RawAnswers = Record<string, string | string[]>;

/** One row of `survey_answers` (without the response id). */
export interface AnswerRow {
	questionId: number;
	item: number;
	value: number | null;
	numberValue: number | null;
	textValue: string | null;
}

export interface AnswerError {
	key: MessageKey;
	params?: MessageParams;
}

/** Keeps only answer fields (`q…`) from a submitted form. */
export function rawFromForm(form: FormData): RawAnswers {
	const out: RawAnswers = {};
	for (const key of new Set(form.keys())) {
		if (!/^q\d+(_\d+)?$/.test(key)) continue;
		const values = form
			.getAll(key)
			.filter((v): v is string => typeof v === 'string')
			.map((v) => v.trim())
			.filter((v) => v !== '');
		if (values.length === 0) continue;
		out[key] = values.length === 1 ? values[0]! : values;
	}
	return out;
}

/**
 * Turns an API answers object (`{ "12": 3, "13": [1,2], "14": { "0": 4 }, "15": "text" }`)
 * into raw values; anything else is kept as given and refused by validation.
 */
export function rawFromJson(answers: Record<string, unknown>): RawAnswers {
	const out: RawAnswers = {};
	for (const [id, value] of Object.entries(answers)) {
		const field = 'q' + id;
		if (value === null || value === undefined || value === '') continue;
		if (Array.isArray(value)) out[field] = value.map(String);
		else if (typeof value === 'object')
			for (const [item, v] of Object.entries(value as Record<string, unknown>))
				out[`${field}_${item}`] = String(v);
		else out[field] = String(value);
	}
	return out;
}

const asList = (v: string | string[] | undefined): string[] =>
	v === undefined ? [] : Array.isArray(v) ? v : [v];
const asOne = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** The scale/option values a question currently has in `raw` (for conditions). */
function chosenValues(q: FormQuestion, raw: RawAnswers): number[] {
	if (q.type === 'single' || q.type === 'multi') return asList(raw['q' + q.id]).map(Number);
	return [];
}

/** Which questions are shown, given the answers so far (a condition hides until its answer matches). */
export function visibleQuestionIds(form: SurveyForm, raw: RawAnswers): Set<number> {
	const byId = new Map(form.questions.map((q) => [q.id, q]));
	const visible = new Set<number>();
	for (const q of form.questions) {
		if (!q.condition) {
			visible.add(q.id);
			continue;
		}
		const source = byId.get(q.condition.questionId);
		// A condition on a hidden or unknown question hides this one too.
		if (!source || !visible.has(source.id)) continue;
		const chosen = chosenValues(source, raw);
		if (chosen.some((v) => q.condition!.values.includes(v))) visible.add(q.id);
	}
	return visible;
}

/**
 * Validates answers. `questions` limits which questions are checked (a section on "Next");
 * by default all. Hidden questions are ignored (their values are not stored). Returns rows to
 * store, or field errors keyed `q{id}` (a matrix reports on the whole question).
 */
export function validateAnswers(
	form: SurveyForm,
	raw: RawAnswers,
	opts: { questions?: readonly FormQuestion[]; requireAnswers?: boolean } = {}
): { rows: AnswerRow[]; errors: Record<string, AnswerError> } {
	const visible = visibleQuestionIds(form, raw);
	const rows: AnswerRow[] = [];
	const errors: Record<string, AnswerError> = {};
	const requireAnswers = opts.requireAnswers ?? true;
	for (const q of opts.questions ?? form.questions) {
		if (!visible.has(q.id)) continue;
		const field = 'q' + q.id;
		const row = (r: Partial<AnswerRow>): AnswerRow => ({
			questionId: q.id,
			item: 0,
			value: null,
			numberValue: null,
			textValue: null,
			...r
		});
		const allowed = new Set(q.options.map((o) => o.value));
		const isAllowed = (s: string) => /^-?\d+$/.test(s) && allowed.has(Number(s));
		switch (q.type) {
			case 'single': {
				const v = raw[field];
				if (v === undefined) {
					if (q.required && requireAnswers) errors[field] = { key: 'survey.error.requiredQuestion' };
				} else if (Array.isArray(v) || !isAllowed(v)) errors[field] = { key: 'survey.error.choice' };
				else rows.push(row({ value: Number(v) }));
				break;
			}
			case 'multi': {
				const picks = [...new Set(asList(raw[field]))];
				if (picks.length === 0) {
					if (q.required && requireAnswers) errors[field] = { key: 'survey.error.requiredQuestion' };
				} else if (!picks.every(isAllowed)) errors[field] = { key: 'survey.error.choice' };
				else if (q.maxPicks !== null && picks.length > q.maxPicks)
					errors[field] = { key: 'survey.error.tooManyPicks', params: { max: q.maxPicks } };
				else for (const p of picks) rows.push(row({ value: Number(p) }));
				break;
			}
			case 'matrix':
			case 'learning_situations': {
				const items: AnswerRow[] = [];
				let missing = false;
				let bad = false;
				q.statements.forEach((_, item) => {
					const v = raw[`${field}_${item}`];
					if (v === undefined) missing = true;
					else if (Array.isArray(v) || !isAllowed(v)) bad = true;
					else items.push(row({ item, value: Number(v) }));
				});
				// A statement index beyond the list is a forged field.
				const extra = Object.keys(raw).some((k) => {
					const m = new RegExp(`^${field}_(\\d+)$`).exec(k);
					return m !== null && Number(m[1]) >= q.statements.length;
				});
				if (bad || extra) errors[field] = { key: 'survey.error.choice' };
				else if (missing && q.required && requireAnswers)
					errors[field] = { key: 'survey.error.requiredMatrix' };
				else rows.push(...items);
				break;
			}
			case 'text': {
				const v = asOne(raw[field])?.trim();
				if (!v) {
					if (q.required && requireAnswers) errors[field] = { key: 'survey.error.requiredQuestion' };
				} else if (Array.isArray(raw[field])) errors[field] = { key: 'survey.error.choice' };
				else if (v.length > TEXT_MAX)
					errors[field] = { key: 'survey.error.textTooLong', params: { max: TEXT_MAX } };
				else rows.push(row({ textValue: v }));
				break;
			}
			case 'number': {
				const v = raw[field];
				const min = q.min ?? -NUMBER_LIMIT;
				const max = q.max ?? NUMBER_LIMIT;
				if (v === undefined) {
					if (q.required && requireAnswers) errors[field] = { key: 'survey.error.requiredQuestion' };
					break;
				}
				const text = Array.isArray(v) ? '' : v.replace(',', '.');
				const n = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
				if (!Number.isFinite(n)) errors[field] = { key: 'survey.error.number' };
				else if (n < min || n > max)
					errors[field] = { key: 'survey.error.numberRange', params: { min, max } };
				else rows.push(row({ numberValue: n }));
				break;
			}
		}
	}
	return { rows, errors };
}
