import { beforeAll, expect, it } from 'vitest';
import type { ErasureCount } from '../core/personal-data.ts';
import { nowIso } from '../db/sql.ts';
import { saveMyProfile } from '../experts/experts.service.ts';
import { expertsPersonalData } from '../experts/personal-data.service.ts';
import { networksPersonalData } from '../networks/personal-data.service.ts';
import { newsletterPersonalData } from '../newsletter/personal-data.service.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { postsPersonalData } from '../posts/personal-data.service.ts';
import { indexDocument } from '../search/search.service.ts';
import { describeEachDb } from '../testing/db.ts';
import { xapiPersonalData } from '../xapi/personal-data.service.ts';
import { erasePerson, previewErasure } from './privacy.service.ts';

/** The parts of the tables merged after privacy (issue 14): export, preview, erase, search index. */
describeEachDb('personal data: posts, experts, networks, newsletter, xapi', (ctx) => {
	let fx: ProgrammeFixture;
	let office: Actor;
	let me: { id: number; name: string; email: string };
	const posts: Record<'soleDraft' | 'published' | 'shared', number> = {
		soleDraft: 0,
		published: 0,
		shared: 0
	};

	const post = async (title: string, status: 'draft' | 'published', authors: number[]) => {
		const { id } = await ctx.db
			.insertInto('posts')
			.values({
				programmeId: fx.programmeId,
				kind: 'news',
				title,
				bodyHtml: '<p>Text</p>',
				language: 'sv',
				status,
				publishAt: status === 'published' ? '2026-01-01T00:00:00.000Z' : null,
				audience: 'members',
				createdBy: me.id,
				updatedAt: nowIso()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await ctx.db
			.insertInto('postAuthors')
			.values(authors.map((personId) => ({ postId: id, personId })))
			.execute();
		await indexDocument(ctx.db, {
			kind: 'post',
			refId: id,
			programmeId: fx.programmeId,
			language: 'sv',
			title,
			body: 'Text',
			url: `/posts/${id}`,
			audience: 'members',
			visibleFrom: status === 'published' ? '2026-01-01T00:00:00.000Z' : null
		});
		return id;
	};

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, 'pdparts');
		office = (await loadActor(ctx.db, fx.people.office))!;
		me = await ctx.db
			.selectFrom('people')
			.select(['id', 'name', 'email'])
			.where('id', '=', fx.people.participant)
			.executeTakeFirstOrThrow();
		const actor = (await loadActor(ctx.db, me.id))!;
		// Listed: indexed under the person's name.
		await saveMyProfile(ctx.db, actor, {
			listed: true,
			helpWith: 'Lean i vården',
			contact: 'Ring mig',
			subjects: [],
			tags: ['lean'],
			languages: ['sv']
		});
		posts.soleDraft = await post('Mitt utkast', 'draft', [me.id]);
		posts.published = await post('Publicerad', 'published', [me.id]);
		posts.shared = await post('Gemensamt utkast', 'draft', [me.id, fx.people.managerA]);
		await ctx.db
			.insertInto('postComments')
			.values([
				{ postId: posts.published, personId: me.id, body: 'Min kommentar', updatedAt: nowIso() },
				{
					postId: posts.published,
					personId: fx.people.managerA,
					body: 'Någon annans',
					hiddenAt: nowIso(),
					hiddenBy: me.id,
					updatedAt: nowIso()
				}
			])
			.execute();
		await ctx.db
			.insertInto('postFiles')
			.values({
				postId: posts.soleDraft,
				fileName: 'bild.png',
				contentType: 'image/png',
				size: 3,
				content: Buffer.from('png'),
				uploadedBy: me.id
			})
			.execute();
		await ctx.db.insertInto('postCommentNotices').values({ personId: me.id, openedAt: nowIso() }).execute();
		const network = await ctx.db
			.insertInto('networks')
			.values({
				programmeId: fx.programmeId,
				name: 'Lean-nätverket',
				startsOn: '2026-01-01',
				updatedAt: nowIso()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await ctx.db.insertInto('networkMembers').values({ networkId: network.id, personId: me.id }).execute();
		await ctx.db
			.insertInto('newsletterSubscriptions')
			.values({ programmeId: fx.programmeId, personId: me.id, subscribed: 0, updatedAt: nowIso() })
			.execute();
		await ctx.db
			.insertInto('xapiStatements')
			.values({
				statementId: '00000000-0000-5000-8000-000000000001',
				programmeId: fx.programmeId,
				personId: me.id,
				verb: 'attended',
				statement: JSON.stringify({ actor: { name: me.name, mbox: `mailto:${me.email}` } })
			})
			.execute();
	});

	it('exports the person’s rows of each part', async () => {
		const p = await postsPersonalData.exportOf(ctx.db, me.id);
		expect(p.posts_authored!.map((r) => (r as { id: number }).id)).toEqual([
			posts.soleDraft,
			posts.published,
			posts.shared
		]);
		expect(p.comments).toMatchObject([{ body: 'Min kommentar' }]);
		// Another person's hidden comment: listed without its text.
		expect(p.comments_hidden).toHaveLength(1);
		expect(JSON.stringify(p.comments_hidden)).not.toContain('Någon annans');
		expect(p.files_uploaded).toMatchObject([{ fileName: 'bild.png' }]);
		expect((await expertsPersonalData.exportOf(ctx.db, me.id)).expert_profile).toMatchObject([
			{ helpWith: 'Lean i vården', contact: 'Ring mig' }
		]);
		expect((await networksPersonalData.exportOf(ctx.db, me.id)).memberships).toMatchObject([
			{ name: 'Lean-nätverket' }
		]);
		expect((await newsletterPersonalData.exportOf(ctx.db, me.id)).subscriptions).toMatchObject([
			{ subscribed: 0 }
		]);
		expect((await xapiPersonalData.exportOf(ctx.db, me.id)).statements).toHaveLength(1);
	});

	it('erases: own texts and memberships go, shared and published posts stay, nothing left in the index', async () => {
		const expected: Record<string, Omit<ErasureCount, 'table'>> = {
			posts: { deleted: 1, anonymised: 0, kept: 2 },
			post_authors: { deleted: 3, anonymised: 0, kept: 0 },
			post_comments: { deleted: 1, anonymised: 0, kept: 1 },
			post_comment_notices: { deleted: 1, anonymised: 0, kept: 0 },
			post_files: { deleted: 1, anonymised: 0, kept: 0 },
			expert_profiles: { deleted: 1, anonymised: 0, kept: 0 },
			expert_areas: { deleted: 2, anonymised: 0, kept: 0 },
			network_members: { deleted: 1, anonymised: 0, kept: 0 },
			newsletter_subscriptions: { deleted: 1, anonymised: 0, kept: 0 },
			xapi_statements: { deleted: 1, anonymised: 0, kept: 0 }
		};
		const preview = await previewErasure(ctx.db, office, me.id);
		const byTable = Object.fromEntries(preview.counts.map(({ table, ...c }) => [table, c]));
		for (const [table, c] of Object.entries(expected)) expect(byTable[table], table).toEqual(c);
		const searchable = () =>
			ctx.db
				.selectFrom('searchDocuments')
				.select(['kind', 'refId', 'title'])
				.where('programmeId', '=', fx.programmeId)
				.orderBy('kind')
				.orderBy('refId')
				.execute();
		expect(await searchable()).toContainEqual({ kind: 'expert', refId: me.id, title: me.name });

		const { counts } = await erasePerson(ctx.db, office, me.id, { confirmation: me.name });
		expect(counts).toEqual(preview.counts);

		const left = await ctx.db
			.selectFrom('posts')
			.select('id')
			.where('programmeId', '=', fx.programmeId)
			.orderBy('id')
			.execute();
		expect(left.map((r) => r.id)).toEqual([posts.published, posts.shared]);
		const authors = await ctx.db
			.selectFrom('postAuthors')
			.select(['postId', 'personId'])
			.orderBy('postId')
			.execute();
		expect(authors.filter((a) => a.personId === me.id)).toEqual([]);
		expect(authors).toContainEqual({ postId: posts.shared, personId: fx.people.managerA });
		// Someone else's comment stays; who hid it is kept as the anonymised id.
		const comments = await ctx.db.selectFrom('postComments').select(['personId', 'hiddenBy']).execute();
		expect(comments).toEqual([{ personId: fx.people.managerA, hiddenBy: me.id }]);
		expect(await searchable()).toEqual([
			{ kind: 'post', refId: posts.published, title: 'Publicerad' },
			{ kind: 'post', refId: posts.shared, title: 'Gemensamt utkast' }
		]);
		for (const part of [postsPersonalData, expertsPersonalData, networksPersonalData, xapiPersonalData]) {
			const rows = await part.exportOf(ctx.db, me.id);
			for (const [file, list] of Object.entries(rows))
				if (!['posts_created', 'comments_hidden'].includes(file)) expect(list, file).toEqual([]);
		}
		expect(await newsletterPersonalData.exportOf(ctx.db, me.id)).toEqual({
			subscriptions: [],
			issues_received: []
		});
	});
});
