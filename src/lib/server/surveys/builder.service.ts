import { recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import type { QuestionType, SurveyKind, SurveyStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { requireChanges } from '../core/errors.ts';
import { parseInput } from '../core/validation.ts';
import { activityProgrammeId, activityTitles, sessionContext } from '../catalogue/catalogue.service.ts';
import { courseEvaluationTitle } from './course-evaluation.naming.ts';
import { programmeSurveySettings } from '../organisation/organisation.service.ts';
import { AccessDeniedError, authorize, can, type Actor, type Resource } from '../policy/policy.ts';
import { parseI18n, stringifyI18n, type I18nText } from './i18n-text.ts';
import {
	ensureBuiltInScales,
	LEARNING_SITUATIONS,
	scaleFromRow,
	SCALE_CODES,
	type Scale
} from './scales.service.ts';
import {
	deleteQuestionRow,
	deleteSectionRow,
	deleteSurveyRows,
	findSectionOf,
	findSurveyRow,
	hasInvitations,
	hasLaterWave,
	insertQuestionRow,
	insertSection,
	insertSurvey,
	lastQuestionOrder,
	questionRows,
	responseCount,
	sectionRows,
	setSectionOrder,
	surveyListRows,
	touchSurvey,
	updateQuestionRow,
	updateSurveyRow
} from './builder.repository.ts';
import { findScaleOwner, scaleRows } from './scales.repository.ts';
import {
	moveSchema,
	questionSchema,
	sectionSchema,
	surveyCreateSchema,
	surveyQuerySchema,
	surveyUpdateSchema,
	SurveyError,
	surveyInputError,
	wordingSchema,
	type QuestionInput
} from './surveys.schema.ts';
import { SURVEY_TEMPLATES, type TemplateQuestion } from './templates.ts';

/**
 * The survey builder: surveys, sections and questions (scales: `scales.service.ts`, waves:
 * `waves.service.ts`). Every function takes
 * the acting person; the policy's `survey` resource decides (programme office), and a refusal
 * is an `AccessDeniedError` shown as "not found". Rule and input errors are `SurveyError`
 * with a message per field. Once a survey has responses, only wording may change.
 */

const locked = () => new SurveyError({ _form: 'surveys.error.locked' }, undefined, true);

// ---------------------------------------------------------------------------------------------
// Views

/** A choice of a multiple-choice question (values 1..n) or a statement of a matrix (value = item, 0-based). */
export interface ChoiceOption {
	value: number;
	labels: I18nText;
}

export interface QuestionView {
	id: number;
	surveyId: number;
	sectionId: number | null;
	bankQuestionId: number | null;
	type: QuestionType;
	text: I18nText;
	scaleId: number | null;
	/** The scale of single, matrix and learning-situations questions. */
	scale: Scale | null;
	/** Multi: the choices. Matrix and learning situations: the statements (value = `item` of the answer). */
	options: ChoiceOption[];
	maxPicks: number | null;
	/** Number questions: allowed range. */
	min: number | null;
	max: number | null;
	required: boolean;
	condition: { questionId: number; values: number[] } | null;
	sortOrder: number;
	/** 1-based position in the survey as the respondent sees it. */
	position: number;
}

export interface SectionView {
	id: number;
	title: I18nText;
	sortOrder: number;
}

export interface SurveyView {
	id: number;
	programmeId: number;
	kind: SurveyKind;
	title: I18nText;
	intro: I18nText | null;
	anonymous: boolean;
	status: SurveyStatus;
	opensAt: string | null;
	closesAt: string | null;
	sessionId: number | null;
	activityId: number | null;
	previousWaveId: number | null;
	audience: unknown;
	createdBy: number | null;
	createdAt: string;
	updatedAt: string;
	sections: SectionView[];
	/** In the order the respondent sees them: questions outside sections first, then section by section. */
	questions: QuestionView[];
	/** Every scale used by a question, by id. */
	scales: Record<number, Scale>;
	responseCount: number;
	/** True when responses exist: only wording may change. */
	locked: boolean;
}

function questionOptions(row: { optionsJson: string | null }): {
	options: ChoiceOption[];
	min: number | null;
	max: number | null;
} {
	if (!row.optionsJson) return { options: [], min: null, max: null };
	const raw: unknown = JSON.parse(row.optionsJson);
	if (Array.isArray(raw))
		return {
			options: raw.map((r: { value: number; labels: unknown }) => ({
				value: Number(r.value),
				labels: parseI18n(JSON.stringify(r.labels))
			})),
			min: null,
			max: null
		};
	const range = raw as { min?: number | null; max?: number | null };
	return { options: [], min: range.min ?? null, max: range.max ?? null };
}

/** Display order: questions outside sections, then by section order, each by sort order. */
export function orderQuestions<T extends { sectionId: number | null; sortOrder: number; id: number }>(
	rows: readonly T[],
	sections: readonly { id: number }[]
): T[] {
	const rank = new Map(sections.map((s, i) => [s.id, i]));
	return [...rows].sort(
		(a, b) =>
			(a.sectionId === null ? -1 : (rank.get(a.sectionId) ?? 1e9)) -
				(b.sectionId === null ? -1 : (rank.get(b.sectionId) ?? 1e9)) ||
			a.sortOrder - b.sortOrder ||
			a.id - b.id
	);
}

/**
 * Loads a survey with its sections, questions (in display order) and scales; null when
 * unknown. No permission check: for distribution, answering and results, which check their own.
 */
export async function loadSurvey(db: Db, surveyId: number): Promise<SurveyView | null> {
	const row = await findSurveyRow(db, surveyId);
	if (!row) return null;
	const [sections, questions, responses] = await Promise.all([
		sectionRows(db, surveyId),
		questionRows(db, surveyId),
		responseCount(db, surveyId)
	]);
	const scaleIds = [...new Set(questions.map((q) => q.scaleId).filter((id): id is number => id !== null))];
	const scales: Record<number, Scale> = {};
	for (const s of await scaleRows(db, scaleIds)) scales[s.id] = scaleFromRow(s);
	const ordered = orderQuestions(questions, sections);
	return {
		id: row.id,
		programmeId: row.programmeId,
		kind: row.kind,
		title: parseI18n(row.titleJson),
		intro: row.introJson ? parseI18n(row.introJson) : null,
		anonymous: Number(row.anonymous) === 1,
		status: row.status,
		opensAt: row.opensAt,
		closesAt: row.closesAt,
		sessionId: row.sessionId,
		activityId: row.activityId,
		previousWaveId: row.previousWaveId,
		audience: row.audienceJson ? (JSON.parse(row.audienceJson) as unknown) : null,
		createdBy: row.createdBy,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		sections: sections.map((s) => ({
			id: s.id,
			title: parseI18n(s.titleJson),
			sortOrder: Number(s.sortOrder)
		})),
		questions: ordered.map((q, i) => {
			const { options, min, max } = questionOptions(q);
			return {
				id: q.id,
				surveyId: q.surveyId,
				sectionId: q.sectionId,
				bankQuestionId: q.bankQuestionId,
				type: q.type,
				text: parseI18n(q.textJson),
				scaleId: q.scaleId,
				scale: q.scaleId !== null ? (scales[q.scaleId] ?? null) : null,
				options,
				maxPicks: q.maxPicks,
				min,
				max,
				required: Number(q.required) === 1,
				condition: q.conditionJson ? (JSON.parse(q.conditionJson) as QuestionView['condition']) : null,
				sortOrder: Number(q.sortOrder),
				position: i + 1
			};
		}),
		scales,
		responseCount: responses,
		locked: responses > 0
	};
}

/** The policy's view of a survey. */
export function surveyResource(row: {
	id: number;
	programmeId: number;
}): Extract<Resource, { type: 'survey' }> {
	return { type: 'survey', id: row.id, programmeId: row.programmeId };
}

/** May the actor build surveys in the programme (the office)? For navigation and pages. */
export function isSurveyOffice(actor: Actor, programmeId: number): boolean {
	return can(actor, 'create', { type: 'survey', id: 0, programmeId });
}

/**
 * Refuses (as not found) unless the policy allows `action` on the survey. A cheap check for
 * form actions, made before the submitted body is read.
 */
export async function authorizeSurvey(
	db: Db,
	actor: Actor,
	surveyId: number,
	action: 'read' | 'update' = 'update'
): Promise<void> {
	const row = await findSurveyRow(db, surveyId);
	if (!row) throw new AccessDeniedError();
	authorize(actor, action, surveyResource(row));
}

/** A survey for the builder; refused (as not found) unless the policy allows `action`. */
export async function getSurvey(
	db: Db,
	actor: Actor,
	surveyId: number,
	action: 'read' | 'update' = 'read'
): Promise<SurveyView> {
	const survey = await loadSurvey(db, surveyId);
	if (!survey) throw new AccessDeniedError();
	authorize(actor, action, surveyResource(survey));
	return survey;
}

export interface SurveyListItem {
	id: number;
	kind: SurveyKind;
	title: I18nText;
	status: SurveyStatus;
	anonymous: boolean;
	opensAt: string | null;
	closesAt: string | null;
	previousWaveId: number | null;
	createdAt: string;
	questionCount: number;
	responseCount: number;
}

/** The programme's surveys, newest first (office). */
export async function listSurveys(
	db: Db,
	actor: Actor,
	programmeId: number,
	query: unknown = {}
): Promise<SurveyListItem[]> {
	authorize(actor, 'read', { type: 'survey', id: 0, programmeId });
	const q = parseInput(surveyQuerySchema, query, surveyInputError);
	const rows = await surveyListRows(db, programmeId, {
		status: q.status === 'all' ? undefined : q.status,
		kind: q.kind
	});
	return rows.map(surveyListItem);
}

// ---------------------------------------------------------------------------------------------
// Surveys

/** Marks a survey as changed now. */
export async function touch(db: Db, surveyId: number) {
	await touchSurvey(db, surveyId);
}

/** Stored form of a question: what goes into the survey_questions / bank columns. */
export interface QuestionColumns {
	type: QuestionType;
	textJson: string;
	scaleId: number | null;
	optionsJson: string | null;
	maxPicks: number | null;
}

const labelsJson = (items: readonly { labels: I18nText }[], first: number) =>
	JSON.stringify(
		items.map((item, i) => ({ value: first + i, labels: JSON.parse(stringifyI18n(item.labels)) }))
	);

/** Checks a question's scale and turns the input into columns (shared with the question bank). */
export async function questionColumns(
	db: Db,
	programmeId: number,
	q: QuestionInput
): Promise<QuestionColumns> {
	const ids = await ensureBuiltInScales(db);
	let scaleId: number | null = null;
	if (q.type === 'single' || q.type === 'matrix') {
		const scale = await findScaleOwner(db, q.scaleId!);
		if (!scale || (scale.programmeId !== null && scale.programmeId !== programmeId))
			throw new SurveyError({ scaleId: 'surveys.error.unknownScale' });
		scaleId = scale.id;
	}
	if (q.type === 'learning_situations') scaleId = ids[SCALE_CODES.learningDegree]!;
	let options: string | null = null;
	if (q.type === 'multi') options = labelsJson(q.options ?? [], 1);
	if (q.type === 'matrix') options = labelsJson(q.statements ?? [], 0);
	if (q.type === 'learning_situations')
		options = labelsJson(
			(q.statements && q.statements.length === 8
				? q.statements.map((s) => s.labels)
				: LEARNING_SITUATIONS
			).map((labels) => ({ labels })),
			0
		);
	if (q.type === 'number' && (q.min != null || q.max != null))
		options = JSON.stringify({ min: q.min ?? null, max: q.max ?? null });
	return {
		type: q.type,
		textJson: stringifyI18n(q.text),
		scaleId,
		optionsJson: options,
		maxPicks: q.type === 'multi' ? (q.maxPicks ?? null) : null
	};
}

/** The section id when it belongs to the survey, else a field error. */
export async function checkSection(db: Db, surveyId: number, sectionId: number | null | undefined) {
	if (!sectionId) return null;
	const id = await findSectionOf(db, surveyId, sectionId);
	if (id === undefined) throw new SurveyError({ sectionId: 'surveys.error.unknownSection' });
	return id;
}

/**
 * Every condition must point at an earlier question of the same survey that is a single or
 * multiple choice, with values that question can take. Checked after each change, inside
 * its transaction, so a broken order is rolled back. `editedId`: the question whose own
 * condition is being set (its errors go to the `condition.*` fields).
 */
export async function validateConditions(db: Db, surveyId: number, editedId: number | null): Promise<void> {
	const survey = await loadSurvey(db, surveyId);
	if (!survey) return;
	const position = new Map(survey.questions.map((q) => [q.id, q]));
	for (const q of survey.questions) {
		if (!q.condition) continue;
		const own = q.id === editedId;
		const target = position.get(q.condition.questionId);
		if (!target || target.position >= q.position)
			throw new SurveyError(
				own
					? { 'condition.questionId': 'surveys.error.conditionEarlier' }
					: { _form: 'surveys.error.conditionOrder' }
			);
		if (target.type !== 'single' && target.type !== 'multi')
			throw new SurveyError(
				own
					? { 'condition.questionId': 'surveys.error.conditionType' }
					: { _form: 'surveys.error.conditionOrder' }
			);
		const allowed = new Set(
			target.type === 'single'
				? (target.scale?.options.map((o) => o.value) ?? [])
				: target.options.map((o) => o.value)
		);
		if (!q.condition.values.every((v) => allowed.has(v)))
			throw new SurveyError(
				own
					? { 'condition.values': 'surveys.error.conditionValues' }
					: { _form: 'surveys.error.conditionOrder' }
			);
	}
}

/** Inserts a question at the end of its section (shared with the question bank). */
export async function insertQuestion(
	db: Db,
	surveyId: number,
	columns: QuestionColumns,
	extra: {
		sectionId: number | null;
		required: boolean;
		condition: { questionId: number; values: number[] } | null;
		bankQuestionId: number | null;
	}
): Promise<number> {
	const last = await lastQuestionOrder(db, surveyId, extra.sectionId);
	return insertQuestionRow(db, {
		surveyId,
		sectionId: extra.sectionId,
		bankQuestionId: extra.bankQuestionId,
		...columns,
		required: extra.required ? 1 : 0,
		conditionJson: extra.condition ? JSON.stringify(extra.condition) : null,
		sortOrder: last + 1
	});
}

/**
 * Checks the session or activity a survey is tied to; returns the activity evaluated (a
 * session's own activity) and the session, for naming course evaluations.
 */
async function checkLink(db: Db, programmeId: number, sessionId?: number | null, activityId?: number | null) {
	let session: Awaited<ReturnType<typeof sessionContext>> = null;
	if (sessionId) {
		session = await sessionContext(db, sessionId);
		if (!session || session.programmeId !== programmeId)
			throw new SurveyError({ sessionId: 'error.unknownId' });
		if (activityId && activityId !== session.activityId)
			throw new SurveyError({ activityId: 'error.unknownId' });
	}
	if (activityId && !session) {
		if ((await activityProgrammeId(db, activityId)) !== programmeId)
			throw new SurveyError({ activityId: 'error.unknownId' });
	}
	const evaluatedActivityId = session?.activityId ?? activityId ?? null;
	const activityTitle =
		evaluatedActivityId === null
			? null
			: ((await activityTitles(db, [evaluatedActivityId])).get(evaluatedActivityId) ?? null);
	return { session, activityId: evaluatedActivityId, activityTitle };
}

/** Adds a template's questions (by scale code; conditions by template key) to a survey. */
async function addTemplateQuestions(
	db: Db,
	programmeId: number,
	surveyId: number,
	sectionId: number | null,
	questions: readonly TemplateQuestion[],
	scaleIds: Record<string, number>,
	keys: Map<string, number>
) {
	for (const tq of questions) {
		const input = parseInput(
			questionSchema,
			{
				type: tq.type,
				text: tq.text,
				required: tq.required ?? false,
				scaleId: tq.scale ? scaleIds[tq.scale] : undefined,
				options: tq.options?.map((labels) => ({ labels })),
				statements: tq.statements?.map((labels) => ({ labels })),
				maxPicks: tq.maxPicks,
				min: tq.min,
				max: tq.max
			},
			surveyInputError
		);
		const condition = tq.showWhen
			? { questionId: keys.get(tq.showWhen.key)!, values: tq.showWhen.values }
			: null;
		const id = await insertQuestion(db, surveyId, await questionColumns(db, programmeId, input), {
			sectionId,
			required: input.required ?? false,
			condition,
			bankQuestionId: null
		});
		if (tq.key) keys.set(tq.key, id);
	}
}

/**
 * Creates a draft survey, blank (title required) or from a template (its sections and
 * questions, on the built-in scales). One transaction.
 */
export async function createSurvey(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<SurveyView> {
	authorize(actor, 'create', { type: 'survey', id: 0, programmeId });
	const data = parseInput(surveyCreateSchema, input, surveyInputError);
	const template = data.template ? SURVEY_TEMPLATES[data.template] : null;
	if (!template && !data.title) throw new SurveyError({ title: 'surveys.error.oneLanguage' });
	const scaleIds = await ensureBuiltInScales(db);
	const id = await db.transaction().execute(async (trx) => {
		const link = await checkLink(trx, programmeId, data.sessionId, data.activityId);
		const now = nowIso();
		const kind = data.kind ?? template?.kind ?? 'custom';
		// A course evaluation says what it evaluates: the activity, and the session's date and place.
		const title =
			data.title ??
			(kind === 'course_evaluation' && link.activityTitle
				? courseEvaluationTitle(
						template!.title,
						link.activityTitle,
						link.session
							? {
									title: link.session.title,
									startsAt: link.session.startsAt,
									place: link.session.place,
									timeZone: link.session.timeZone
								}
							: null
					)
				: template!.title);
		const intro = data.intro === undefined ? template?.intro : data.intro;
		const surveyId = await insertSurvey(trx, {
			programmeId,
			kind,
			titleJson: stringifyI18n(title),
			introJson: intro ? stringifyI18n(intro) : null,
			anonymous: data.anonymous === false ? 0 : 1,
			sessionId: data.sessionId ?? null,
			// A session's evaluation also names the activity, so the activity page finds it.
			activityId: kind === 'course_evaluation' ? link.activityId : (data.activityId ?? null),
			createdBy: actor.personId,
			updatedAt: now
		});
		if (template) {
			const keys = new Map<string, number>();
			await addTemplateQuestions(trx, programmeId, surveyId, null, template.questions ?? [], scaleIds, keys);
			for (const [i, section] of template.sections.entries()) {
				const sectionId = await insertSection(trx, {
					surveyId,
					titleJson: stringifyI18n(section.title),
					sortOrder: i + 1
				});
				await addTemplateQuestions(trx, programmeId, surveyId, sectionId, section.questions, scaleIds, keys);
			}
			await validateConditions(trx, surveyId, null);
		}
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'survey',
			entityId: surveyId,
			after: { template: data.template ?? null, title }
		});
		return surveyId;
	});
	return (await loadSurvey(db, id))!;
}

/** Changes a survey's title, introduction, kind or anonymity (anonymity only before any response). */
export async function updateSurvey(
	db: Db,
	actor: Actor,
	surveyId: number,
	input: unknown
): Promise<SurveyView> {
	const survey = await getSurvey(db, actor, surveyId, 'update');
	const data = parseInput(surveyUpdateSchema, input, surveyInputError);
	requireChanges(data);
	if (
		data.anonymous !== undefined &&
		data.anonymous !== survey.anonymous &&
		(survey.locked || survey.status !== 'draft')
	)
		throw new SurveyError({ anonymous: 'surveys.error.anonymityLocked' }, undefined, true);
	await db.transaction().execute(async (trx) => {
		await updateSurveyRow(trx, surveyId, {
			...(data.kind ? { kind: data.kind } : {}),
			...(data.title ? { titleJson: stringifyI18n(data.title) } : {}),
			...(data.intro !== undefined ? { introJson: data.intro ? stringifyI18n(data.intro) : null } : {}),
			...(data.anonymous !== undefined ? { anonymous: data.anonymous ? 1 : 0 } : {}),
			updatedAt: nowIso()
		});
		await recordAudit(trx, {
			programmeId: survey.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'survey',
			entityId: surveyId,
			before: { title: survey.title, kind: survey.kind, anonymous: survey.anonymous },
			after: data
		});
	});
	return (await loadSurvey(db, surveyId))!;
}

/** Deletes a draft survey that nobody has been invited to and no later wave points at. */
export async function deleteSurvey(db: Db, actor: Actor, surveyId: number): Promise<void> {
	const survey = await getSurvey(db, actor, surveyId, 'update');
	const invited = await hasInvitations(db, surveyId);
	const wave = await hasLaterWave(db, surveyId);
	if (survey.status !== 'draft' || survey.locked || invited || wave)
		throw new SurveyError({ _form: 'surveys.error.notDeletable' }, undefined, true);
	await db.transaction().execute(async (trx) => {
		await deleteSurveyRows(trx, surveyId);
		await recordAudit(trx, {
			programmeId: survey.programmeId,
			actorId: actor.personId,
			action: 'archive',
			entityType: 'survey',
			entityId: surveyId,
			before: { title: survey.title }
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Sections

/** Adds a section at the end. */
export async function addSection(
	db: Db,
	actor: Actor,
	surveyId: number,
	input: unknown
): Promise<SectionView> {
	const survey = await getSurvey(db, actor, surveyId, 'update');
	const data = parseInput(sectionSchema, input, surveyInputError);
	if (survey.locked) throw locked();
	return db.transaction().execute(async (trx) => {
		const sortOrder = Math.max(0, ...survey.sections.map((s) => s.sortOrder)) + 1;
		const id = await insertSection(trx, { surveyId, titleJson: stringifyI18n(data.title), sortOrder });
		await touch(trx, surveyId);
		return { id, title: data.title, sortOrder };
	});
}

function sectionOf(survey: SurveyView, sectionId: number): SectionView {
	const s = survey.sections.find((x) => x.id === sectionId);
	if (!s) throw new AccessDeniedError();
	return s;
}

/** Deletes a section; its questions move out of it (to before the first section) unless `withQuestions`. */
export async function deleteSection(
	db: Db,
	actor: Actor,
	surveyId: number,
	sectionId: number
): Promise<void> {
	const survey = await getSurvey(db, actor, surveyId, 'update');
	sectionOf(survey, sectionId);
	if (survey.locked) throw locked();
	await db.transaction().execute(async (trx) => {
		const before = survey.questions.filter((q) => q.sectionId === null).length;
		const moved = survey.questions.filter((q) => q.sectionId === sectionId);
		for (const [i, q] of moved.entries())
			await updateQuestionRow(trx, q.id, { sectionId: null, sortOrder: before + i + 1 });
		await deleteSectionRow(trx, sectionId);
		await validateConditions(trx, surveyId, null);
		await touch(trx, surveyId);
	});
}

/** Moves a section one step up or down (with its questions). */
export async function moveSection(db: Db, actor: Actor, surveyId: number, sectionId: number, input: unknown) {
	const survey = await getSurvey(db, actor, surveyId, 'update');
	sectionOf(survey, sectionId);
	const { direction } = parseInput(moveSchema, input, surveyInputError);
	const i = survey.sections.findIndex((s) => s.id === sectionId);
	const j = direction === 'up' ? i - 1 : i + 1;
	if (j < 0 || j >= survey.sections.length) return;
	await db.transaction().execute(async (trx) => {
		const order = [...survey.sections];
		[order[i], order[j]] = [order[j]!, order[i]!];
		for (const [k, s] of order.entries()) await setSectionOrder(trx, s.id, k + 1);
		await validateConditions(trx, surveyId, null);
		await touch(trx, surveyId);
	});
}

// ---------------------------------------------------------------------------------------------
// Questions

export function questionOf(survey: SurveyView, questionId: number): QuestionView {
	const q = survey.questions.find((x) => x.id === questionId);
	if (!q) throw new AccessDeniedError();
	return q;
}

/** Adds a question at the end of its section (or of the questions before the first section). */
export async function addQuestion(
	db: Db,
	actor: Actor,
	surveyId: number,
	input: unknown
): Promise<QuestionView> {
	const survey = await getSurvey(db, actor, surveyId, 'update');
	const data = parseInput(questionSchema, input, surveyInputError);
	if (survey.locked) throw locked();
	const id = await db.transaction().execute(async (trx) => {
		const sectionId = await checkSection(trx, surveyId, data.sectionId);
		const columns = await questionColumns(trx, survey.programmeId, data);
		const id = await insertQuestion(trx, surveyId, columns, {
			sectionId,
			required: data.required ?? false,
			condition: data.condition ?? null,
			bankQuestionId: null
		});
		await validateConditions(trx, surveyId, id);
		await touch(trx, surveyId);
		return id;
	});
	return questionOf((await loadSurvey(db, surveyId))!, id);
}

/** What results depend on: a change to any of these is refused once responses exist. */
function structure(q: {
	type: string;
	scaleId: number | null;
	options: readonly { value: number }[];
	maxPicks: number | null;
	min: number | null;
	max: number | null;
	condition: unknown;
}) {
	return JSON.stringify([
		q.type,
		q.scaleId,
		q.options.map((o) => o.value),
		q.maxPicks,
		q.min,
		q.max,
		q.condition ?? null
	]);
}

/**
 * Changes a question. With responses only wording (texts, choice and statement labels),
 * `required` and the section may change; anything else is refused with a clear message.
 */
export async function updateQuestion(
	db: Db,
	actor: Actor,
	surveyId: number,
	questionId: number,
	input: unknown
): Promise<QuestionView> {
	const survey = await getSurvey(db, actor, surveyId, 'update');
	const current = questionOf(survey, questionId);
	const data = parseInput(questionSchema, input, surveyInputError);
	await db.transaction().execute(async (trx) => {
		const sectionId = await checkSection(trx, surveyId, data.sectionId);
		const columns = await questionColumns(trx, survey.programmeId, data);
		const next = questionOptions(columns);
		if (
			survey.locked &&
			structure(current) !==
				structure({ ...columns, ...next, condition: data.condition ?? null, options: next.options })
		)
			throw locked();
		const moved = sectionId !== current.sectionId;
		const last = moved ? await lastQuestionOrder(trx, surveyId, sectionId) : 0;
		await updateQuestionRow(trx, questionId, {
			...columns,
			sectionId,
			required: data.required ? 1 : 0,
			conditionJson: data.condition ? JSON.stringify(data.condition) : null,
			...(moved ? { sortOrder: last + 1 } : {})
		});
		await validateConditions(trx, surveyId, questionId);
		await touch(trx, surveyId);
	});
	return questionOf((await loadSurvey(db, surveyId))!, questionId);
}

/** Changes only the wording of a question: texts and labels, same number of choices/statements. Allowed with responses. */
export async function rewordQuestion(
	db: Db,
	actor: Actor,
	surveyId: number,
	questionId: number,
	input: unknown
): Promise<QuestionView> {
	const survey = await getSurvey(db, actor, surveyId, 'update');
	const current = questionOf(survey, questionId);
	const data = parseInput(wordingSchema, input, surveyInputError);
	const labels = current.type === 'multi' ? data.options : data.statements;
	if (labels && labels.length !== current.options.length)
		throw new SurveyError(
			{ [current.type === 'multi' ? 'options' : 'statements']: 'surveys.error.sameCount' },
			undefined,
			survey.locked
		);
	await db.transaction().execute(async (trx) => {
		await updateQuestionRow(trx, questionId, {
			textJson: stringifyI18n(data.text),
			...(labels && current.options.length > 0
				? { optionsJson: labelsJson(labels, current.options[0]!.value) }
				: {})
		});
		await touch(trx, surveyId);
	});
	return questionOf((await loadSurvey(db, surveyId))!, questionId);
}

/** Deletes a question no other question depends on; refused once responses exist. */
export async function deleteQuestion(
	db: Db,
	actor: Actor,
	surveyId: number,
	questionId: number
): Promise<void> {
	const survey = await getSurvey(db, actor, surveyId, 'update');
	questionOf(survey, questionId);
	if (survey.locked) throw locked();
	if (survey.questions.some((q) => q.condition?.questionId === questionId))
		throw new SurveyError({ _form: 'surveys.error.hasDependants' }, undefined, true);
	await db.transaction().execute(async (trx) => {
		await deleteQuestionRow(trx, questionId);
		await touch(trx, surveyId);
	});
}

/**
 * Moves a question one step up or down in display order: within its section, or across the
 * section boundary into the neighbouring section. Refused when a condition would then point
 * at a later question.
 */
export async function moveQuestion(
	db: Db,
	actor: Actor,
	surveyId: number,
	questionId: number,
	input: unknown
): Promise<SurveyView> {
	const survey = await getSurvey(db, actor, surveyId, 'update');
	const q = questionOf(survey, questionId);
	const { direction } = parseInput(moveSchema, input, surveyInputError);
	const i = q.position - 1;
	const neighbour = survey.questions[direction === 'up' ? i - 1 : i + 1];
	if (!neighbour) return survey;
	await db.transaction().execute(async (trx) => {
		// Rebuild the order: swap the two in the display list, then renumber each section's questions.
		const order = survey.questions.map((x) => ({ id: x.id, sectionId: x.sectionId }));
		const j = neighbour.position - 1;
		if (neighbour.sectionId === q.sectionId) {
			[order[i], order[j]] = [order[j]!, order[i]!];
		} else {
			// Crossing a section boundary: the question joins the neighbour's section at that edge.
			order[i] = { id: q.id, sectionId: neighbour.sectionId };
		}
		const counters = new Map<number | null, number>();
		for (const item of order) {
			const n = (counters.get(item.sectionId) ?? 0) + 1;
			counters.set(item.sectionId, n);
			await updateQuestionRow(trx, item.id, { sectionId: item.sectionId, sortOrder: n });
		}
		await validateConditions(trx, surveyId, null);
		await touch(trx, surveyId);
	});
	return (await loadSurvey(db, surveyId))!;
}

/**
 * The languages of the builder's text fields, the programme's own first (the others are
 * optional). No permission check: the builder page has checked the survey first.
 */
export async function builderLanguages(db: Db, programmeId: number): Promise<('en' | 'sv' | 'da' | 'nb')[]> {
	const all = ['sv', 'en', 'da', 'nb'] as const;
	const first = (await programmeSurveySettings(db, programmeId))?.defaultLocale ?? 'sv';
	return [first, ...all.filter((l) => l !== first)];
}

/** One row of a survey list as the pages and the API show it. */
function surveyListItem(r: Awaited<ReturnType<typeof surveyListRows>>[number]): SurveyListItem {
	return {
		id: r.id,
		kind: r.kind,
		title: parseI18n(r.titleJson),
		status: r.status,
		anonymous: r.anonymous === 1,
		opensAt: r.opensAt,
		closesAt: r.closesAt,
		previousWaveId: r.previousWaveId,
		createdAt: r.createdAt,
		questionCount: r.questionCount,
		responseCount: r.responseCount
	};
}

/**
 * The surveys whose results the actor may read (steering, evaluators; the office too), for
 * the /surveys page of those who cannot edit them: open and closed ones, drafts left out.
 */
export async function listSurveysWithResults(
	db: Db,
	actor: Actor,
	programmeId: number
): Promise<SurveyListItem[]> {
	authorize(actor, 'readResults', { type: 'survey', id: 0, programmeId });
	const [open, closed] = await Promise.all([
		surveyListRows(db, programmeId, { status: 'open' }),
		surveyListRows(db, programmeId, { status: 'closed' })
	]);
	return [...open, ...closed].map(surveyListItem);
}

/**
 * The /surveys list for anyone who may see surveys: the office gets every survey to edit;
 * those who may only read results (steering, evaluators) get the surveys with results.
 */
export async function surveysForList(
	db: Db,
	actor: Actor,
	programmeId: number
): Promise<{ surveys: SurveyListItem[]; canEdit: boolean }> {
	if (can(actor, 'read', { type: 'survey', id: 0, programmeId }))
		return { surveys: await listSurveys(db, actor, programmeId), canEdit: true };
	return { surveys: await listSurveysWithResults(db, actor, programmeId), canEdit: false };
}
