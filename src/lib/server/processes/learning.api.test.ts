import { afterAll, beforeAll, expect, it } from 'vitest';
import * as processesRoute from '../../../routes/api/v1/processes/+server.ts';
import * as processRoute from '../../../routes/api/v1/processes/[id]/+server.ts';
import * as participantsRoute from '../../../routes/api/v1/processes/[id]/participants/+server.ts';
import * as participantRoute from '../../../routes/api/v1/processes/[id]/participants/[personId]/+server.ts';
import * as milestonesRoute from '../../../routes/api/v1/processes/[id]/milestones/+server.ts';
import * as milestoneRoute from '../../../routes/api/v1/processes/[id]/milestones/[milestoneId]/+server.ts';
import * as cycleRoute from '../../../routes/api/v1/cycle/[registrationId]/+server.ts';
import * as unitDashRoute from '../../../routes/api/v1/dashboards/units/[id]/+server.ts';
import * as programmeDashRoute from '../../../routes/api/v1/dashboards/programme/+server.ts';
import { setDb } from '../db/index.ts';
import { buildOpenApiDocument } from '../web/openapi.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { routeCaller } from '../testing/route-call.ts';
import { addRegistration, makePastSession } from '../cycle/cycle.fixtures.ts';
import { processesOpenApi } from '../web/openapi/processes.ts';

const call = routeCaller({ path: '/api/v1/processes' });

it('documents every learning endpoint in OpenAPI', () => {
	const doc = buildOpenApiDocument([processesOpenApi], 'http://localhost/api/v1');
	expect(Object.keys(doc.paths)).toEqual(
		expect.arrayContaining([
			'/processes',
			'/processes/{id}',
			'/cycle/{registrationId}',
			'/dashboards/programme'
		])
	);
	expect(JSON.stringify(doc.components.schemas)).toContain('hoursBefore');
});

