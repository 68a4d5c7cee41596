import type { Db } from '../db/database.ts';
import { buildReportFixture } from '../reports/reports.fixtures.ts';

/**
 * The report fixture plus what the budget needs, written straight to the tables: hourly costs
 * (p1 400, p2 300, p3 350.50, p4 none, p5 200, p6 500), a manager of W1 and an activity in
 * the other programme. Co-financing 2026 by hand: p1 11 h, p2 13 h, p3 6 h, p5 16 h, p6 2 h
 * → 4 400 + 3 900 + 2 103 + 3 200 + 1 000 = 14 603.00 (p4's 2 h have no cost).
 */
export async function buildBudgetFixture(db: Db, tag: string) {
	const f = await buildReportFixture(db, tag);
	const costs: [number, number | null][] = [
		[f.people.p1, 400],
		[f.people.p2, 300],
		[f.people.p3, 350.5],
		[f.people.p4, null],
		[f.people.p5, 200],
		[f.people.p6, 500]
	];
	for (const [id, hourlyCost] of costs)
		await db.updateTable('people').set({ hourlyCost }).where('id', '=', id).execute();
	await db
		.insertInto('roleAssignments')
		.values({ personId: f.people.p4, role: 'manager', programmeId: f.programmeId, unitId: f.units.W1 })
		.execute();
	const otherActivity = (
		await db
			.insertInto('activities')
			.values({
				programmeId: f.otherProgrammeId,
				type: 'course_basic',
				learningForm: 'formal',
				title: `Elsewhere ${tag}`,
				updatedAt: new Date().toISOString()
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	return { ...f, manager: f.people.p4, otherActivity };
}

export type BudgetFixture = Awaited<ReturnType<typeof buildBudgetFixture>>;
