import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';

/** The plans domain's part of a person's data export and erasure. */

const plansOf = (db: Db, personId: number) =>
	db
		.selectFrom('individualPlans')
		.select('individualPlans.id')
		.where('individualPlans.personId', '=', personId);

export async function plansDataOf(db: Db, personId: number) {
	const [swot, needs, votes, plans, goals, planned, dialogues, held, workplacePlans] = await Promise.all([
		db.selectFrom('swotItems').selectAll().where('authorId', '=', personId).orderBy('id').execute(),
		db.selectFrom('needs').selectAll().where('authorId', '=', personId).orderBy('id').execute(),
		db.selectFrom('needVotes').selectAll().where('personId', '=', personId).orderBy('needId').execute(),
		db.selectFrom('individualPlans').selectAll().where('personId', '=', personId).orderBy('id').execute(),
		db
			.selectFrom('individualGoals')
			.selectAll()
			.where('individualPlanId', 'in', plansOf(db, personId))
			.orderBy('id')
			.execute(),
		db
			.selectFrom('plannedActivities')
			.selectAll()
			.where('individualPlanId', 'in', plansOf(db, personId))
			.orderBy('id')
			.execute(),
		db
			.selectFrom('developmentDialogues')
			.selectAll()
			.where('personId', '=', personId)
			.orderBy('id')
			.execute(),
		// Dialogues the person held as a manager: which and when; the notes are the other person's.
		db
			.selectFrom('developmentDialogues')
			.select(['id', 'heldOn'])
			.where('managerId', '=', personId)
			.where('personId', '!=', personId)
			.orderBy('id')
			.execute(),
		db
			.selectFrom('workplacePlans')
			.select(['id', 'unitId', 'title', 'createdAt'])
			.where('createdBy', '=', personId)
			.orderBy('id')
			.execute()
	]);
	return {
		swot_items: swot,
		needs,
		need_votes: votes,
		individual_plans: plans,
		individual_goals: goals,
		planned_activities: planned,
		development_dialogues: dialogues,
		dialogues_you_held: held,
		workplace_plans_created: workplacePlans
	};
}

async function n(q: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) {
	return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function countPlanRows(db: Db, personId: number) {
	return {
		swot_items: await n(
			db
				.selectFrom('swotItems')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('authorId', '=', personId)
		),
		needs: await n(
			db
				.selectFrom('needs')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('authorId', '=', personId)
		),
		need_votes: await n(
			db
				.selectFrom('needVotes')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('personId', '=', personId)
		),
		individual_plans: await n(
			db
				.selectFrom('individualPlans')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('personId', '=', personId)
		),
		individual_goals: await n(
			db
				.selectFrom('individualGoals')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('individualPlanId', 'in', plansOf(db, personId))
		),
		planned_activities: await n(
			db
				.selectFrom('plannedActivities')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('individualPlanId', 'in', plansOf(db, personId))
		),
		development_dialogues: await n(
			db
				.selectFrom('developmentDialogues')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('personId', '=', personId)
		)
	};
}

/**
 * Plans, goals and votes stay (coverage and goal figures count them) without the person's
 * words; a manager's dialogue notes go only when the programme says so. SWOT items and needs
 * are the workplace's analysis: they stay, their author is the anonymised person.
 */
export async function erasePlanTexts(trx: Db, personId: number, dialogueNotes: 'keep' | 'delete') {
	await trx
		.updateTable('individualGoals')
		.set({ text: '' })
		.where('individualPlanId', 'in', plansOf(trx, personId))
		.execute();
	await trx
		.updateTable('plannedActivities')
		.set({ description: null })
		.where('individualPlanId', 'in', plansOf(trx, personId))
		.execute();
	if (dialogueNotes === 'delete')
		await trx
			.updateTable('developmentDialogues')
			.set({ notes: null, agreedGoals: null, updatedAt: nowIso() })
			.where('personId', '=', personId)
			.execute();
}