describeEachDb('learning API', (ctx) => {
	let fx: ProgrammeFixture;
	let person: Actor;
	let managerA: Actor;
	let managerB: Actor;
	let steering: Actor;

	beforeAll(async () => {
		setDb(ctx.db);
		fx = await buildProgrammeFixture(ctx.db, 'learnapi');
		person = (await loadActor(ctx.db, fx.people.participant))!;
		managerA = (await loadActor(ctx.db, fx.people.managerA))!;
		managerB = (await loadActor(ctx.db, fx.people.managerB))!;
		steering = (await loadActor(ctx.db, fx.people.steering))!;
	});
	afterAll(() => setDb(undefined));

	it('creates, reads, updates processes and their participants and milestones; bad input changes nothing', async () => {
		const body = { title: 'Digital delaktighet i en liten kommun', unitId: fx.units.workplaceB };
		expect((await call(processesRoute.POST, null, { method: 'POST', body })).status).toBe(401);
		expect((await call(processesRoute.POST, managerA, { method: 'POST', body })).status).toBe(404);
		const bad = await call(processesRoute.POST, managerB, {
			method: 'POST',
			body: { unitId: 'x', status: 'done' }
		});
		expect(bad.status).toBe(422);
		expect(Object.keys(bad.body.error.fields).sort()).toEqual(['status', 'title', 'unitId']);
		expect((await call(processesRoute.POST, managerB, { method: 'POST', rawBody: '{' })).status).toBe(400);
		expect((await call(processesRoute.GET, person)).body.data).toEqual([]);

		const created = await call(processesRoute.POST, managerB, { method: 'POST', body });
		expect(created.status).toBe(201);
		const id = String(created.body.id);
		expect(created.body.participants).toHaveLength(1);

		const put = await call(processRoute.PUT, managerB, {
			method: 'PUT',
			params: { id },
			body: { ...body, status: 'running', lessons: 'Börja smått' }
		});
		expect(put.body).toMatchObject({ status: 'running', lessons: 'Börja smått' });
		const badPut = await call(processRoute.PUT, managerB, {
			method: 'PUT',
			params: { id },
			body: { ...body, title: '', startsOn: '2026-05-01', endsOn: '2026-01-01' }
		});
		expect(badPut.status).toBe(422);
		expect((await call(processRoute.PUT, person, { method: 'PUT', params: { id }, body })).status).toBe(404);
		expect((await call(processRoute.GET, person, { params: { id } })).body.title).toBe(body.title);
		expect((await call(processRoute.GET, person, { params: { id: 'abc' } })).status).toBe(404);

		const added = await call(participantsRoute.POST, managerB, {
			method: 'POST',
			params: { id },
			body: { personId: person.personId }
		});
		expect(added.body.data).toHaveLength(2);
		const foreign = await call(participantsRoute.POST, managerB, {
			method: 'POST',
			params: { id },
			body: { personId: fx.people.inOther }
		});
		expect(foreign.status).toBe(422);
		expect(foreign.body.error.fields.personId).toBeDefined();
		const removed = await call(participantRoute.DELETE, managerB, {
			method: 'DELETE',
			params: { id, personId: String(person.personId) }
		});
		expect(removed.body.data).toHaveLength(1);

		const ms = await call(milestonesRoute.POST, managerB, {
			method: 'POST',
			params: { id },
			body: { title: 'Första träffen', dueOn: '2026-02-31' }
		});
		expect(ms.status).toBe(422);
		const ms2 = await call(milestonesRoute.POST, managerB, {
			method: 'POST',
			params: { id },
			body: { title: 'Första träffen', dueOn: '2026-02-27' }
		});
		expect(ms2.status).toBe(201);
		const done = await call(milestoneRoute.PATCH, managerB, {
			method: 'PATCH',
			params: { id, milestoneId: String(ms2.body.data[0].id) },
			body: { done: true }
		});
		expect(done.body.data[0].doneAt).not.toBeNull();

		const list = await call(processesRoute.GET, person, { path: `/api/v1/processes?status=running` });
		expect(list.body.data.map((p: { id: number }) => p.id)).toEqual([Number(id)]);
		expect((await call(processesRoute.GET, person, { path: `/api/v1/processes?status=nope` })).status).toBe(
			400
		);
	});

	it('gets and puts the own cycle form only; bad hours change nothing', async () => {
		const s = await makePastSession(ctx.db, fx.programmeId, { endedDaysAgo: 1 });
		const reg = String(await addRegistration(ctx.db, s.sessionId, person.personId, 'attended'));
		const put = await call(cycleRoute.PUT, person, {
			method: 'PUT',
			params: { registrationId: reg },
			body: { beforeNeed: 'Behov', beforeGoal: 'Mål', beforeDone: true, hoursBefore: 2.5, hoursAfter: 1 }
		});
		expect(put.status).toBe(200);
		expect(put.body.before).toMatchObject({ need: 'Behov', hours: 2.5 });
		expect(put.body.before.completedAt).not.toBeNull();
		for (const hoursBefore of [-1, 'many'])
			expect(
				(
					await call(cycleRoute.PUT, person, {
						method: 'PUT',
						params: { registrationId: reg },
						body: { hoursBefore }
					})
				).status
			).toBe(422);
		const got = await call(cycleRoute.GET, managerB, { params: { registrationId: reg } });
		expect(got.body.before).toMatchObject({ need: 'Behov', hours: 2.5 });
		expect(got.body.after.hours).toBe(1);
		expect((await call(cycleRoute.GET, managerA, { params: { registrationId: reg } })).status).toBe(404);
		expect(
			(await call(cycleRoute.PUT, managerB, { method: 'PUT', params: { registrationId: reg }, body: {} }))
				.status
		).toBe(404);
		expect((await call(cycleRoute.GET, managerB, { params: { registrationId: reg } })).body.before.need).toBe(
			'Behov'
		);
	});

	it('serves dashboards by role', async () => {
		expect(
			(await call(unitDashRoute.GET, managerB, { params: { id: String(fx.units.workplaceB) } })).status
		).toBe(200);
		expect(
			(await call(unitDashRoute.GET, managerA, { params: { id: String(fx.units.workplaceB) } })).status
		).toBe(404);
		const steer = await call(programmeDashRoute.GET, steering, { path: '/api/v1/dashboards/programme' });
		expect(steer.body).toMatchObject({ detailed: false, workplaces: [], overdue: [] });
		expect(
			(await call(programmeDashRoute.GET, person, { path: '/api/v1/dashboards/programme' })).status
		).toBe(404);
		// The office's workplace table: searched and sorted by the query; bad values are defaults, not errors.
		const office = (await loadActor(ctx.db, fx.people.office))!;
		const found = await call(programmeDashRoute.GET, office, {
			path: '/api/v1/dashboards/programme?q=workplace+b&sort=people'
		});
		expect(found.status).toBe(200);
		expect(found.body).toMatchObject({
			detailed: true,
			workplaces: [{ unitId: fx.units.workplaceB }],
			workplacePage: { page: 1, pageSize: 20, total: 1 },
			workplaceQuery: { q: 'workplace b', sort: 'people', desc: true }
		});
		const bad = await call(programmeDashRoute.GET, office, {
			path: '/api/v1/dashboards/programme?sort=salary&dir=up&page=-4'
		});
		expect(bad.status).toBe(200);
		expect(bad.body).toMatchObject({
			workplacePage: { page: 1, total: 2 },
			workplaceQuery: { q: '', sort: 'name', desc: false }
		});
	});
});
