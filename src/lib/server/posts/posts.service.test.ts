import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { runOutbox } from '../mail/outbox.service.ts';
import { decodeMail, startSmtpReceiver, type SmtpReceiver } from '../mail/smtp-receiver.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { makeSession } from '../registrations/registrations.fixtures.ts';
import { search } from '../search/search.service.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	addComment,
	addPostFile,
	addSubject,
	archiveIndex,
	COMMENT_BATCH_MS,
	createPost,
	deleteComment,
	editComment,
	getPost,
	listPosts,
	moderateComment,
	PostsError,
	publicFeed,
	updatePost,
	updatePostSettings
} from './posts.service.ts';

async function fieldError(work: Promise<unknown>): Promise<string[]> {
	const e = await work.then(
		() => undefined,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(PostsError);
	return Object.keys((e as PostsError).fieldErrors('en'));
}

async function count(db: Db, table: 'posts' | 'postFiles' | 'postComments' | 'outbox'): Promise<number> {
	const r = await db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll().as('n'))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

let receiver: SmtpReceiver;
beforeAll(async () => {
	receiver = await startSmtpReceiver();
});
afterAll(() => receiver.close());

describeEachDb('posts service', (ctx) => {
	let fx: ProgrammeFixture;
	const a: Record<string, Actor> = {};
	let sessionId: number;
	const base = {
		kind: 'course_report',
		title: 'Kursrapport: Läsfrämjande för små barn',
		body: '<p>Vi lärde oss om <strong>högläsning</strong>.</p>',
		language: 'sv',
		publish: 'now'
	};

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, 'posts');
		for (const key of ['participant', 'managerA', 'office', 'otherOffice', 'inA', 'inB'] as const)
			a[key] = (await loadActor(ctx.db, fx.people[key]))!;
		sessionId = await makeSession(ctx.db, fx.programmeId);
		await addSubject(ctx.db, a.office!, fx.programmeId, { name: 'Läsfrämjande' });
		await addSubject(ctx.db, a.office!, fx.programmeId, { name: 'Digital delaktighet' });
	});

	it('publishes a sanitised post that is found by search and in the archive', async () => {
		const post = await createPost(ctx.db, a.office!, fx.programmeId, {
			...base,
			body:
				base.body +
				'<script>alert(1)</script><img src="https://evil.example/x.png" onerror="x()"><a href="javascript:alert(1)">x</a>',
			subjects: ['lasframjande'],
			sessionId
		});
		expect(post.bodyHtml).not.toMatch(/script|onerror|evil|javascript/);
		expect(post.bodyHtml).toContain('<strong>högläsning</strong>');
		expect(post.visible).toBe(true);
		expect(post.subjects.map((s) => s.slug)).toEqual(['lasframjande']);
		expect(post.activityId).not.toBeNull();
		const hits = await search(ctx.db, a.participant!, fx.programmeId, { q: 'högläsning' });
		expect(hits.results.map((r) => r.url)).toEqual([`/posts/${post.id}`]);
		const ym = nowIso().slice(0, 7).split('-').map(Number);
		const month = await listPosts(ctx.db, a.participant!, fx.programmeId, { year: ym[0]!, month: ym[1]! });
		expect(month.items.map((i) => i.id)).toContain(post.id);
		const subject = await listPosts(ctx.db, a.participant!, fx.programmeId, { subject: 'lasframjande' });
		expect(subject.items.map((i) => i.id)).toEqual([post.id]);
		const index = await archiveIndex(ctx.db, a.participant!, fx.programmeId);
		expect(index.subjects.find((s) => s.slug === 'lasframjande')?.count).toBe(1);
		expect(index.months[0]).toEqual({ year: ym[0], month: ym[1], count: expect.any(Number) });
	});

	it('refuses bad input with field errors and stores nothing', async () => {
		const before = await count(ctx.db, 'posts');
		expect(
			await fieldError(createPost(ctx.db, a.office!, fx.programmeId, { ...base, subjects: ['okand'] }))
		).toEqual(['subjects']);
		expect(
			await fieldError(
				createPost(ctx.db, a.office!, fx.programmeId, {
					...base,
					publish: 'schedule',
					publishAt: '2020-01-01T10:00'
				})
			)
		).toEqual(['publishAt']);
		expect(
			await fieldError(createPost(ctx.db, a.office!, fx.programmeId, { ...base, kind: 'poem' }))
		).toEqual(['kind']);
		expect(
			await fieldError(createPost(ctx.db, a.office!, fx.programmeId, { ...base, sessionId: 999_999 }))
		).toEqual(['sessionId']);
		expect(await count(ctx.db, 'posts')).toBe(before);
	});

	it('writes only where the programme allows it', async () => {
		await expect(createPost(ctx.db, a.participant!, fx.programmeId, base)).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		await expect(createPost(ctx.db, a.otherOffice!, fx.programmeId, base)).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		await updatePostSettings(ctx.db, a.office!, fx.programmeId, { participantsMayWrite: 'on' });
		const own = await createPost(ctx.db, a.participant!, fx.programmeId, {
			...base,
			kind: 'study_trip_report',
			publish: 'draft'
		});
		expect(own.status).toBe('draft');
		// Another participant cannot change it; the office can.
		await expect(updatePost(ctx.db, a.inB!, own.id, base)).rejects.toBeInstanceOf(AccessDeniedError);
		await updatePost(ctx.db, a.office!, own.id, {
			...base,
			kind: 'study_trip_report',
			publish: 'draft',
			title: 'Studieresa till Ærø'
		});
		await updatePostSettings(ctx.db, a.office!, fx.programmeId, {});
		// A forged settings form (a control character for a tick, an unknown field) changes nothing.
		expect(
			await fieldError(
				updatePostSettings(ctx.db, a.office!, fx.programmeId, { participantsMayWrite: 'a\u0000b' })
			)
		).toEqual(['participantsMayWrite']);
		await expect(
			updatePostSettings(ctx.db, a.office!, fx.programmeId, { participantsMayWrite: 'on', x: '1' })
		).rejects.toBeInstanceOf(PostsError);
		await expect(createPost(ctx.db, a.participant!, fx.programmeId, base)).rejects.toBeInstanceOf(
			AccessDeniedError
		);
	});

	it('hides drafts and scheduled posts until their time, from lists, search and the feed', async () => {
		const draft = await createPost(ctx.db, a.office!, fx.programmeId, {
			...base,
			title: 'Hemligt utkast',
			publish: 'draft'
		});
		const later = await createPost(ctx.db, a.office!, fx.programmeId, {
			...base,
			title: 'Planerad nyhet',
			kind: 'news',
			audience: 'public',
			publish: 'schedule',
			publishAt: '2099-05-01T08:00:00Z'
		});
		expect(later.scheduled).toBe(true);
		const pub = await createPost(ctx.db, a.office!, fx.programmeId, {
			...base,
			title: 'Offentlig nyhet',
			kind: 'news',
			audience: 'public'
		});
		for (const id of [draft.id, later.id])
			await expect(getPost(ctx.db, a.participant!, id)).rejects.toBeInstanceOf(AccessDeniedError);
		expect((await getPost(ctx.db, a.office!, later.id)).post.id).toBe(later.id);
		const listed = (await listPosts(ctx.db, a.participant!, fx.programmeId)).items.map((i) => i.title);
		expect(listed).not.toContain('Hemligt utkast');
		expect(listed).not.toContain('Planerad nyhet');
		expect((await listPosts(ctx.db, a.office!, fx.programmeId)).items.map((i) => i.title)).toContain(
			'Planerad nyhet'
		);
		const found = await search(ctx.db, a.office!, fx.programmeId, { q: 'hemligt' });
		expect(found.results).toEqual([]);
		const feed = await publicFeed(ctx.db, fx.programmeId);
		expect(feed.entries.map((e) => e.id)).toEqual([pub.id]);
		// Public posts are read without signing in; members-only ones are not.
		expect((await getPost(ctx.db, null, pub.id)).post.title).toBe('Offentlig nyhet');
		const members = (await listPosts(ctx.db, a.participant!, fx.programmeId)).items.find(
			(i) => i.audience === 'members'
		)!;
		await expect(getPost(ctx.db, null, members.id)).rejects.toBeInstanceOf(AccessDeniedError);
		// Another programme's people do not see members-only posts.
		await expect(getPost(ctx.db, a.otherOffice!, members.id)).rejects.toBeInstanceOf(AccessDeniedError);
		// Next/previous in publishing order.
		const view = await getPost(ctx.db, a.participant!, pub.id);
		expect(view.previous).not.toBeNull();
		expect(view.next).toBeNull();
	});

	it('refuses a 50 MB image and an unknown file type, and keeps a small image', async () => {
		const post = (await listPosts(ctx.db, a.office!, fx.programmeId)).items[0]!;
		const before = await count(ctx.db, 'postFiles');
		const big = { name: 'stor.png', type: 'image/png', size: 50 * 1024 * 1024, content: new Uint8Array(16) };
		expect(await fieldError(addPostFile(ctx.db, a.office!, post.id, big))).toEqual(['file']);
		const e = await addPostFile(ctx.db, a.office!, post.id, big).catch((x: PostsError) => x);
		expect((e as PostsError).fieldErrors('sv').file![0]).toContain('10 MB');
		expect(
			await fieldError(
				addPostFile(ctx.db, a.office!, post.id, {
					name: 'x.exe',
					type: 'application/x-msdownload',
					content: new Uint8Array(4)
				})
			)
		).toEqual(['file']);
		expect(await count(ctx.db, 'postFiles')).toBe(before);
		const ok = await addPostFile(ctx.db, a.office!, post.id, {
			name: 'bild.png',
			type: 'image/png',
			content: new Uint8Array(100)
		});
		expect(ok.url).toBe(`/posts/files/${ok.id}`);
		const body = `<p>Bild:</p><img src="${ok.url}" alt="Bild">`;
		const updated = await updatePost(ctx.db, a.office!, post.id, { ...base, body });
		expect(updated.bodyHtml).toContain(`<img src="${ok.url}" alt="Bild" />`);
	});

	it('comments: stripped of markup, edited and deleted by the author, moderated by the office, mailed once', async () => {
		const post = await createPost(ctx.db, a.office!, fx.programmeId, { ...base, title: 'Kommentera mig' });
		const first = await addComment(ctx.db, a.participant!, post.id, {
			body: 'Bra! <script>alert(1)</script><b>Tack</b>'
		});
		expect(first.body).toBe('Bra! Tack');
		const second = await addComment(ctx.db, a.inA!, post.id, { body: 'Håller med.' });
		await addComment(ctx.db, a.office!, post.id, { body: 'Tack själv.' });
		const mails = await ctx.db
			.selectFrom('outbox')
			.selectAll()
			.where('kind', '=', 'posts.comments')
			.execute();
		expect(mails).toHaveLength(1);
		expect(mails[0]!.personId).toBe(fx.people.office);

		await expect(editComment(ctx.db, a.inA!, first.id, { body: 'x' })).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		await editComment(ctx.db, a.participant!, first.id, { body: 'Bra, tack!' });
		await moderateComment(ctx.db, a.office!, second.id, true);
		await expect(moderateComment(ctx.db, a.participant!, second.id, false)).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		const seen = await getPost(ctx.db, a.participant!, post.id);
		expect(seen.comments.map((c) => c.body)).toEqual(['Bra, tack!', 'Tack själv.']);
		expect(seen.comments[0]!.edited).toBe(true);
		expect((await getPost(ctx.db, a.office!, post.id)).comments).toHaveLength(3);
		expect(
			await fieldError(addComment(ctx.db, a.participant!, post.id, { body: '<script>x</script>' }))
		).toEqual(['body']);

		// Not due before the batch window ends; then one mail with the visible comments.
		const mark = receiver.messages.length;
		await runOutbox(ctx.db, { mail: receiver.mailOptions });
		expect(receiver.messages.length).toBe(mark);
		const later = () => new Date(Date.now() + COMMENT_BATCH_MS + 60_000);
		await runOutbox(ctx.db, { mail: receiver.mailOptions, now: later, origin: 'https://klok.example' });
		await runOutbox(ctx.db, { mail: receiver.mailOptions, now: later });
		const got = receiver.messages.slice(mark);
		expect(got).toHaveLength(1);
		const mail = decodeMail(got[0]!);
		expect(got[0]!.to).toEqual([`office.posts@example.org`]);
		expect(mail.text).toContain('Bra, tack!');
		expect(mail.text).not.toContain('Håller med.');
		expect(mail.text).toContain(`https://klok.example/posts/${post.id}`);
		// A later comment opens a new notice (a new mail), never a second one for the old window.
		await addComment(ctx.db, a.participant!, post.id, { body: 'En till.' });
		expect(
			await ctx.db.selectFrom('outbox').select('id').where('kind', '=', 'posts.comments').execute()
		).toHaveLength(2);

		await expect(deleteComment(ctx.db, a.inA!, first.id)).rejects.toBeInstanceOf(AccessDeniedError);
		await deleteComment(ctx.db, a.participant!, first.id);
		await deleteComment(ctx.db, a.office!, second.id);
		expect((await getPost(ctx.db, a.office!, post.id)).comments.map((c) => c.body)).toEqual([
			'Tack själv.',
			'En till.'
		]);
	});
});
