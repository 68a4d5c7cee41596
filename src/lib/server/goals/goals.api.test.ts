import { afterAll, beforeAll, expect, it } from 'vitest';
import * as goalsRoute from '../../../routes/api/v1/goals/+server.ts';
import * as decisionsRoute from '../../../routes/api/v1/decisions/+server.ts';
import { setDb } from '../db/index.ts';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { routeCaller } from '../testing/route-call.ts';
import { buildOpenApiDocument } from '../web/openapi.ts';
import { goalsOpenApi } from '../web/openapi/goals.ts';
import { addDecision, createMeeting } from './decisions.service.ts';
import { buildGoalFixture, type GoalFixture } from './goals.fixtures.ts';
import { createGoal } from './goals.service.ts';

const call = routeCaller({ path: '/api/v1/goals' });

it('documents the goals endpoints in OpenAPI', () => {
	const doc = buildOpenApiDocument([goalsOpenApi], 'http://localhost/api/v1');
	expect(Object.keys(doc.paths)).toEqual(['/goals', '/decisions']);
	expect(JSON.stringify(doc.components.schemas)).toContain('protectedReason');
});

describeEachDb('goals API', (ctx) => {
	let f: GoalFixture;
	let office: Actor;
	let steering: Actor;
	let participant: Actor;

	beforeAll(async () => {
		setDb(ctx.db);
		f = await buildGoalFixture(ctx.db, 'gapi');
		office = (await loadActor(ctx.db, f.people.office))!;
		steering = (await loadActor(ctx.db, f.people.steering))!;
		participant = (await loadActor(ctx.db, f.people.p1))!;
		await createGoal(ctx.db, office, f.programmeId, {
			kind: 'measurable',
			text_sv: 'Minst 53 deltagartimmar',
			examinedBy: 'Närvaro',
			indicatorKind: 'count',
			countSource: 'hours',
			target: 53
		});
		await createGoal(ctx.db, office, f.programmeId, {
			kind: 'measurable',
			text_en: 'Small survey',
			indicatorKind: 'share',
			questionId: f.surveys.C.questionId,
			values: '1',
			target: 50
		});
		const meetingId = await createMeeting(ctx.db, office, f.programmeId, {
			heldOn: '2026-05-01',
			title: 'May'
		});
		await addDecision(ctx.db, office, meetingId, { text: 'Follow up hours', followUpOn: '2026-06-01' });
	});
	afterAll(() => setDb(undefined));

	it('returns the goal table with status and evidence to the steering group, 404 to others', async () => {
		const q = `?programmeId=${f.programmeId}`;
		expect((await call(goalsRoute.GET, null, { query: q })).status).toBe(401);
		expect((await call(goalsRoute.GET, participant, { query: q })).status).toBe(404);
		expect((await call(goalsRoute.GET, steering, { query: '?bogus=1' })).status).toBe(400);
		const res = await call(goalsRoute.GET, steering, { query: q, locale: 'sv' });
		expect(res.status).toBe(200);
		const [hours, small] = res.body.groups[0].goals;
		expect(hours).toMatchObject({
			text: 'Minst 53 deltagartimmar',
			examinedBy: 'Närvaro',
			actual: 53,
			target: 53,
			status: 'achieved',
			statusSource: 'computed',
			evidence: { kind: 'count', source: 'hours', value: 53 },
			evidenceText: '53 deltagartimmar.'
		});
		expect(small).toMatchObject({ actual: null, status: null, evidence: { protected: true } });
		expect(small.protectedReason).toContain('Färre än 5');
	});

	it('returns the decisions log to the steering group only', async () => {
		const q = `?programmeId=${f.programmeId}`;
		const evaluatorless = await call(decisionsRoute.GET, participant, {
			path: '/api/v1/decisions',
			query: q
		});
		expect(evaluatorless.status).toBe(404);
		const res = await call(decisionsRoute.GET, steering, { path: '/api/v1/decisions', query: q });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ total: 1, page: 1 });
		expect(res.body.data[0].decisions[0]).toMatchObject({
			text: 'Follow up hours',
			status: 'open',
			overdue: true
		});
	});
});
