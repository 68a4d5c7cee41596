import { recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import { parseInput } from '../core/validation.ts';
import { AccessDeniedError, authorize, type Actor } from '../policy/policy.ts';
import { parseI18n, stringifyI18n, type I18nText } from './i18n-text.ts';
import {
	builtInScaleRows,
	findBuiltInScaleId,
	insertBuiltInScale,
	insertScale,
	programmeScaleCodeTaken,
	programmeScaleCount,
	programmeScaleRows
} from './scales.repository.ts';
import { scaleSchema, SurveyError, surveyInputError } from './surveys.schema.ts';

/**
 * Scales for single-choice and matrix questions. Options are ordered from the top degree
 * (the first option is "the top degree" wherever results count it, e.g. the
 * experienced-learning index). Higher values mean more agreement; a "don't know" option
 * has value 0 and `dontKnow: true` and is left out of the base of percentages where the
 * results say so.
 */
export interface ScaleOption {
	value: number;
	labels: I18nText;
	dontKnow?: true;
}

export interface Scale {
	id: number;
	/** Null for the scales built into Klok. */
	programmeId: number | null;
	code: string;
	name: I18nText;
	options: ScaleOption[];
}

interface BuiltInScale {
	code: string;
	name: I18nText;
	options: ScaleOption[];
}

const o = (value: number, en: string, sv: string, da: string, nb: string, dontKnow = false): ScaleOption =>
	dontKnow ? { value, labels: { en, sv, da, nb }, dontKnow: true } : { value, labels: { en, sv, da, nb } };

/** Codes of the built-in scales. */
export const SCALE_CODES = {
	agreement: 'agreement4_dk',
	degree: 'degree5',
	learningDegree: 'learning_degree4',
	yesNo: 'yes_no',
	mainly: 'mainly_yes_no'
} as const;

/** The scales of the seeds, built in for every programme. */
export const BUILT_IN_SCALES: readonly BuiltInScale[] = [
	{
		// KLURA's staff survey (Tables 3 and 4).
		code: SCALE_CODES.agreement,
		name: {
			en: 'Agreement, 4 points + don’t know',
			sv: 'Instämmande, 4 steg + vet ej',
			da: 'Enighed, 4 trin + ved ikke',
			nb: 'Enighet, 4 trinn + vet ikke'
		},
		options: [
			o(4, 'Yes, absolutely', 'Ja, absolut', 'Ja, absolut', 'Ja, absolutt'),
			o(3, 'Yes, to some extent', 'Ja, i någon mån', 'Ja, i nogen grad', 'Ja, i noen grad'),
			o(2, 'No, hardly', 'Nej, knappast inte', 'Nej, næppe', 'Nei, neppe'),
			o(1, 'No, absolutely not', 'Nej, absolut inte', 'Nej, absolut ikke', 'Nei, absolutt ikke'),
			o(0, 'Don’t know', 'Vet ej', 'Ved ikke', 'Vet ikke', true)
		]
	},
	{
		// Samskabelse: every figure is a distribution over this scale.
		code: SCALE_CODES.degree,
		name: {
			en: 'Degree, 5 points',
			sv: 'Grad, 5 steg',
			da: 'Grad, 5 trin',
			nb: 'Grad, 5 trinn'
		},
		options: [
			o(5, 'To a very high degree', 'I mycket hög grad', 'I meget høj grad', 'I svært høy grad'),
			o(4, 'To a high degree', 'I hög grad', 'I høj grad', 'I høy grad'),
			o(3, 'To some degree', 'I viss mån', 'I nogen grad', 'I noen grad'),
			o(2, 'To a low degree', 'I låg grad', 'I lav grad', 'I liten grad'),
			o(1, 'Not at all', 'Inte alls', 'Slet ikke', 'Ikke i det hele tatt')
		]
	},
	{
		// "Læring på jobbet": the learning measure counts answers "i høj grad", the top degree.
		code: SCALE_CODES.learningDegree,
		name: {
			en: 'Learning degree, 4 points',
			sv: 'Lärandegrad, 4 steg',
			da: 'Læringsgrad, 4 trin',
			nb: 'Læringsgrad, 4 trinn'
		},
		options: [
			o(4, 'To a high degree', 'I hög grad', 'I høj grad', 'I høy grad'),
			o(3, 'To some degree', 'I viss mån', 'I nogen grad', 'I noen grad'),
			o(2, 'To a small degree', 'I liten grad', 'I mindre grad', 'I mindre grad'),
			o(1, 'Not at all', 'Inte alls', 'Slet ikke', 'Ikke i det hele tatt')
		]
	},
	{
		code: SCALE_CODES.yesNo,
		name: { en: 'Yes / no', sv: 'Ja / nej', da: 'Ja / nej', nb: 'Ja / nei' },
		options: [o(2, 'Yes', 'Ja', 'Ja', 'Ja'), o(1, 'No', 'Nej', 'Nej', 'Nei')]
	},
	{
		code: SCALE_CODES.mainly,
		name: {
			en: 'Mainly yes / mainly no',
			sv: 'Övervägande ja / övervägande nej',
			da: 'Overvejende ja / overvejende nej',
			nb: 'Stort sett ja / stort sett nei'
		},
		options: [
			o(2, 'Mainly yes', 'Övervägande ja', 'Overvejende ja', 'Stort sett ja'),
			o(1, 'Mainly no', 'Övervägande nej', 'Overvejende nej', 'Stort sett nei')
		]
	}
];

/** Reads a stored scale row. */
export function scaleFromRow(row: {
	id: number;
	programmeId: number | null;
	code: string;
	nameJson: string;
	optionsJson: string;
}): Scale {
	const raw = JSON.parse(row.optionsJson) as { value: number; labels: unknown; dontKnow?: boolean }[];
	return {
		id: row.id,
		programmeId: row.programmeId,
		code: row.code,
		name: parseI18n(row.nameJson),
		options: raw.map((r) => ({
			value: Number(r.value),
			labels: parseI18n(typeof r.labels === 'string' ? r.labels : JSON.stringify(r.labels)),
			...(r.dontKnow ? { dontKnow: true as const } : {})
		}))
	};
}

/** Serialises options for `options_json`. */
export function optionsJson(options: readonly ScaleOption[]): string {
	return JSON.stringify(
		options.map((opt) => ({
			value: opt.value,
			labels: JSON.parse(stringifyI18n(opt.labels)) as I18nText,
			...(opt.dontKnow ? { dontKnow: true } : {})
		}))
	);
}

/**
 * Makes sure the built-in scales exist (rows with `programme_id` null); inserts the missing
 * ones only, so it is cheap and safe to call on every survey operation. Returns code → id.
 */
export async function ensureBuiltInScales(db: Db): Promise<Record<string, number>> {
	const existing = await builtInScaleRows(db);
	const ids: Record<string, number> = {};
	for (const row of existing) ids[row.code] ??= row.id;
	const missing = BUILT_IN_SCALES.filter((s) => ids[s.code] === undefined);
	if (missing.length > 0) {
		// Inside a caller's transaction already, or in a new one.
		const run = <T>(work: (trx: Db) => Promise<T>) =>
			db.isTransaction ? work(db) : db.transaction().execute(work);
		await run(async (trx) => {
			for (const scale of missing) {
				// Checked again inside the transaction: two first calls at once insert once on SQLite,
				// and at worst a harmless duplicate on PostgreSQL (the lowest id wins everywhere).
				ids[scale.code] =
					(await findBuiltInScaleId(trx, scale.code)) ??
					(await insertBuiltInScale(trx, {
						code: scale.code,
						nameJson: stringifyI18n(scale.name),
						optionsJson: optionsJson(scale.options)
					}));
			}
		});
	}
	return ids;
}

/** The eight learning situations of "Læring på jobbet", asked on the learning-degree scale. */
export const LEARNING_SITUATIONS: readonly I18nText[] = [
	{
		da: 'Bidrager varetagelsen af arbejdsopgaver uden for dit område til, at du lærer nyt?',
		sv: 'Bidrar arbetsuppgifter utanför ditt eget område till att du lär dig nytt?',
		en: 'Do tasks outside your own area help you learn something new?'
	},
	{
		da: 'Bidrager udførelsen af arbejde, som du ikke føler dig rustet til at varetage, til, at du lærer nyt?',
		sv: 'Bidrar arbete som du inte känner dig rustad för till att du lär dig nytt?',
		en: 'Does work you do not feel equipped for help you learn something new?'
	},
	{
		da: 'Bidrager snak med dine kolleger til, at du lærer nyt?',
		sv: 'Bidrar samtal med dina kolleger till att du lär dig nytt?',
		en: 'Do conversations with your colleagues help you learn something new?'
	},
	{
		da: 'Bidrager snak med din overordnede til, at du lærer nyt?',
		sv: 'Bidrar samtal med din chef till att du lär dig nytt?',
		en: 'Do conversations with your manager help you learn something new?'
	},
	{
		da: 'Bidrager interne møder på din arbejdsplads til, at du lærer nyt?',
		sv: 'Bidrar interna möten på din arbetsplats till att du lär dig nytt?',
		en: 'Do internal meetings at your workplace help you learn something new?'
	},
	{
		da: 'Har der været situationer, hvor du selv har opdaget, at du kunne gøre dit arbejde lettere?',
		sv: 'Har det funnits situationer där du själv har upptäckt att du kunde göra ditt arbete lättare?',
		en: 'Have there been situations where you found out yourself that you could make your work easier?'
	},
	{
		da: 'Har der været situationer, hvor du selv har opdaget, at du kunne gøre dit arbejde bedre?',
		sv: 'Har det funnits situationer där du själv har upptäckt att du kunde göra ditt arbete bättre?',
		en: 'Have there been situations where you found out yourself that you could do your work better?'
	},
	{
		da: 'Har der været situationer, hvor du selv har opdaget, at du har begået fejl i arbejdet?',
		sv: 'Har det funnits situationer där du själv har upptäckt att du har gjort fel i arbetet?',
		en: 'Have there been situations where you found out yourself that you had made mistakes in your work?'
	}
];

/** The block's own question text. */
export const LEARNING_SITUATIONS_TEXT: I18nText = {
	en: 'Think of the past year at work. To what degree has each of these situations made you learn something new?',
	sv: 'Tänk på det senaste året på jobbet. I vilken grad har var och en av dessa situationer fått dig att lära dig något nytt?',
	da: 'Tænk på det seneste år på jobbet. I hvilken grad har hver af disse situationer fået dig til at lære noget nyt?'
};

/** Experienced-learning level from the count of situations answered at the top degree (< 3 low, 3–5 medium, > 5 high). */
export function learningLevel(topDegreeCount: number): 'low' | 'medium' | 'high' {
	return topDegreeCount < 3 ? 'low' : topDegreeCount <= 5 ? 'medium' : 'high';
}

// ---------------------------------------------------------------------------------------------
// Scales

/** Built-in scales and the programme's own (office). */
export async function listScales(db: Db, actor: Actor, programmeId: number): Promise<Scale[]> {
	authorize(actor, 'read', { type: 'survey', id: 0, programmeId });
	await ensureBuiltInScales(db);
	return (await programmeScaleRows(db, programmeId)).map(scaleFromRow);
}

/** One scale, built-in or the programme's own. */
export async function getScale(db: Db, actor: Actor, programmeId: number, scaleId: number): Promise<Scale> {
	const scale = (await listScales(db, actor, programmeId)).find((s) => s.id === scaleId);
	if (!scale) throw new AccessDeniedError();
	return scale;
}

/**
 * A custom scale of the programme. Options are given from the top degree; values default to
 * n..1 (a "don't know" option to 0). At least two options and distinct values, else refused.
 */
export async function createScale(db: Db, actor: Actor, programmeId: number, input: unknown): Promise<Scale> {
	authorize(actor, 'create', { type: 'survey', id: 0, programmeId });
	const data = parseInput(scaleSchema, input, surveyInputError);
	const options = data.options ?? [];
	const graded = options.filter((o) => !o.dontKnow).length;
	let next = graded;
	const values = options.map((o) => ({
		value: o.value ?? (o.dontKnow ? 0 : next--),
		labels: o.labels,
		...(o.dontKnow ? { dontKnow: true as const } : {})
	}));
	if (new Set(values.map((v) => v.value)).size !== values.length)
		throw new SurveyError({ options: 'surveys.error.scaleDuplicate' });
	return db.transaction().execute(async (trx) => {
		const code = data.code ?? `custom-${(await programmeScaleCount(trx, programmeId)) + 1}`;
		if (await programmeScaleCodeTaken(trx, programmeId, code))
			throw new SurveyError({ code: 'surveys.error.codeTaken' }, undefined, true);
		const row = await insertScale(trx, {
			programmeId,
			code,
			nameJson: stringifyI18n(data.name),
			optionsJson: optionsJson(values)
		});
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'survey',
			entityId: null,
			after: { scale: code }
		});
		return scaleFromRow(row);
	});
}
