import { sql, type Expression, type Insertable, type SelectQueryBuilder, type Updateable } from 'kysely';
import type { Db } from '../db/database.ts';
import type {
	Database,
	DecisionStatus,
	GoalEventTable,
	GoalSnapshotRowTable,
	GoalTable,
	SteeringDecisionTable,
	SteeringMeetingTable
} from '../db/schema.ts';

/** Queries of the goals domain: goals, their history, settings, snapshots, the decisions log (no permission checks). */

// ---------------------------------------------------------------- goals

export function findGoals(db: Db, programmeId: number) {
	return db
		.selectFrom('goals')
		.selectAll()
		.where('programmeId', '=', programmeId)
		.orderBy('kind')
		.orderBy('sortOrder')
		.orderBy('id')
		.execute();
}
export type GoalRecord = Awaited<ReturnType<typeof findGoals>>[number];

export function findGoal(db: Db, id: number) {
	return db.selectFrom('goals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertGoal(trx: Db, values: Insertable<GoalTable>): Promise<number> {
	return (await trx.insertInto('goals').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateGoalRow(trx: Db, id: number, values: Updateable<GoalTable>): Promise<void> {
	await trx.updateTable('goals').set(values).where('id', '=', id).execute();
}

export async function deleteGoalRow(trx: Db, id: number): Promise<void> {
	await trx.deleteFrom('goals').where('id', '=', id).execute();
}

export async function insertGoalEvent(trx: Db, values: Insertable<GoalEventTable>): Promise<void> {
	await trx.insertInto('goalEvents').values(values).execute();
}

export function goalEvents(db: Db, goalId: number) {
	return db
		.selectFrom('goalEvents as e')
		.leftJoin('people as p', 'p.id', 'e.personId')
		.select(['e.id', 'e.kind', 'e.status', 'e.reason', 'e.at', 'p.name as personName'])
		.where('e.goalId', '=', goalId)
		.orderBy('e.at', 'desc')
		.orderBy('e.id', 'desc')
		.limit(100)
		.execute();
}

// ---------------------------------------------------------------- settings

export function findSettings(db: Db, programmeId: number) {
	return db.selectFrom('goalSettings').selectAll().where('programmeId', '=', programmeId).executeTakeFirst();
}

export async function saveSettings(
	db: Db,
	programmeId: number,
	goodProgress: number,
	onTheWay: number,
	now: string
): Promise<void> {
	await db
		.insertInto('goalSettings')
		.values({ programmeId, goodProgress, onTheWay, updatedAt: now })
		.onConflict((oc) => oc.column('programmeId').doUpdateSet({ goodProgress, onTheWay, updatedAt: now }))
		.execute();
}

// ---------------------------------------------------------------- snapshots

export async function insertSnapshot(
	trx: Db,
	programmeId: number,
	label: string,
	takenAt: string,
	takenBy: number | null
): Promise<number> {
	return (
		await trx
			.insertInto('goalSnapshots')
			.values({ programmeId, label, takenAt, takenBy })
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
}

export async function insertSnapshotRows(trx: Db, rows: readonly Insertable<GoalSnapshotRowTable>[]) {
	for (let i = 0; i < rows.length; i += 200)
		await trx
			.insertInto('goalSnapshotRows')
			.values(rows.slice(i, i + 200))
			.execute();
}

export function findSnapshots(db: Db, programmeId: number, limit = 50) {
	return db
		.selectFrom('goalSnapshots')
		.selectAll()
		.where('programmeId', '=', programmeId)
		.orderBy('takenAt', 'desc')
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}

export function findSnapshot(db: Db, id: number) {
	return db.selectFrom('goalSnapshots').selectAll().where('id', '=', id).executeTakeFirst();
}

export function snapshotRows(db: Db, snapshotId: number) {
	return db.selectFrom('goalSnapshotRows').selectAll().where('snapshotId', '=', snapshotId).execute();
}

// ---------------------------------------------------------------- coverage

/**
 * Coverage of a goal: how many of the members (the people module's query: staff of the units and
 * their managers) meet the rule (a correlated subquery of the owning domain on the member's
 * id). One aggregate statement.
 */
export async function coverageCount(
	db: Db,
	members: SelectQueryBuilder<Database, any, { id: number }>,
	meets: (personId: Expression<number>) => SelectQueryBuilder<Database, any, any>
): Promise<{ people: number; meeting: number }> {
	const personId = sql.ref<number>('m.id');
	const row = await db
		.selectFrom(members.as('m'))
		.select((eb) => [
			eb.fn.countAll<number>().as('people'),
			eb.fn
				.sum<number>(
					eb
						.case()
						.when(eb.exists(meets(personId)))
						.then(1)
						.else(0)
						.end()
				)
				.as('meeting')
		])
		.executeTakeFirstOrThrow();
	return { people: Number(row.people), meeting: Number(row.meeting ?? 0) };
}

// ---------------------------------------------------------------- decisions log

export async function insertMeeting(trx: Db, values: Insertable<SteeringMeetingTable>): Promise<number> {
	return (await trx.insertInto('steeringMeetings').values(values).returning('id').executeTakeFirstOrThrow())
		.id;
}

export function findMeeting(db: Db, id: number) {
	return db.selectFrom('steeringMeetings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findMeetings(db: Db, programmeId: number, limit: number, offset: number) {
	return db
		.selectFrom('steeringMeetings')
		.selectAll()
		.where('programmeId', '=', programmeId)
		.orderBy('heldOn', 'desc')
		.orderBy('id', 'desc')
		.limit(limit)
		.offset(offset)
		.execute();
}

export async function countMeetings(db: Db, programmeId: number): Promise<number> {
	const row = await db
		.selectFrom('steeringMeetings')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('programmeId', '=', programmeId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function insertDecision(trx: Db, values: Insertable<SteeringDecisionTable>): Promise<number> {
	return (await trx.insertInto('steeringDecisions').values(values).returning('id').executeTakeFirstOrThrow())
		.id;
}

export function findDecision(db: Db, id: number) {
	return db.selectFrom('steeringDecisions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setDecisionStatusRow(trx: Db, id: number, status: DecisionStatus, now: string) {
	await trx.updateTable('steeringDecisions').set({ status, updatedAt: now }).where('id', '=', id).execute();
}

const decisionColumns = [
	'd.id',
	'd.meetingId',
	'd.programmeId',
	'd.text',
	'd.responsibleId',
	'd.followUpOn',
	'd.status',
	'd.nudgedAt',
	'p.name as responsibleName',
	'm.heldOn',
	'm.title as meetingTitle'
] as const;

function decisionsQuery(db: Db) {
	return db
		.selectFrom('steeringDecisions as d')
		.innerJoin('steeringMeetings as m', 'm.id', 'd.meetingId')
		.leftJoin('people as p', 'p.id', 'd.responsibleId')
		.select(decisionColumns);
}

export function decisionsOfMeetings(db: Db, meetingIds: readonly number[]) {
	if (meetingIds.length === 0) return Promise.resolve([]);
	return decisionsQuery(db)
		.where('d.meetingId', 'in', [...meetingIds])
		.orderBy('d.id')
		.execute();
}

/** Open decisions with a follow-up date, soonest first (the steering dashboard, the API). */
export function openFollowUps(db: Db, programmeId: number, limit: number) {
	return decisionsQuery(db)
		.where('d.programmeId', '=', programmeId)
		.where('d.status', '=', 'open')
		.where('d.followUpOn', 'is not', null)
		.orderBy('d.followUpOn')
		.orderBy('d.id')
		.limit(limit)
		.execute();
}

export function decisionsPage(db: Db, programmeId: number, limit: number, offset: number) {
	return decisionsQuery(db)
		.where('d.programmeId', '=', programmeId)
		.orderBy('m.heldOn', 'desc')
		.orderBy('d.id')
		.limit(limit)
		.offset(offset)
		.execute();
}

/** Open decisions whose follow-up date has passed and that were never nudged (index steering_decisions_due). */
export function overdueUnnudged(db: Db, today: string, limit: number) {
	return db
		.selectFrom('steeringDecisions')
		.select(['id', 'programmeId'])
		.where('status', '=', 'open')
		.where('nudgedAt', 'is', null)
		.where('followUpOn', '<', today)
		.orderBy('id')
		.limit(limit)
		.execute();
}

/** Claims a decision's one nudge: true only for the caller that set `nudged_at`. */
export async function claimDecisionNudge(trx: Db, id: number, now: string): Promise<boolean> {
	const r = await trx
		.updateTable('steeringDecisions')
		.set({ nudgedAt: now })
		.where('id', '=', id)
		.where('nudgedAt', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** A decision with what its nudge mail needs. */
export function decisionForMail(db: Db, id: number) {
	return db
		.selectFrom('steeringDecisions as d')
		.innerJoin('steeringMeetings as m', 'm.id', 'd.meetingId')
		.innerJoin('programmes as pr', 'pr.id', 'd.programmeId')
		.leftJoin('people as p', 'p.id', 'd.responsibleId')
		.select([
			'd.id',
			'd.text',
			'd.status',
			'd.followUpOn',
			'd.programmeId',
			'm.title as meetingTitle',
			'm.heldOn',
			'p.id as personId',
			'p.email',
			'p.name',
			'p.locale',
			'p.deactivatedAt',
			'pr.defaultLocale'
		])
		.where('d.id', '=', id)
		.executeTakeFirst();
}
