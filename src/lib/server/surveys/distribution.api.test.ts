import { afterAll, beforeAll, expect, it } from 'vitest';
import * as answerRoute from '../../../routes/api/v1/answer/[token]/+server.ts';
import * as myAnswersRoute from '../../../routes/api/v1/surveys/[id]/answers/+server.ts';
import * as distributionRoute from '../../../routes/api/v1/surveys/[id]/distribution/+server.ts';
import * as remindRoute from '../../../routes/api/v1/surveys/[id]/distribution/remind/+server.ts';
import * as rateRoute from '../../../routes/api/v1/surveys/[id]/distribution/rate/+server.ts';
import * as closeRoute from '../../../routes/api/v1/surveys/[id]/distribution/close/+server.ts';
import { setDb } from '../db/index.ts';
import { buildOpenApiDocument } from '../web/openapi.ts';
import type { Actor } from '../policy/policy.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../mail/smtp-receiver.ts';
import { describeEachDb } from '../testing/db.ts';
import { routeCaller } from '../testing/route-call.ts';
import { buildSurveyFixture, tokenFor, type SurveyFixture } from './answering.fixtures.ts';
import { distributionOpenApi } from '../web/openapi/distribution.ts';

const call = routeCaller({ path: '/api/v1' });

// Survey links reach people by e-mail only (the outbox masks them): this file's mail goes to a real SMTP receiver.
let receiver: SmtpReceiver;
beforeAll(async () => {
	receiver = await startSmtpReceiver({ asDefault: true });
});
afterAll(() => receiver.close());

