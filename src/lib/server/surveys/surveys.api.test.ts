import { beforeAll, expect, it } from 'vitest';
import * as scalesRoute from '../../../routes/api/v1/scales/+server.ts';
import * as bankRoute from '../../../routes/api/v1/surveys/bank/+server.ts';
import * as surveysRoute from '../../../routes/api/v1/surveys/+server.ts';
import * as surveyRoute from '../../../routes/api/v1/surveys/[id]/+server.ts';
import * as questionsRoute from '../../../routes/api/v1/surveys/[id]/questions/+server.ts';
import * as questionRoute from '../../../routes/api/v1/surveys/[id]/questions/[questionId]/+server.ts';
import * as toBankRoute from '../../../routes/api/v1/surveys/[id]/questions/[questionId]/bank/+server.ts';
import { setDb } from '../db/index.ts';
import { buildOpenApiDocument } from '../web/openapi.ts';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';
import { buildReportFixture, type ReportFixture } from '../reports/reports.fixtures.ts';
import { describeEachDb } from '../testing/db.ts';
import { routeCaller } from '../testing/route-call.ts';
import { surveysOpenApi } from '../web/openapi/surveys.ts';

const call = routeCaller({ path: '/api/v1/surveys' });

const T = (en: string) => ({ en, sv: en + ' sv' });

