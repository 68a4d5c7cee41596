import { expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import { search } from '../search/search.service.ts';
import { describeEachDb } from '../testing/db.ts';
import { createDemo } from './demo.ts';
import { Random } from './prng.ts';
import { bulkPosts } from './posts.repository.ts';

describeEachDb('posts demo', (ctx) => {
	it('writes a year of Swedish posts with course reports, study trips and comments, all searchable', async () => {
		const { programmeId } = await createDemo(ctx.db, { password: 'demo' });
		const posts = await ctx.db.selectFrom('posts').select(['kind', 'evaluationJson']).execute();
		expect(posts.filter((p) => p.kind === 'study_trip_report')).toHaveLength(3);
		expect(posts.filter((p) => p.kind === 'course_report').length).toBeGreaterThan(3);
		expect(posts.some((p) => p.evaluationJson !== null)).toBe(true);
		expect((await ctx.db.selectFrom('postComments').select('id').execute()).length).toBeGreaterThan(0);
		const person = await ctx.db
			.selectFrom('people')
			.select('id')
			.where('email', '=', 'participant@demo.klok')
			.executeTakeFirstOrThrow();
		const actor = (await loadActor(ctx.db, person.id))!;
		const hits = await search(ctx.db, actor, programmeId, { q: 'studieresa' });
		expect(hits.total).toBeGreaterThanOrEqual(3);

		// The national demo's set-based posts (a small count here) are indexed too.
		await bulkPosts(
			{ db: ctx.db, programmeId, random: new Random(1), units: [], people: [], tracks: [], loginIds: {} },
			40
		);
		const bulk = await search(ctx.db, actor, programmeId, { q: '"nyhet 17"' });
		expect(bulk.results.map((r) => r.title)).toContain('Nyhet 17 om bibliotek');
	});
});
