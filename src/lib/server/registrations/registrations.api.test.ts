import { afterAll, beforeAll, expect, it } from 'vitest';
import * as listRoute from '../../../routes/api/v1/registrations/+server.ts';
import * as oneRoute from '../../../routes/api/v1/registrations/[id]/+server.ts';
import * as approveRoute from '../../../routes/api/v1/registrations/[id]/approve/+server.ts';
import * as declineRoute from '../../../routes/api/v1/registrations/[id]/decline/+server.ts';
import * as cancelRoute from '../../../routes/api/v1/registrations/[id]/cancel/+server.ts';
import * as sessionRoute from '../../../routes/api/v1/sessions/[id]/registrations/+server.ts';
import { setDb } from '../db/index.ts';
import { buildOpenApiDocument } from '../web/openapi.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { routeCaller } from '../testing/route-call.ts';
import { makeSession } from './registrations.fixtures.ts';
import { registrationsOpenApi } from '../web/openapi/registrations.ts';

const call = routeCaller({ path: '/api/v1/registrations' });

describeEachDb('registrations API', (ctx) => {
	let fx: ProgrammeFixture;
	let participant: Actor;
	let inTeam: Actor;
	let managerA: Actor;
	let managerB: Actor;

	beforeAll(async () => {
		setDb(ctx.db);
		fx = await buildProgrammeFixture(ctx.db, 'regapi');
		participant = (await loadActor(ctx.db, fx.people.participant))!;
		inTeam = (await loadActor(ctx.db, fx.people.inTeam))!;
		managerA = (await loadActor(ctx.db, fx.people.managerA))!;
		managerB = (await loadActor(ctx.db, fx.people.managerB))!;
	});
	afterAll(() => setDb(undefined));

	const post = (
		handler: unknown,
		actor: Actor | null,
		id: number | string,
		body?: unknown,
		locale?: string
	) => call(handler, actor, { method: 'POST', params: { id: String(id) }, body, locale });

	it('registers (201), returns the existing one (200), lists mine, hides others (404)', async () => {
		const s = await makeSession(ctx.db, fx.programmeId, { capacity: 1 });
		const created = await post(sessionRoute.POST, participant, s);
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ status: 'confirmed', personId: participant.personId, sessionId: s });
		const again = await post(sessionRoute.POST, participant, s, {});
		expect(again.status).toBe(200);
		expect(again.body.id).toBe(created.body.id);
		const waiting = await post(sessionRoute.POST, inTeam, s);
		expect(waiting.body).toMatchObject({ status: 'waitlisted', waitlistSeq: 1 });

		const mine = await call(listRoute.GET, participant);
		expect(mine.body.data.map((r: { id: number }) => r.id)).toContain(created.body.id);
		expect(mine.body.data.every((r: { personId: number }) => r.personId === participant.personId)).toBe(true);

		// Someone else's registration: the same 404 as an unknown id.
		const foreign = await call(oneRoute.GET, participant, { params: { id: String(waiting.body.id) } });
		const unknown = await call(oneRoute.GET, participant, { params: { id: '99999999' } });
		expect(foreign).toEqual(unknown);
		expect(foreign.status).toBe(404);
		for (const bad of ['-1', 'abc', '0', '1.5'])
			expect((await call(oneRoute.GET, participant, { params: { id: bad } })).status).toBe(404);
		expect((await post(cancelRoute.POST, participant, waiting.body.id)).status).toBe(404);
		expect((await call(listRoute.GET, null)).status).toBe(401);
		expect(
			(await call(listRoute.GET, participant, { path: '/api/v1/registrations?status=nope' })).status
		).toBe(400);
		expect(
			(await call(listRoute.GET, participant, { path: '/api/v1/registrations?sessionId=-3' })).status
		).toBe(400);

		// Cancelling the confirmed seat moves the waitlisted person up.
		const cancelled = await post(cancelRoute.POST, participant, created.body.id);
		expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });
		const promoted = await call(oneRoute.GET, inTeam, { params: { id: String(waiting.body.id) } });
		expect(promoted.body.status).toBe('confirmed');
	});

	it('refuses bad bodies and someone else without changing anything', async () => {
		const s = await makeSession(ctx.db, fx.programmeId);
		expect((await post(sessionRoute.POST, participant, s, { personId: 'x' })).status).toBe(422);
		expect((await post(sessionRoute.POST, participant, s, { personId: -5 })).status).toBe(422);
		expect((await post(sessionRoute.POST, participant, s, { other: 1 })).status).toBe(422);
		expect(
			(
				await call(sessionRoute.POST, participant, {
					method: 'POST',
					params: { id: String(s) },
					rawBody: '{"x":'
				})
			).status
		).toBe(400);
		expect((await post(sessionRoute.POST, participant, s, { personId: fx.people.inB })).status).toBe(404);
		expect((await post(sessionRoute.POST, managerA, s, { personId: fx.people.inB })).status).toBe(404);
		expect((await post(sessionRoute.POST, participant, 'abc')).status).toBe(404);
		expect((await post(sessionRoute.POST, participant, 99999999)).status).toBe(404);
		const list = await call(sessionRoute.GET, managerA, { params: { id: String(s) } });
		expect(list.body.data).toEqual([]);
		// A manager registers their own staff.
		const team = await post(sessionRoute.POST, managerA, s, { personId: fx.people.inTeam });
		expect(team).toMatchObject({
			status: 201,
			body: { status: 'confirmed', registeredBy: fx.people.managerA }
		});
	});

	it('approves, declines with a reason (422 without), answers rules with 409 in the caller language', async () => {
		const s = await makeSession(ctx.db, fx.programmeId, { requiresApproval: true });
		const req = await post(sessionRoute.POST, participant, s);
		expect(req.body.status).toBe('requested');
		// The participant is in workplace B: manager A may not decide (404), manager B may.
		expect((await post(approveRoute.POST, managerA, req.body.id)).status).toBe(404);
		const noReason = await post(declineRoute.POST, managerB, req.body.id, {});
		expect(noReason.status).toBe(422);
		expect(noReason.body.error.fields.reason).toHaveLength(1);
		const blank = await post(declineRoute.POST, managerB, req.body.id, { reason: '  ' }, 'sv');
		expect(blank.body.error.fields.reason[0]).toBe('Ange ett skäl till avslaget.');
		const declined = await post(declineRoute.POST, managerB, req.body.id, {
			reason: 'Personalbrist den dagen'
		});
		expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'Personalbrist den dagen' });
		const late = await post(approveRoute.POST, managerB, req.body.id, undefined, 'sv');
		expect(late.status).toBe(409);
		expect(late.body.error.message).toBe('Förfrågan har redan beslutats.');

		const closed = await makeSession(ctx.db, fx.programmeId, { status: 'cancelled' });
		const refused = await post(sessionRoute.POST, participant, closed, undefined, 'sv');
		expect(refused.status).toBe(409);
		expect(refused.body.error.message).toBe('Tillfället är inställt.');
	});

	it('is described in the OpenAPI document', () => {
		const doc = buildOpenApiDocument([registrationsOpenApi], 'http://localhost/api/v1');
		expect(Object.keys(doc.paths)).toEqual(
			expect.arrayContaining([
				'/registrations',
				'/registrations/{id}',
				'/registrations/{id}/approve',
				'/registrations/{id}/decline',
				'/registrations/{id}/cancel',
				'/sessions/{id}/registrations'
			])
		);
		expect(doc.components.schemas).toHaveProperty('Registration');
	});
});
