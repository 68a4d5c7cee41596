import { afterAll, beforeAll, expect, it } from 'vitest';
import * as activitiesRoute from '../../../routes/api/v1/activities/+server.ts';
import * as activityRoute from '../../../routes/api/v1/activities/[id]/+server.ts';
import * as activitySessionsRoute from '../../../routes/api/v1/activities/[id]/sessions/+server.ts';
import * as sessionsRoute from '../../../routes/api/v1/sessions/+server.ts';
import * as sessionRoute from '../../../routes/api/v1/sessions/[id]/+server.ts';
import { setDb } from '../db/index.ts';
import { nowIso } from '../db/sql.ts';
import { buildOpenApiDocument } from '../web/openapi.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { routeCaller } from '../testing/route-call.ts';
import { catalogueOpenApi } from '../web/openapi/catalogue.ts';
import { sessionEffects } from './effects.ts';

const call = routeCaller({ path: '/api/v1/activities' });

const day = (days: number, time: string) =>
	new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10) + 'T' + time;

describeEachDb('catalogue API', (ctx) => {
	let f: ProgrammeFixture;
	let office: Actor;
	let participant: Actor;
	const original = { ...sessionEffects };
	const calls: string[] = [];

	beforeAll(async () => {
		setDb(ctx.db);
		f = await buildProgrammeFixture(ctx.db, 'capi');
		office = (await loadActor(ctx.db, f.people.office)) as Actor;
		participant = (await loadActor(ctx.db, f.people.participant)) as Actor;
		sessionEffects.notifySessionCancelled = async (_db, id) => void calls.push(`cancelled:${id}`);
		sessionEffects.notifySessionChanged = async (_db, id) => void calls.push(`changed:${id}`);
		sessionEffects.fillFreeSeats = async (_db, id) => void calls.push(`fill:${id}`);
	});
	afterAll(() => {
		setDb(undefined);
		Object.assign(sessionEffects, original);
	});

	const activityBody = {
		title: 'API lecture',
		type: 'lecture',
		learningForm: 'formal',
		descriptionHtml: '<h2>About</h2><p onclick="x()">Text</p><script>bad()</script>'
	};

	it('the office creates, publishes and schedules; participants cannot create or update', async () => {
		const refused = await call(activitiesRoute.POST, participant, { method: 'POST', body: activityBody });
		expect(refused.status).toBe(404);
		const noAuth = await call(activitiesRoute.POST, null, { method: 'POST', body: activityBody });
		expect(noAuth.status).toBe(401);

		const created = await call(activitiesRoute.POST, office, { method: 'POST', body: activityBody });
		expect(created.status).toBe(201);
		expect(created.body.descriptionHtml).toBe('<h2>About</h2><p>Text</p>');
		expect(created.body.status).toBe('draft');
		const id = String(created.body.id);

		// Invisible to participants until published.
		expect((await call(activityRoute.GET, participant, { params: { id } })).status).toBe(404);
		const patchRefused = await call(activityRoute.PATCH, participant, {
			method: 'PATCH',
			params: { id },
			body: { title: 'Hijack' }
		});
		expect(patchRefused.status).toBe(404);
		const published = await call(activityRoute.PATCH, office, {
			method: 'PATCH',
			params: { id },
			body: { status: 'published', cost: 150 }
		});
		expect(published.status).toBe(200);
		expect(published.body.status).toBe('published');
		expect(published.body.cost).toBe(150);
		expect((await call(activityRoute.GET, participant, { params: { id } })).status).toBe(200);

		const session = await call(activitySessionsRoute.POST, office, {
			method: 'POST',
			params: { id },
			body: { startsAt: day(7, '09:00'), endsAt: day(7, '11:00'), place: 'Hall', capacity: 2, hours: 2 }
		});
		expect(session.status).toBe(201);
		expect(session.body.state).toBe('open');
		const sessionRefused = await call(activitySessionsRoute.POST, participant, {
			method: 'POST',
			params: { id },
			body: { startsAt: day(7, '09:00'), endsAt: day(7, '11:00'), place: 'Hall', capacity: 2, hours: 2 }
		});
		expect(sessionRefused.status).toBe(404);
		const patchSessionRefused = await call(sessionRoute.PATCH, participant, {
			method: 'PATCH',
			params: { id: String(session.body.id) },
			body: { capacity: 100 }
		});
		expect(patchSessionRefused.status).toBe(404);

		const list = await call(sessionsRoute.GET, participant, { path: '/api/v1/sessions?q=API+lecture' });
		expect(list.status).toBe(200);
		expect(list.body.data.map((s: { id: number }) => s.id)).toEqual([session.body.id]);
		const one = await call(sessionRoute.GET, participant, { params: { id: String(session.body.id) } });
		expect(one.body.activity.title).toBe('API lecture');
		expect(one.body.myRegistration).toBeNull();
	});

	it('refuses bad input with field messages in the caller’s language and changes nothing', async () => {
		const created = await call(activitiesRoute.POST, office, { method: 'POST', body: activityBody });
		const id = String(created.body.id);
		const bad = await call(activitySessionsRoute.POST, office, {
			method: 'POST',
			params: { id },
			locale: 'sv',
			body: { startsAt: day(7, '12:00'), endsAt: day(7, '11:00'), place: 'Hall', capacity: 2, hours: -1 }
		});
		expect(bad.status).toBe(422);
		expect(bad.body.error.fields.hours).toBeDefined();
		const endBefore = await call(activitySessionsRoute.POST, office, {
			method: 'POST',
			params: { id },
			locale: 'sv',
			body: { startsAt: day(7, '12:00'), endsAt: day(7, '11:00'), place: 'Hall', capacity: 2, hours: 1 }
		});
		expect(endBefore.status).toBe(422);
		expect(endBefore.body.error.fields.endsAt[0]).toBe('Sluttiden måste vara efter starttiden.');
		const sessions = await call(activitySessionsRoute.GET, office, { params: { id } });
		expect(sessions.body.data).toEqual([]);
		expect((await call(activityRoute.GET, office, { params: { id: '999999' } })).status).toBe(404);
		expect((await call(activityRoute.GET, office, { params: { id: 'abc' } })).status).toBe(404);
		expect((await call(sessionRoute.GET, office, { params: { id: '999999' } })).status).toBe(404);
		expect(
			(
				await call(sessionRoute.PATCH, office, {
					method: 'PATCH',
					params: { id: '999999' },
					body: { capacity: 3 }
				})
			).status
		).toBe(404);
		expect((await call(sessionsRoute.GET, office, { path: '/api/v1/sessions?bogus=1' })).status).toBe(400);
		expect((await call(sessionsRoute.GET, office, { path: '/api/v1/sessions?from=2026-13-40' })).status).toBe(
			400
		);
	});

	it('PATCH refuses capacity below confirmed, changes time (sequence+1) and cancels with a reason', async () => {
		const created = await call(activitiesRoute.POST, office, { method: 'POST', body: activityBody });
		const s = await call(activitySessionsRoute.POST, office, {
			method: 'POST',
			params: { id: String(created.body.id) },
			body: {
				startsAt: '2031-05-05T07:00:00Z',
				endsAt: '2031-05-05T11:00:00+02:00',
				onlineUrl: 'https://meet.example.org/a',
				capacity: 5,
				hours: 2
			}
		});
		expect(s.body.startsAtLocal).toBe('2031-05-05T09:00');
		const id = String(s.body.id);
		const now = nowIso();
		for (const personId of [f.people.inA, f.people.inB])
			await ctx.db
				.insertInto('registrations')
				.values({ sessionId: s.body.id, personId, status: 'confirmed', confirmedAt: now, updatedAt: now })
				.execute();
		await ctx.db.updateTable('sessions').set({ confirmedCount: 2 }).where('id', '=', s.body.id).execute();

		const tooSmall = await call(sessionRoute.PATCH, office, {
			method: 'PATCH',
			params: { id },
			body: { capacity: 1 }
		});
		expect(tooSmall.status).toBe(422);
		expect(tooSmall.body.error.fields.capacity[0]).toContain('2');
		expect((await call(sessionRoute.GET, office, { params: { id } })).body.capacity).toBe(5);

		calls.length = 0;
		const moved = await call(sessionRoute.PATCH, office, {
			method: 'PATCH',
			params: { id },
			body: { startsAt: '2031-05-05T08:00', capacity: 8 }
		});
		expect(moved.status).toBe(200);
		expect(moved.body.sequence).toBe(1);
		expect(moved.body.startsAt).toBe('2031-05-05T06:00:00.000Z');
		expect(calls).toEqual([`changed:${id}`, `fill:${id}`]);

		const noReason = await call(sessionRoute.PATCH, office, {
			method: 'PATCH',
			params: { id },
			body: { status: 'cancelled' }
		});
		expect(noReason.status).toBe(422);
		const cancelled = await call(sessionRoute.PATCH, office, {
			method: 'PATCH',
			params: { id },
			body: { status: 'cancelled', cancelReason: 'Venue closed' }
		});
		expect(cancelled.status).toBe(200);
		expect(cancelled.body.status).toBe('cancelled');
		expect(cancelled.body.sequence).toBe(2);
		const regs = await ctx.db
			.selectFrom('registrations')
			.select('status')
			.where('sessionId', '=', s.body.id)
			.execute();
		expect(regs.map((r) => r.status)).toEqual(['confirmed', 'confirmed']);
		const again = await call(sessionRoute.PATCH, office, {
			method: 'PATCH',
			params: { id },
			body: { status: 'cancelled', cancelReason: 'Again' }
		});
		expect(again.status).toBe(409);
	});

	it('describes the endpoints in the OpenAPI document', () => {
		const doc = buildOpenApiDocument([catalogueOpenApi], 'http://localhost/api/v1');
		expect(Object.keys(doc.paths)).toEqual(
			expect.arrayContaining([
				'/activities',
				'/activities/{id}',
				'/activities/{id}/sessions',
				'/sessions',
				'/sessions/{id}'
			])
		);
		expect(doc.components.schemas).toHaveProperty('SessionDetail');
	});
});
