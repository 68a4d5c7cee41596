import { afterAll, beforeAll, expect, it } from 'vitest';
import * as postsRoute from '../../../routes/api/v1/posts/+server.ts';
import * as postRoute from '../../../routes/api/v1/posts/[id]/+server.ts';
import * as commentsRoute from '../../../routes/api/v1/posts/[id]/comments/+server.ts';
import * as searchRoute from '../../../routes/api/v1/search/+server.ts';
import * as feedRoute from '../../../routes/posts/feed.atom/+server.ts';
import { setDb } from '../db/index.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { routeCaller } from '../testing/route-call.ts';
import { buildOpenApiDocument } from '../web/openapi.ts';
import { postsOpenApi } from '../web/openapi/posts.ts';
import { searchOpenApi } from '../web/openapi/search.ts';

const call = routeCaller({ path: '/api/v1/posts', locale: 'sv' });

describeEachDb('posts and search API, Atom feed', (ctx) => {
	let fx: ProgrammeFixture;
	const a: Record<string, Actor> = {};

	beforeAll(async () => {
		setDb(ctx.db);
		fx = await buildProgrammeFixture(ctx.db, 'postsapi');
		for (const key of ['participant', 'office', 'otherOffice'] as const)
			a[key] = (await loadActor(ctx.db, fx.people[key]))!;
	});
	afterAll(() => setDb(undefined));

	it('writes, searches, comments and refuses as the policy says', async () => {
		const body = {
			kind: 'news',
			title: 'Nyhet om språkcaféer & <bibliotek>',
			body: '<p>Språkcaféerna växer.</p><script>x()</script>',
			language: 'sv',
			audience: 'public',
			publish: 'now'
		};
		const created = await call(postsRoute.POST, a.office!, { method: 'POST', body });
		expect(created.status).toBe(201);
		expect(created.body.bodyHtml).toBe('<p>Språkcaféerna växer.</p>');
		const refused = await call(postsRoute.POST, a.participant!, { method: 'POST', body });
		expect(refused.status).toBe(404);
		const bad = await call(postsRoute.POST, a.office!, {
			method: 'POST',
			body: { ...body, subjects: ['nope'] }
		});
		expect(bad.status).toBe(422);
		expect(Object.keys(bad.body.error.fields)).toEqual(['subjects']);

		const found = await call(searchRoute.GET, a.participant!, { query: '?q=SPRÅKCAFÉER' });
		expect(found.status).toBe(200);
		expect(found.body.data.map((r: { url: string }) => r.url)).toEqual([`/posts/${created.body.id}`]);
		// Another programme's office searches its own programme: nothing of this one.
		const none = await call(searchRoute.GET, a.otherOffice!, { query: '?q=språkcaféer' });
		expect(none.body.data).toEqual([]);

		const c = await call(commentsRoute.POST, a.participant!, {
			method: 'POST',
			params: { id: String(created.body.id) },
			body: { body: 'Toppen!' }
		});
		expect(c.status).toBe(201);
		const one = await call(postRoute.GET, a.participant!, { params: { id: String(created.body.id) } });
		expect(one.body.comments.map((x: { body: string }) => x.body)).toEqual(['Toppen!']);
		const list = await call(postsRoute.GET, a.participant!, {});
		expect(list.body.total).toBe(1);
	});

	it('serves a valid Atom 1.0 feed of public posts with the right content type', async () => {
		const url = new URL(`http://localhost/posts/feed.atom?programme=${fx.programmeId}`);
		const res = await feedRoute.GET({ url, locals: { actor: null, locale: 'sv' } } as never);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
		const xml = await res.text();
		expect(
			xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"')
		).toBe(true);
		// Required elements of the feed and of each entry (RFC 4287 §4.1.1, §4.1.2).
		for (const tag of ['id', 'title', 'updated'])
			expect(xml).toMatch(new RegExp(`<feed[^>]*>[\\s\\S]*<${tag}>`));
		const entries = xml.match(/<entry[\s\S]*?<\/entry>/g) ?? [];
		expect(entries).toHaveLength(1);
		for (const tag of ['id', 'title', 'updated', 'published', 'content type="html"'])
			expect(entries[0]).toContain(`<${tag}>`.replace('type="html">', 'type="html">'));
		// Escaped, so the document stays well-formed: no raw < or & inside text.
		expect(entries[0]).toContain('<title>Nyhet om språkcaféer &amp; &lt;bibliotek&gt;</title>');
		expect(entries[0]).toContain('&lt;p&gt;Språkcaféerna växer.&lt;/p&gt;');
		const open = (xml.match(/<entry[ >]/g) ?? []).length;
		expect(open).toBe((xml.match(/<\/entry>/g) ?? []).length);
		expect(Date.parse(entries[0]!.match(/<updated>([^<]+)<\/updated>/)![1]!)).not.toBeNaN();
	});

	it('documents the paths', () => {
		const doc = buildOpenApiDocument([postsOpenApi, searchOpenApi], 'http://localhost/api/v1');
		expect(Object.keys(doc.paths)).toEqual(
			expect.arrayContaining(['/posts', '/posts/{id}', '/posts/{id}/comments', '/comments/{id}', '/search'])
		);
	});
});