describeEachDb('surveys API', (ctx) => {
	let f: ReportFixture;
	let office: Actor;
	let participant: Actor;
	const count = async (table: 'surveys' | 'surveyQuestions' | 'surveyScales') =>
		(await ctx.db.selectFrom(table).select('id').execute()).length;

	beforeAll(async () => {
		setDb(ctx.db);
		f = await buildReportFixture(ctx.db, 'sapi');
		office = (await loadActor(ctx.db, f.people.office))!;
		participant = (await loadActor(ctx.db, f.people.p1))!;
	});

	it('builds a survey through the API: template, questions, reorder, bank, follow-up', async () => {
		const created = await call(surveysRoute.POST, office, {
			method: 'POST',
			body: { template: 'programme' }
		});
		expect(created.status).toBe(201);
		const id = String(created.body!.id);
		expect(created.body!.questions.length).toBeGreaterThan(3);

		const scales = await call(scalesRoute.GET, office, { path: '/api/v1/scales' });
		const yesNo = scales.body!.find((s: { code: string }) => s.code === 'yes_no');
		const added = await call(questionsRoute.POST, office, {
			method: 'POST',
			params: { id },
			body: {
				type: 'single',
				text: T('Again?'),
				scaleId: yesNo.id,
				required: true,
				sectionId: created.body!.sections.at(-1).id
			}
		});
		expect(added.status).toBe(201);
		const qid = String(added.body!.id);
		const moved = await call(questionRoute.PATCH, office, {
			method: 'PATCH',
			params: { id, questionId: qid },
			body: { direction: 'up' }
		});
		expect(moved.status).toBe(200);
		expect(moved.body!.position).toBe(added.body!.position - 1);
		const reworded = await call(questionRoute.PATCH, office, {
			method: 'PATCH',
			params: { id, questionId: qid },
			body: { text: T('Once more?') }
		});
		expect(reworded.body!.text.en).toBe('Once more?');

		const banked = await call(toBankRoute.POST, office, { method: 'POST', params: { id, questionId: qid } });
		expect(banked.status).toBe(201);
		const bank = await call(bankRoute.GET, office, { path: '/api/v1/surveys/bank' });
		expect(bank.body!.map((b: { id: number }) => b.id)).toContain(banked.body!.bankQuestionId);

		const wave = await call(surveysRoute.POST, office, { method: 'POST', body: { followUpOf: Number(id) } });
		expect(wave.status).toBe(201);
		expect(wave.body!.previousWaveId).toBe(Number(id));

		const list = await call(surveysRoute.GET, office, { path: '/api/v1/surveys?kind=programme' });
		expect(list.body!.map((s: { id: number }) => s.id)).toEqual([wave.body!.id, Number(id)]);
		const one = await call(surveyRoute.GET, office, { params: { id } });
		expect(one.body!.questions.map((q: { id: number }) => q.id)).toContain(Number(qid));

		const removed = await call(questionRoute.DELETE, office, {
			method: 'DELETE',
			params: { id: String(wave.body!.id), questionId: String(wave.body!.questions[0].id) }
		});
		expect(removed.status).toBe(409); // another question of the wave depends on it
	});

	it('answers bad input with field messages and changes nothing', async () => {
		const created = await call(surveysRoute.POST, office, {
			method: 'POST',
			body: { title: T('API checks') }
		});
		const id = String(created.body!.id);
		const before = [await count('surveys'), await count('surveyQuestions'), await count('surveyScales')];
		const emptyScale = await call(scalesRoute.POST, office, {
			method: 'POST',
			path: '/api/v1/scales',
			body: { name: T('Empty'), options: [] }
		});
		expect(emptyScale.status).toBe(422);
		expect(emptyScale.body!.error.fields.options[0]).toMatch(/at least two options/);
		const later = await call(questionsRoute.POST, office, {
			method: 'POST',
			params: { id },
			body: { type: 'text', text: T('X'), condition: { questionId: 999999, values: [1] } }
		});
		expect(later.status).toBe(422);
		expect(later.body!.error.fields['condition.questionId']).toBeDefined();
		// Every language is optional, but one must be written.
		const noLanguage = await call(questionsRoute.POST, office, {
			method: 'POST',
			params: { id },
			body: { type: 'text', text: { en: ' ', sv: '' } }
		});
		expect(noLanguage.status).toBe(422);
		expect(noLanguage.body!.error.fields.text).toEqual(['Write this in at least one language.']);
		const malformed = await call(questionsRoute.POST, office, {
			method: 'POST',
			params: { id },
			rawBody: '{nope'
		});
		expect(malformed.status).toBe(400);
		const badTemplate = await call(surveysRoute.POST, office, { method: 'POST', body: { template: 'x' } });
		expect(badTemplate.status).toBe(422);
		const badQuery = await call(surveysRoute.GET, office, { path: '/api/v1/surveys?status=nope' });
		expect(badQuery.status).toBe(400);
		expect([await count('surveys'), await count('surveyQuestions'), await count('surveyScales')]).toEqual(
			before
		);
	});

	it('is not found for a participant and for a signed-out caller', async () => {
		const created = await call(surveysRoute.POST, office, { method: 'POST', body: { template: 'baseline' } });
		const id = String(created.body!.id);
		const n = await count('surveys');
		expect((await call(surveyRoute.GET, participant, { params: { id } })).status).toBe(404);
		expect((await call(questionsRoute.GET, participant, { params: { id } })).status).toBe(404);
		expect((await call(surveysRoute.GET, participant)).status).toBe(404);
		expect(
			(await call(surveysRoute.POST, participant, { method: 'POST', body: { template: 'baseline' } })).status
		).toBe(404);
		expect((await call(scalesRoute.GET, participant, { path: '/api/v1/scales' })).status).toBe(404);
		expect((await call(surveyRoute.DELETE, participant, { method: 'DELETE', params: { id } })).status).toBe(
			404
		);
		expect((await call(surveyRoute.GET, null, { params: { id } })).status).toBe(401);
		expect(await count('surveys')).toBe(n);
		expect((await call(surveyRoute.DELETE, office, { method: 'DELETE', params: { id } })).status).toBe(204);
	});

	it('documents its endpoints in the OpenAPI document', () => {
		const doc = buildOpenApiDocument([surveysOpenApi], 'http://localhost') as {
			paths: Record<string, unknown>;
			components: { schemas: Record<string, unknown> };
		};
		expect(Object.keys(doc.paths)).toEqual(
			expect.arrayContaining(['/surveys', '/surveys/{id}/questions/{questionId}', '/scales'])
		);
		expect(doc.components.schemas.QuestionInput).toBeDefined();
	});
});
