import type { Db } from '../db/database.ts';
import { parseInput } from '../core/validation.ts';
import type { QuestionType } from '../db/schema.ts';
import { AccessDeniedError, authorize, type Actor } from '../policy/policy.ts';
import { parseI18n, type I18nText } from './i18n-text.ts';
import { scaleFromRow, type Scale } from './scales.service.ts';
import {
	bankRows,
	bankUseCounts,
	findBankRow,
	insertBankQuestion,
	questionColumnsRow,
	updateQuestionRow
} from './builder.repository.ts';
import { scaleRows } from './scales.repository.ts';
import {
	checkSection,
	getSurvey,
	insertQuestion,
	loadSurvey,
	questionOf,
	touch,
	type ChoiceOption,
	type QuestionView
} from './builder.service.ts';
import { fromBankSchema, SurveyError, surveyInputError } from './surveys.schema.ts';

/**
 * The question bank: questions saved for reuse. A survey question added from the bank keeps
 * `bank_question_id`, and the same bank question in two surveys (e.g. a baseline and its
 * follow-up) is what makes their results comparable.
 */

export interface BankQuestionView {
	id: number;
	programmeId: number | null;
	type: QuestionType;
	text: I18nText;
	scale: Scale | null;
	options: ChoiceOption[];
	maxPicks: number | null;
	/** How many survey questions use it. */
	usedBy: number;
}

function bankOptions(json: string | null): ChoiceOption[] {
	if (!json) return [];
	const raw: unknown = JSON.parse(json);
	return Array.isArray(raw)
		? raw.map((r: { value: number; labels: unknown }) => ({
				value: Number(r.value),
				labels: parseI18n(JSON.stringify(r.labels))
			}))
		: [];
}

/** The programme's bank (office). */
export async function listBank(db: Db, actor: Actor, programmeId: number): Promise<BankQuestionView[]> {
	authorize(actor, 'read', { type: 'survey', id: 0, programmeId });
	const rows = await bankRows(db, programmeId);
	const scales = new Map(
		(
			await scaleRows(db, [...new Set(rows.map((r) => r.scaleId).filter((x): x is number => x !== null))])
		).map((s) => [s.id, scaleFromRow(s)])
	);
	const uses =
		rows.length === 0
			? []
			: await bankUseCounts(
					db,
					rows.map((r) => r.id)
				);
	const used = new Map(uses.map((u) => [u.bankQuestionId, Number(u.n)]));
	return rows.map((r) => ({
		id: r.id,
		programmeId: r.programmeId,
		type: r.type,
		text: parseI18n(r.textJson),
		scale: r.scaleId !== null ? (scales.get(r.scaleId) ?? null) : null,
		options: bankOptions(r.optionsJson),
		maxPicks: r.maxPicks,
		usedBy: used.get(r.id) ?? 0
	}));
}

/**
 * Saves a survey question to the programme's bank and ties the question to it. A question
 * already in the bank keeps its bank question (idempotent). Returns the bank question id.
 */
export async function saveToBank(
	db: Db,
	actor: Actor,
	surveyId: number,
	questionId: number
): Promise<number> {
	const survey = await getSurvey(db, actor, surveyId, 'update');
	const q = questionOf(survey, questionId);
	if (q.bankQuestionId !== null) return q.bankQuestionId;
	return db.transaction().execute(async (trx) => {
		const row = await questionColumnsRow(trx, questionId);
		const bankId = await insertBankQuestion(trx, { programmeId: survey.programmeId, ...row });
		await updateQuestionRow(trx, questionId, { bankQuestionId: bankId });
		return bankId;
	});
}

/** Adds a bank question to a survey (keeping its bank id), at the end of a section. */
export async function addFromBank(
	db: Db,
	actor: Actor,
	surveyId: number,
	input: unknown
): Promise<QuestionView> {
	const survey = await getSurvey(db, actor, surveyId, 'update');
	const data = parseInput(fromBankSchema, input, surveyInputError);
	if (survey.locked) throw new SurveyError({ _form: 'surveys.error.locked' }, undefined, true);
	const bank = await findBankRow(db, data.bankQuestionId);
	if (!bank || (bank.programmeId !== null && bank.programmeId !== survey.programmeId))
		throw new SurveyError({ bankQuestionId: 'error.unknownId' });
	const id = await db.transaction().execute(async (trx) => {
		const sectionId = await checkSection(trx, surveyId, data.sectionId);
		const id = await insertQuestion(
			trx,
			surveyId,
			{
				type: bank.type,
				textJson: bank.textJson,
				scaleId: bank.scaleId,
				optionsJson: bank.optionsJson,
				maxPicks: bank.maxPicks
			},
			{ sectionId, required: data.required ?? false, condition: null, bankQuestionId: bank.id }
		);
		await touch(trx, surveyId);
		return id;
	});
	const after = await loadSurvey(db, surveyId);
	if (!after) throw new AccessDeniedError();
	return questionOf(after, id);
}
