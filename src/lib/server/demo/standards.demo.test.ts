import { expect, it } from 'vitest';
import { forgetIssuerKey, verifyIssued } from '../badges/badges.service.ts';
import { describeEachDb } from '../testing/db.ts';
import { createDemo } from './demo.ts';

/** The demo's achievements: defined, issued to earners, and each credential verifies. */
describeEachDb('standards demo', (ctx) => {
	it('defines achievements and issues valid credentials', { timeout: 120_000 }, async () => {
		forgetIssuerKey();
		await createDemo(ctx.db, { password: 'demo' });
		const achievements = await ctx.db
			.selectFrom('badgeAchievements')
			.select(['id', 'criteriaKind'])
			.execute();
		expect(achievements.map((a) => a.criteriaKind).sort()).toEqual(['activity', 'activity', 'track']);
		const credentials = await ctx.db.selectFrom('badgeCredentials').select(['publicId']).execute();
		expect(credentials.length).toBeGreaterThan(0);
		for (const c of credentials.slice(0, 3))
			expect((await verifyIssued(ctx.db, c.publicId))?.state).toBe('valid');
	});
});
