import { beforeAll, expect, it } from 'vitest';
import { nowIso } from '../db/sql.ts';
import { createNetwork } from '../networks/networks.service.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { makeSession } from '../registrations/registrations.fixtures.ts';
import { describeEachDb } from '../testing/db.ts';
import { PICKER_LIMIT, pickMatches } from '../core/picker.ts';
import {
	addPostAuthor,
	createPost,
	getPost,
	postPickers,
	PostsError,
	removePostAuthor,
	setPostLink,
	updatePost,
	updatePostSettings,
	postForEdit
} from './posts.service.ts';

async function refusal(work: Promise<unknown>) {
	const e = await work.then(
		() => undefined,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(PostsError);
	return { fields: Object.keys((e as PostsError).fieldErrors('en')), status: (e as PostsError).status };
}

it('cuts a picker to its limit and says there are more; a one-letter term searches nothing', async () => {
	const find = async (_term: string, limit: number) => Array.from({ length: limit }, (_, i) => i);
	expect(await pickMatches('  ab ', find)).toEqual({
		query: 'ab',
		matches: Array.from({ length: PICKER_LIMIT }, (_, i) => i),
		more: true
	});
	expect(await pickMatches('a', find)).toEqual({ query: 'a', matches: [], more: false });
	expect((await pickMatches('ab', async () => [1, 2])).more).toBe(false);
});

/** The post editor's co-authors and links through the shared search pickers, on both databases. */
describeEachDb('post co-authors and link pickers', (ctx) => {
	let fx: ProgrammeFixture;
	const a: Record<string, Actor> = {};
	let postId: number;
	let sessionId: number;
	let activityTitle: string;

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, 'pickers');
		for (const key of ['participant', 'office', 'otherOffice', 'inA'] as const)
			a[key] = (await loadActor(ctx.db, fx.people[key]))!;
		sessionId = await makeSession(ctx.db, fx.programmeId);
		await updatePostSettings(ctx.db, a.office!, fx.programmeId, { participantsMayWrite: 'on' });
		activityTitle = (
			await ctx.db
				.selectFrom('sessions as s')
				.innerJoin('activities as a', 'a.id', 's.activityId')
				.select('a.title')
				.where('s.id', '=', sessionId)
				.executeTakeFirstOrThrow()
		).title;
		postId = (
			await createPost(ctx.db, a.office!, fx.programmeId, {
				kind: 'course_report',
				title: 'Kursrapport med länkar',
				body: '<p>Text</p>',
				language: 'sv',
				publish: 'draft'
			})
		).id;
	});

	it('finds people of the programme by name and adds and removes co-authors', async () => {
		const p = await postPickers(ctx.db, a.office!, postId, { author: 'INA PICK' });
		expect(p.pickers.author.matches.map((m) => m.id)).toEqual([fx.people.inA]);
		// Someone of another programme is never offered.
		const other = await postPickers(ctx.db, a.office!, postId, { author: 'inOther' });
		expect(other.pickers.author.matches).toEqual([]);

		await addPostAuthor(ctx.db, a.office!, postId, { personId: String(fx.people.inA) });
		expect((await getPost(ctx.db, a.office!, postId)).post.authors.map((x) => x.id).sort()).toEqual(
			[fx.people.office, fx.people.inA].sort()
		);
		expect(await refusal(addPostAuthor(ctx.db, a.office!, postId, { personId: fx.people.inA }))).toEqual({
			fields: ['personId'],
			status: 409
		});
		expect(
			(await refusal(addPostAuthor(ctx.db, a.office!, postId, { personId: fx.people.inOther }))).fields
		).toEqual(['personId']);
		expect((await refusal(addPostAuthor(ctx.db, a.office!, postId, { personId: 'x' }))).fields).toEqual([
			'personId'
		]);

		// The co-author now edits the post and keeps the links and authors through a whole-form save.
		await updatePost(ctx.db, a.inA!, postId, (await postForEdit(ctx.db, a.inA!, postId)).values);
		await removePostAuthor(ctx.db, a.inA!, postId, { personId: fx.people.office });
		expect((await getPost(ctx.db, a.inA!, postId)).post.authors.map((x) => x.id)).toEqual([fx.people.inA]);
		expect(
			(await refusal(removePostAuthor(ctx.db, a.inA!, postId, { personId: fx.people.inA }))).fields
		).toEqual(['personId']);
		await addPostAuthor(ctx.db, a.inA!, postId, { personId: fx.people.office });
	});

	it('links a session (bringing its activity), a process and a network found by title; clears them', async () => {
		const term = activityTitle.slice(0, 12).toUpperCase();
		const p = await postPickers(ctx.db, a.office!, postId, { session: term, activity: term });
		expect(p.pickers.session.matches.map((m) => m.id)).toEqual([sessionId]);
		expect(p.pickers.activity.matches.map((m) => m.label)).toEqual([activityTitle]);
		await setPostLink(ctx.db, a.office!, postId, { link: 'session', refId: String(sessionId) });
		let post = (await getPost(ctx.db, a.office!, postId)).post;
		expect(post.sessionId).toBe(sessionId);
		expect(post.activityId).toBe(p.pickers.activity.matches[0]!.id);
		expect((await postPickers(ctx.db, a.office!, postId, {})).links.session?.label).toContain(activityTitle);

		const now = nowIso();
		const processId = (
			await ctx.db
				.insertInto('processes')
				.values({
					programmeId: fx.programmeId,
					unitId: fx.units.workplaceA,
					title: 'Språkcaféer i förorten',
					createdAt: now,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const networkId = await createNetwork(ctx.db, a.office!, fx.programmeId, {
			name: 'Nätverket för språkcaféer',
			startsOn: '2026-01-15'
		});
		const foreign = await createNetwork(ctx.db, a.otherOffice!, fx.otherProgrammeId, {
			name: 'Språkcaféer i grannprogrammet',
			startsOn: '2026-01-15'
		});
		const found = await postPickers(ctx.db, a.office!, postId, { process: 'språkcaf', network: 'SPRÅKCAF' });
		expect(found.pickers.process.matches).toEqual([{ id: processId, label: 'Språkcaféer i förorten' }]);
		expect(found.pickers.network.matches).toEqual([{ id: networkId, label: 'Nätverket för språkcaféer' }]);
		await setPostLink(ctx.db, a.office!, postId, { link: 'process', refId: processId });
		await setPostLink(ctx.db, a.office!, postId, { link: 'network', refId: networkId });
		expect(
			(await refusal(setPostLink(ctx.db, a.office!, postId, { link: 'network', refId: foreign }))).fields
		).toEqual(['refId']);
		expect(
			(await refusal(setPostLink(ctx.db, a.office!, postId, { link: 'parent', refId: 1 }))).fields
		).toEqual(['link']);
		post = (await getPost(ctx.db, a.office!, postId)).post;
		expect([post.processId, post.networkId]).toEqual([processId, networkId]);

		// Clearing the activity drops its session too.
		await setPostLink(ctx.db, a.office!, postId, { link: 'activity', refId: '' });
		post = (await getPost(ctx.db, a.office!, postId)).post;
		expect([post.activityId, post.sessionId, post.processId]).toEqual([null, null, processId]);
	});

	it('refuses the pickers and changes to someone who may not edit the post', async () => {
		await expect(postPickers(ctx.db, a.participant!, postId, { author: 'in' })).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		await expect(
			addPostAuthor(ctx.db, a.participant!, postId, { personId: fx.people.participant })
		).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(
			setPostLink(ctx.db, a.otherOffice!, postId, { link: 'session', refId: sessionId })
		).rejects.toBeInstanceOf(AccessDeniedError);
	});
});
