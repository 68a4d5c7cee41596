import { expect, it } from 'vitest';
import { goalTable } from '../goals/goals.service.ts';
import { steeringDashboard } from '../goals/steering.service.ts';
import { loadActor } from '../people/actor.ts';
import { describeEachDb } from '../testing/db.ts';
import { createDemo } from './demo.ts';

/** The demo goals: every kind computes on the demo data; a snapshot and two meetings exist. */
describeEachDb('goals demo', (ctx) => {
	it('creates goals the steering group can follow', { timeout: 120_000 }, async () => {
		await createDemo(ctx.db, { password: 'demo' });
		const steeringId = (
			await ctx.db
				.selectFrom('people')
				.select('id')
				.where('email', '=', 'steering@demo.klok')
				.executeTakeFirstOrThrow()
		).id;
		const steering = (await loadActor(ctx.db, steeringId))!;
		const programmeId = steering.roles.find((r) => r.role === 'steering')!.programmeId!;
		const table = await goalTable(ctx.db, steering, programmeId, { locale: 'sv' });
		expect(table.groups.map((g) => g.kind)).toEqual(['aim', 'overall', 'measurable']);
		const measurable = table.groups[2]!.goals;
		expect(new Set(measurable.map((g) => g.indicatorKind))).toEqual(
			new Set(['share', 'coverage', 'count', 'manual'])
		);
		// Every computed goal has figures and a status (the share has enough answers in the demo).
		for (const g of measurable) expect(g.status, g.text).not.toBeNull();
		const board = await steeringDashboard(ctx.db, steering, programmeId, 'sv');
		expect(board.trend.snapshot?.label).toBe('Lägesrapport 1');
		expect(board.followUps!.length).toBe(3);
	});
});
