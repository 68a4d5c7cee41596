import { afterAll, beforeAll, expect, it } from 'vitest';
import * as listRoute from '../../../routes/api/v1/logbook/+server.ts';
import * as oneRoute from '../../../routes/api/v1/logbook/[id]/+server.ts';
import * as shareRoute from '../../../routes/api/v1/logbook/[id]/shares/[audience]/+server.ts';
import * as historyRoute from '../../../routes/api/v1/logbook/[id]/consent-events/+server.ts';
import { setDb } from '../db/index.ts';
import { buildOpenApiDocument } from '../web/openapi.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { routeCaller } from '../testing/route-call.ts';
import { logbookOpenApi } from '../web/openapi/logbook.ts';

const call = routeCaller({ path: '/api/v1/logbook', locale: 'sv' });

describeEachDb('logbook API', (ctx) => {
	let fx: ProgrammeFixture;
	const a: Record<string, Actor> = {};

	beforeAll(async () => {
		setDb(ctx.db);
		fx = await buildProgrammeFixture(ctx.db, 'logapi');
		for (const [key, id] of Object.entries(fx.people)) a[key] = (await loadActor(ctx.db, id))!;
	});
	afterAll(() => setDb(undefined));

	const entryCount = async () =>
		Number(
			(
				await ctx.db
					.selectFrom('logbookEntries')
					.select((eb) => eb.fn.countAll().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	it('creates, shares with consent, withdraws, and hides private entries from everyone else', async () => {
		const created = await call(listRoute.POST, a.participant!, {
			method: 'POST',
			body: { title: 'Reflektion', body: 'Vad jag lärde mig' }
		});
		expect(created.status).toBe(201);
		const id = String(created.body.id);
		expect(created.body.bodyHtml).toBe('<p>Vad jag lärde mig</p>');

		// Private: the office, an admin and the evaluator get 404; the list is empty for them.
		for (const who of ['office', 'admin', 'evaluator', 'managerB']) {
			expect((await call(oneRoute.GET, a[who]!, { params: { id } })).status).toBe(404);
			expect((await call(listRoute.GET, a[who]!, { query: '?scope=shared' })).body.data).toEqual([]);
		}

		// Consent is required.
		const noConsent = await call(shareRoute.PUT, a.participant!, {
			method: 'PUT',
			params: { id, audience: 'evaluators' },
			body: {}
		});
		expect(noConsent.status).toBe(422);
		expect(noConsent.body.error.fields.consent).toEqual([
			'Kryssa i samtyckestexten för att dela anteckningen.'
		]);
		expect((await call(oneRoute.GET, a.evaluator!, { params: { id } })).status).toBe(404);

		const shared = await call(shareRoute.PUT, a.participant!, {
			method: 'PUT',
			params: { id, audience: 'evaluators' },
			body: { consent: true }
		});
		expect(shared.status).toBe(200);
		expect(shared.body.sharedWith).toEqual(['evaluators']);
		const seen = await call(listRoute.GET, a.evaluator!, { query: '?scope=shared' });
		expect(seen.body.data.map((e: { id: number }) => e.id)).toEqual([Number(id)]);
		expect((await call(oneRoute.GET, a.office!, { params: { id } })).status).toBe(404);

		const withdrawn = await call(shareRoute.DELETE, a.participant!, {
			method: 'DELETE',
			params: { id, audience: 'evaluators' }
		});
		expect(withdrawn.body.sharedWith).toEqual([]);
		expect((await call(oneRoute.GET, a.evaluator!, { params: { id } })).status).toBe(404);

		const history = await call(historyRoute.GET, a.participant!, { params: { id } });
		expect(history.body.data.map((e: { action: string }) => e.action)).toEqual(['grant', 'withdraw']);
		expect((await call(historyRoute.GET, a.evaluator!, { params: { id } })).status).toBe(404);

		const own = await call(listRoute.GET, a.participant!);
		expect(own.body.data.map((e: { id: number }) => e.id)).toEqual([Number(id)]);

		// Someone else cannot change or delete it (404, unchanged).
		expect(
			(await call(oneRoute.PATCH, a.office!, { method: 'PATCH', params: { id }, body: { body: 'x' } })).status
		).toBe(404);
		expect((await call(oneRoute.DELETE, a.admin!, { method: 'DELETE', params: { id } })).status).toBe(404);
		const patched = await call(oneRoute.PATCH, a.participant!, {
			method: 'PATCH',
			params: { id },
			body: { title: null }
		});
		expect(patched.body.title).toBeNull();
		expect((await call(oneRoute.DELETE, a.participant!, { method: 'DELETE', params: { id } })).status).toBe(
			204
		);
		expect((await call(oneRoute.GET, a.participant!, { params: { id } })).status).toBe(404);
	});

	it('answers bad input with 400/401/404/422 and changes nothing', async () => {
		const entry = await call(listRoute.POST, a.inB!, { method: 'POST', body: { body: 'Orörd' } });
		const id = String(entry.body.id);
		const before = await entryCount();
		const cases: [unknown, Parameters<typeof call>[2], number][] = [
			[listRoute.POST, { method: 'POST', rawBody: '{not json' }, 400],
			[listRoute.POST, { method: 'POST', body: {} }, 422],
			[listRoute.POST, { method: 'POST', body: { body: '<script>x</script>' } }, 422],
			[listRoute.POST, { method: 'POST', body: { body: 'x', processId: 'abc' } }, 422],
			[listRoute.POST, { method: 'POST', body: { body: 'x', sessionId: 999999 } }, 422],
			[listRoute.POST, { method: 'POST', body: { body: 'x', extra: 1 } }, 422],
			// NUL (PostgreSQL's text refuses it): a field error, not a 500.
			[listRoute.POST, { method: 'POST', body: { body: 'a\u0000b' } }, 422],
			[listRoute.POST, { method: 'POST', body: { body: '<p>\u0000</p>' } }, 422],
			[listRoute.GET, { query: '?scope=everyone' }, 400],
			[oneRoute.PATCH, { method: 'PATCH', params: { id }, body: { body: '' } }, 422],
			[oneRoute.PATCH, { method: 'PATCH', params: { id: 'abc' }, body: { body: 'x' } }, 404],
			[shareRoute.PUT, { method: 'PUT', params: { id, audience: 'everyone' }, body: { consent: true } }, 404],
			[
				shareRoute.PUT,
				{ method: 'PUT', params: { id, audience: 'evaluators' }, body: { consent: false } },
				422
			],
			[
				shareRoute.PUT,
				{ method: 'PUT', params: { id, audience: 'process_group' }, body: { consent: true } },
				422
			]
		];
		for (const [handler, opts, status] of cases) {
			const res = await call(handler, a.inB!, opts);
			expect([res.status, opts]).toEqual([status, opts]);
			expect(res.body.error.message).toBeTruthy();
		}
		expect((await call(listRoute.GET, null)).status).toBe(401);
		expect(await entryCount()).toBe(before);
		const unchanged = await call(oneRoute.GET, a.inB!, { params: { id } });
		expect([unchanged.body.bodyHtml, unchanged.body.sharedWith]).toEqual(['<p>Orörd</p>', []]);
	});

	it('documents its paths in the OpenAPI document', () => {
		const doc = buildOpenApiDocument([logbookOpenApi], 'http://localhost/api/v1');
		expect(Object.keys(doc.paths)).toEqual(
			expect.arrayContaining([
				'/logbook',
				'/logbook/{id}',
				'/logbook/{id}/shares/{audience}',
				'/logbook/{id}/consent-events'
			])
		);
		expect(doc.components.schemas).toHaveProperty('LogbookEntry');
	});
});