describeEachDb('survey distribution and answering API', (ctx) => {
	let f: SurveyFixture;
	let office: Actor;
	let participant: Actor;
	const email = (key: keyof SurveyFixture['people']) => `${key}.api@example.org`;

	beforeAll(async () => {
		setDb(ctx.db);
		f = await buildSurveyFixture(ctx.db, 'api');
		office = await f.actor(f.people.office);
		participant = await f.actor(f.people.p1);
	});
	afterAll(() => setDb(undefined));

	it('sends, answers by token, refuses bad input and second submits, reports the rate', async () => {
		const { surveyId, q } = await f.survey();
		const params = { id: String(surveyId) };
		// Policy: a participant gets 404, anonymous 401; bad bodies 400/422 with nothing sent.
		expect(
			(
				await call(distributionRoute.POST, participant, {
					method: 'POST',
					params,
					body: { audience: { kind: 'programme' } }
				})
			).status
		).toBe(404);
		expect(
			(
				await call(distributionRoute.POST, null, {
					method: 'POST',
					params,
					body: { audience: { kind: 'programme' } }
				})
			).status
		).toBe(401);
		expect((await call(rateRoute.GET, participant, { params })).status).toBe(404);
		expect((await call(remindRoute.POST, participant, { method: 'POST', params })).status).toBe(404);
		expect((await call(closeRoute.POST, participant, { method: 'POST', params })).status).toBe(404);
		expect(
			(await call(distributionRoute.POST, office, { method: 'POST', params, rawBody: '{' })).status
		).toBe(400);
		const bad = await call(distributionRoute.POST, office, {
			method: 'POST',
			params,
			body: { audience: { kind: 'units', unitIds: [] } }
		});
		expect(bad.status).toBe(422);
		expect(bad.body.error.fields).toHaveProperty(['audience.unitIds']);
		expect(
			await ctx.db.selectFrom('surveyInvitations').select('id').where('surveyId', '=', surveyId).execute()
		).toEqual([]);

		const sent = await call(distributionRoute.POST, office, {
			method: 'POST',
			params,
			body: { audience: { kind: 'units', unitIds: [f.units.W1] }, closesOn: '2099-12-31' }
		});
		expect(sent).toEqual({ status: 200, body: { invited: 3, alreadyInvited: 0 } });
		const token = await tokenFor(receiver, email('p1'));

		const form = await call(answerRoute.GET, null, {
			path: `/api/v1/answer/${token}?lang=sv`,
			params: { token }
		});
		expect(form.status).toBe(200);
		expect(form.body.survey).toMatchObject({
			id: surveyId,
			title: 'Personalenkät api',
			anonymous: true,
			locale: 'sv'
		});
		expect(form.body.sections[0].questions.map((x: { type: string }) => x.type)).toEqual([
			'single',
			'multi',
			'matrix',
			'text'
		]);

		const answers = { [q.q1]: 4, [q.q2]: [1, 2], [q.q3]: { 0: 4, 1: 3, 2: 0 }, [q.q5]: 12 };
		const invalid = await call(answerRoute.POST, null, {
			method: 'POST',
			params: { token },
			body: { answers: { ...answers, [q.q2]: [1, 2, 3], [q.q5]: 99 } }
		});
		expect(invalid.status).toBe(422);
		expect(Object.keys(invalid.body.error.fields).sort()).toEqual(['q' + q.q2, 'q' + q.q5].sort());
		expect(
			(await call(answerRoute.POST, null, { method: 'POST', params: { token }, rawBody: 'x' })).status
		).toBe(400);
		expect(
			(
				await call(answerRoute.POST, null, {
					method: 'POST',
					params: { token },
					body: { answers: { abc: 1 } }
				})
			).status
		).toBe(422);
		expect(
			await ctx.db.selectFrom('surveyResponses').select('id').where('surveyId', '=', surveyId).execute()
		).toEqual([]);

		const draft = await call(answerRoute.PUT, null, {
			method: 'PUT',
			params: { token },
			body: { answers: { [q.q1]: 3 }, step: 1 }
		});
		expect(draft.body.draft).toEqual({ answers: { ['q' + q.q1]: '3' }, step: 1 });
		expect((await call(answerRoute.GET, null, { params: { token } })).body.draft.answers).toEqual({
			['q' + q.q1]: '3'
		});

		expect(
			(await call(answerRoute.POST, null, { method: 'POST', params: { token }, body: { answers } })).status
		).toBe(201);
		const again = await call(answerRoute.POST, null, {
			method: 'POST',
			params: { token },
			body: { answers }
		});
		expect([again.status, again.body.error.code]).toEqual([409, 'already_answered']);
		expect((await call(answerRoute.GET, null, { params: { token: 'forged' } })).status).toBe(404);
		expect(
			await ctx.db.selectFrom('surveyResponses').select('id').where('surveyId', '=', surveyId).execute()
		).toHaveLength(1);

		const rate = await call(rateRoute.GET, office, { params });
		expect([rate.body.invited, rate.body.completed]).toEqual([3, 1]);
		expect((await call(remindRoute.POST, office, { method: 'POST', params })).body).toEqual({ reminded: 2 });
		expect((await call(closeRoute.POST, office, { method: 'POST', params })).status).toBe(200);
		const closedToken = await tokenFor(receiver, email('p2'), 'survey-reminder');
		const closed = await call(answerRoute.POST, null, {
			method: 'POST',
			params: { token: closedToken },
			body: { answers }
		});
		expect([closed.status, closed.body.error.code]).toEqual([410, 'closed']);
	});

	it('identified surveys are answered as the signed-in person', async () => {
		const { surveyId, q } = await f.survey({ anonymous: false });
		const params = { id: String(surveyId) };
		await call(distributionRoute.POST, office, {
			method: 'POST',
			params,
			body: { audience: { kind: 'people', emails: [email('p1')] } }
		});
		expect((await call(myAnswersRoute.GET, null, { params })).status).toBe(401);
		expect((await call(myAnswersRoute.GET, office, { params })).status).toBe(404); // not invited
		const answers = { [q.q1]: 2, [q.q3]: { 0: 1, 1: 1, 2: 1 } };
		expect(
			(await call(myAnswersRoute.POST, participant, { method: 'POST', params, body: { answers } })).status
		).toBe(201);
		const r = await ctx.db
			.selectFrom('surveyResponses')
			.select('personId')
			.where('surveyId', '=', surveyId)
			.execute();
		expect(r).toEqual([{ personId: f.people.p1 }]);
	});

	it('documents the endpoints in OpenAPI', () => {
		const doc = buildOpenApiDocument([distributionOpenApi], 'http://localhost/api/v1');
		expect(Object.keys(doc.paths)).toEqual(
			expect.arrayContaining([
				'/surveys/{id}/distribution',
				'/surveys/{id}/distribution/remind',
				'/surveys/{id}/distribution/rate',
				'/answer/{token}',
				'/surveys/{id}/answers'
			])
		);
		expect(doc.components.schemas).toHaveProperty('SurveyAnswers');
	});
});
