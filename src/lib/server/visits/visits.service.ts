import type { ZodError } from 'zod';
import { translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { FieldsRuleError } from '../core/errors.ts';
import { parseInput } from '../core/validation.ts';
import { cycleSums } from '../cycle/cycle.service.ts';
import type { Db } from '../db/database.ts';
import { logbookUseOfUnits } from '../logbook/logbook.service.ts';
import { descendantUnitIds, getUnit } from '../organisation/organisation.service.ts';
import { personNames } from '../people/people.service.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import { coverageByUnit, sumCoverage } from '../processes/processes.service.ts';
import { unitHours } from '../reports/reports.service.ts';
import * as repo from './visits.repository.ts';
import {
	actionSchema,
	answersSchema,
	templateSchema,
	visitSchema,
	type VISIT_ANSWERS
} from './visits.schema.ts';

/**
 * Follow-up visits (SPEC §2; KUB's coordinators visit every library with a list of questions):
 * a checklist per programme, a visit per workplace with the workplace's figures prepared from
 * the data through their owners' services (counts only: never a logbook text), answers and
 * notes, agreed actions with follow-up dates, and the workplace's history. The office keeps
 * visits; a workplace's manager reads its own.
 */

export class VisitRuleError extends FieldsRuleError {}
const toError = (e: ZodError) => new VisitRuleError({}, e);

/** KUB's questions, the default checklist. */
export const DEFAULT_QUESTIONS: MessageKey[] = [
	'visits.q.everyone',
	'visits.q.logbook',
	'visits.q.reflection',
	'visits.q.writes'
];

/** The workplace's figures as prepared for a visit: counts only. */
export interface VisitIndicators {
	preparedAt: string;
	people: number;
	/** People in at least one development process matching their plan. */
	inMatchingProcess: number;
	withPlan: number;
	participants: number;
	hours: number;
	cycle: { registrations: number; beforeDone: number; afterDone: number; overdue: number };
	logbook: { entries: number; authors: number };
}

export interface VisitAnswer {
	question: string;
	answer: (typeof VISIT_ANSWERS)[number] | null;
	note: string | null;
}

export interface VisitView {
	id: number;
	programmeId: number;
	unitId: number;
	unitName: string;
	visitedOn: string;
	coordinator: string | null;
	indicators: VisitIndicators;
	answers: VisitAnswer[];
	notes: string | null;
	actions: {
		id: number;
		text: string;
		responsible: string | null;
		followUpOn: string | null;
		doneAt: string | null;
	}[];
	canManage: boolean;
}

const visitResource = (programmeId: number, unitId: number) => ({
	type: 'visit' as const,
	programmeId,
	unitId
});

/** The programme's checklist in the reader's language (KUB's default until the office sets one). */
export async function visitTemplate(
	db: Db,
	actor: Actor,
	programmeId: number,
	locale: Locale
): Promise<string[]> {
	authorize(actor, 'manage', { type: 'visit', programmeId, unitId: 0 });
	return questionsOf(db, programmeId, locale);
}

async function questionsOf(db: Db, programmeId: number, locale: Locale): Promise<string[]> {
	const stored = await repo.templateOf(db, programmeId);
	return stored ? (JSON.parse(stored) as string[]) : DEFAULT_QUESTIONS.map((k) => translate(locale, k));
}

export async function setVisitTemplate(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<string[]> {
	authorize(actor, 'manage', { type: 'visit', programmeId, unitId: 0 });
	const { questions } = parseInput(templateSchema, input, toError);
	await repo.upsertTemplate(db, programmeId, JSON.stringify(questions));
	return questions;
}

/** Prepares a workplace's figures from the owners' services (grouped counts, no texts). */
export async function prepareIndicators(
	db: Db,
	programmeId: number,
	unitId: number,
	now = new Date()
): Promise<VisitIndicators> {
	const unitIds = [...(await descendantUnitIds(db, [unitId]))];
	const [coverage, hours, cycle, logbook] = await Promise.all([
		coverageByUnit(db, programmeId, unitIds),
		unitHours(db, programmeId, unitIds),
		cycleSums(db, programmeId, { unitIds, now: now.toISOString() }),
		logbookUseOfUnits(db, unitIds)
	]);
	const cov = sumCoverage(coverage);
	const c = cycle[0];
	return {
		preparedAt: now.toISOString(),
		people: cov.people,
		inMatchingProcess: cov.covered,
		withPlan: cov.withPlan,
		participants: hours.participants,
		hours: hours.hours,
		cycle: {
			registrations: c?.registrations ?? 0,
			beforeDone: c?.beforeDone ?? 0,
			afterDone: c?.afterDone ?? 0,
			overdue: c?.overdue ?? 0
		},
		logbook
	};
}

/** The indicators of a workplace before a visit is recorded (the office's preparation page). */
export async function previewIndicators(db: Db, actor: Actor, unitId: number): Promise<VisitIndicators> {
	const unit = await getUnit(db, unitId);
	if (!unit) throw new AccessDeniedError();
	authorize(actor, 'read', visitResource(unit.programmeId, unitId));
	return prepareIndicators(db, unit.programmeId, unitId);
}

/** Records a visit with the checklist as asked and the figures as prepared today. */
export async function createVisit(
	db: Db,
	actor: Actor,
	input: unknown,
	locale: Locale
): Promise<{ id: number }> {
	const v = parseInput(visitSchema, input, toError);
	const unit = await getUnit(db, v.unitId);
	if (!unit || unit.kind !== 'workplace') throw new VisitRuleError({ unitId: 'error.unknownId' });
	authorize(actor, 'create', visitResource(unit.programmeId, unit.id));
	const [indicators, questions] = await Promise.all([
		prepareIndicators(db, unit.programmeId, unit.id),
		questionsOf(db, unit.programmeId, locale)
	]);
	const answers: VisitAnswer[] = questions.map((question) => ({ question, answer: null, note: null }));
	return db.transaction().execute(async (trx) => {
		const row = await repo.insertVisit(trx, {
			programmeId: unit.programmeId,
			unitId: unit.id,
			visitedOn: v.visitedOn,
			coordinatorId: actor.personId,
			indicators: JSON.stringify(indicators),
			answers: JSON.stringify(answers),
			notes: v.notes || null
		});
		await recordAudit(trx, {
			programmeId: unit.programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'visit',
			entityId: row.id,
			after: { unitId: unit.id, visitedOn: v.visitedOn }
		});
		return row;
	});
}

async function loadVisit(db: Db, actor: Actor, id: number, action: 'read' | 'update') {
	const row = await repo.findVisit(db, id);
	if (!row) throw new AccessDeniedError();
	authorize(actor, action, visitResource(row.programmeId, row.unitId));
	return row;
}

export async function getVisit(db: Db, actor: Actor, id: number): Promise<VisitView> {
	const row = await loadVisit(db, actor, id, 'read');
	const [unit, actions, names] = await Promise.all([
		getUnit(db, row.unitId),
		repo.actionsOf(db, id),
		personNames(db, row.coordinatorId === null ? [] : [row.coordinatorId])
	]);
	return {
		id: row.id,
		programmeId: row.programmeId,
		unitId: row.unitId,
		unitName: unit?.name ?? '',
		visitedOn: row.visitedOn,
		coordinator: row.coordinatorId === null ? null : (names.get(row.coordinatorId) ?? null),
		indicators: JSON.parse(row.indicators) as VisitIndicators,
		answers: JSON.parse(row.answers) as VisitAnswer[],
		notes: row.notes,
		actions,
		canManage: can(actor, 'update', visitResource(row.programmeId, row.unitId))
	};
}

/** Saves the answers to the checklist (one per question, in order) and the notes. */
export async function recordAnswers(db: Db, actor: Actor, id: number, input: unknown): Promise<VisitView> {
	const row = await loadVisit(db, actor, id, 'update');
	const v = parseInput(answersSchema, input, toError);
	const asked = JSON.parse(row.answers) as VisitAnswer[];
	const answers = asked.map((a, i) => ({
		question: a.question,
		answer: v.answers[i]?.answer ?? null,
		note: v.answers[i]?.note || null
	}));
	await repo.updateVisit(db, id, { answers: JSON.stringify(answers), notes: v.notes || null });
	return getVisit(db, actor, id);
}

export async function addVisitAction(
	db: Db,
	actor: Actor,
	id: number,
	input: unknown
): Promise<{ id: number }> {
	await loadVisit(db, actor, id, 'update');
	const v = parseInput(actionSchema, input, toError);
	return repo.insertAction(db, {
		visitId: id,
		text: v.text,
		responsible: v.responsible || null,
		followUpOn: v.followUpOn ?? null
	});
}

/**
 * Marks an agreed action done, or reopens it (`done: false`); audited. An action of another
 * visit is "not found"; one already in that state is left as it is.
 */
export async function setVisitActionDone(
	db: Db,
	actor: Actor,
	id: number,
	actionId: number,
	done: boolean
): Promise<void> {
	const visit = await loadVisit(db, actor, id, 'update');
	const actions = await repo.actionsOf(db, id);
	if (!actions.some((a) => a.id === actionId)) throw new AccessDeniedError();
	await db.transaction().execute(async (trx) => {
		if (!(await repo.setActionDone(trx, id, actionId, done))) return;
		await recordAudit(trx, {
			programmeId: visit.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'visit',
			entityId: id,
			before: { actionId, done: !done },
			after: { actionId, done }
		});
	});
}

/** A workplace's visits, newest first (its manager and the office). */
export async function visitHistory(db: Db, actor: Actor, unitId: number) {
	const unit = await getUnit(db, unitId);
	if (!unit) throw new AccessDeniedError();
	authorize(actor, 'read', visitResource(unit.programmeId, unitId));
	const rows = await repo.visitsOfUnit(db, unit.programmeId, unitId);
	return rows.map((r) => ({
		id: r.id,
		visitedOn: r.visitedOn,
		indicators: JSON.parse(r.indicators) as VisitIndicators
	}));
}

export const VISIT_PAGE_SIZE = 50;

/** Every visit of the programme, newest first, a page at a time (office). */
export async function listVisits(db: Db, actor: Actor, programmeId: number, page = 1) {
	authorize(actor, 'manage', { type: 'visit', programmeId, unitId: 0 });
	const p = Math.max(1, page);
	const r = await repo.visitPage(db, programmeId, {
		limit: VISIT_PAGE_SIZE,
		offset: (p - 1) * VISIT_PAGE_SIZE
	});
	return { ...r, page: p, pageSize: VISIT_PAGE_SIZE };
}

/** Visits and workplaces visited in a period (the funder report; no permission check). */
export function visitCounts(db: Db, programmeId: number, period: { from: string; to: string }) {
	return repo.visitCounts(db, programmeId, period);
}
