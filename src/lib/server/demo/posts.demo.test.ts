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
		const before = await ctx.db.selectFrom('posts').select('id').execute();
		await bulkPosts(
			{ db: ctx.db, programmeId, random: new Random(1), units: [], people: [], tracks: [], loginIds: {} },
			200,
			'2026-06-01T00:00:00.000Z'
		);
		const bulk = await search(ctx.db, actor, programmeId, { q: '"nyhet 13"' });
		expect(bulk.results.map((r) => r.title)).toContain('Nyhet 13 om bibliotek');
		const rows = await ctx.db
			.selectFrom('posts')
			.select(['id', 'kind', 'status', 'publishAt', 'audience', 'trackId', 'createdBy'])
			.where('id', '>', Math.max(...before.map((p) => p.id)))
			.orderBy('id')
			.execute();
		expect(rows).toHaveLength(200);
		// Deterministic and the same on both databases: kinds, drafts, scheduled posts, authors, tracks.
		expect(new Set(rows.map((r) => r.kind))).toEqual(
			new Set(['news', 'course_report', 'process_story', 'study_trip_report'])
		);
		expect(rows.filter((r) => r.status === 'draft')).toHaveLength(3);
		const at = (r: (typeof rows)[number]) => new Date(r.publishAt as unknown as string).toISOString();
		expect(at(rows[0]!)).toBe('2026-05-24T23:59:00.000Z');
		expect(rows.filter((r) => r.publishAt !== null && at(r) > '2026-06-01').length).toBe(3);
		expect(rows.every((r) => r.createdBy !== null && r.trackId !== null)).toBe(true);
		expect(rows.filter((r) => r.audience === 'public')).toHaveLength(50);
		const authors = await ctx.db
			.selectFrom('postAuthors')
			.select('postId')
			.where('postId', 'in', [rows[0]!.id, rows[199]!.id])
			.execute();
		expect(authors).toHaveLength(2);
		// A draft is not found; a scheduled one not before its time.
		const draft = await search(ctx.db, actor, programmeId, { q: '"nyhet 94"' });
		expect(draft.results.map((r) => r.title)).not.toContain('Nyhet 94 om delaktighet');
		const published = await search(ctx.db, actor, programmeId, { q: '"nyhet 93"' });
		expect(published.results.map((r) => r.title)).toContain('Nyhet 93 om studieresa');
	});
});
