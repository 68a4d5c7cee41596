import { beforeAll, expect, it } from 'vitest';
import * as keyResultsRoute from '../../../routes/api/v1/funder-reports/[id]/key-results/+server.ts';
import * as keyResultsPage from '../../../routes/reports/funder/[id]/key-results/+page.server.ts';
import { FieldsRuleError } from '../core/errors.ts';
import { setDb } from '../db/index.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { buildResultsFixture, type ResultsFixture } from '../surveys/results.fixtures.ts';
import { rebuildResultCounts } from '../surveys/results.service.ts';
import { submitAction } from '../testing/action-call.ts';
import { describeEachDb } from '../testing/db.ts';
import { routeCaller } from '../testing/route-call.ts';
import { buildOpenApiDocument } from '../web/openapi.ts';
import { funderOpenApi } from '../web/openapi/funder.ts';
import {
	createReport,
	freezeReport,
	getReport,
	keyResultChoice,
	setKeyResults,
	updateReportTexts
} from './funder-report.service.ts';

const call = routeCaller({ path: '/api/v1/funder-reports' });

/**
 * The office chooses the funder report's key survey questions (issue 12, SPEC §3.6). On top of
 * the results fixture (results.fixtures.ts, by hand) the follow-up survey gets a matrix
 * "Outcomes" on the agreement scale (1, 2 positive of the graded 1–4; 9 "don't know"),
 * answered by respondents 0–9:
 * - Skills (item 0): 0–5 → 1, 6–7 → 2, 8 → 3, 9 → 9: n 10 (base "all"), positive 8 = 80 %.
 * - Confidence (item 1): 0–2 → 1, 3–6 → 3, 7–9 → 4: n 10, positive 3 = 30 %.
 */
describeEachDb('funder report: key survey questions', (ctx) => {
	let f: ResultsFixture;
	let office: Actor;
	let steering: Actor;
	let matrix: number;
	let reportId: number;
	let foreignQuestion: number;
	const year = new Date().getUTCFullYear();

	const keyRows = async (id: number, locale: 'en' | 'sv' = 'en') => {
		const { figures } = await getReport(ctx.db, office, id, locale);
		return figures.tables.find((t) => t.id === 'surveyResults')!;
	};
	const stored = (id: number) =>
		ctx.db
			.selectFrom('funderReportKeyResults')
			.select(['questionId', 'item', 'position'])
			.where('reportId', '=', id)
			.orderBy('position')
			.execute();
	const audits = (id: number) =>
		ctx.db
			.selectFrom('auditLog')
			.select(['action', 'before', 'after', 'actorId'])
			.where('entityType', '=', 'funderReport')
			.where('entityId', '=', id)
			.where('action', '=', 'update')
			.orderBy('id')
			.execute();

	beforeAll(async () => {
		setDb(ctx.db);
		f = await buildResultsFixture(ctx.db, 'fkq');
		office = (await loadActor(ctx.db, f.people.office))!;
		steering = (await loadActor(ctx.db, f.people.steering))!;
		const scaleId = (
			await ctx.db
				.selectFrom('surveyQuestions')
				.select('scaleId')
				.where('id', '=', f.questions.q1)
				.executeTakeFirstOrThrow()
		).scaleId;
		const statements = ['Skills', 'Confidence'].map((en, value) => ({ value, labels: { en, sv: en } }));
		matrix = (
			await ctx.db
				.insertInto('surveyQuestions')
				.values({
					surveyId: f.surveyId,
					type: 'matrix',
					textJson: JSON.stringify({ en: 'Outcomes', sv: 'Utfall' }),
					scaleId,
					optionsJson: JSON.stringify(statements),
					sortOrder: 100
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const responses = await ctx.db
			.selectFrom('surveyResponses')
			.select('id')
			.where('surveyId', '=', f.surveyId)
			.orderBy('id')
			.execute();
		const skills = [1, 1, 1, 1, 1, 1, 2, 2, 3, 9];
		const confidence = [1, 1, 1, 3, 3, 3, 3, 4, 4, 4];
		await ctx.db
			.insertInto('surveyAnswers')
			.values(
				responses.slice(0, 10).flatMap((r, i) => [
					{ responseId: r.id, questionId: matrix, item: 0, value: skills[i]! },
					{ responseId: r.id, questionId: matrix, item: 1, value: confidence[i]! }
				])
			)
			.execute();
		await rebuildResultCounts(ctx.db, f.surveyId);

		// A scale question of another programme's survey.
		const other = (
			await ctx.db
				.insertInto('surveys')
				.values({
					programmeId: f.otherProgrammeId,
					kind: 'programme',
					titleJson: JSON.stringify({ en: 'Elsewhere', sv: 'Annanstans' }),
					anonymous: 1,
					status: 'closed',
					updatedAt: nowIso()
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		foreignQuestion = (
			await ctx.db
				.insertInto('surveyQuestions')
				.values({
					surveyId: other,
					type: 'single',
					textJson: JSON.stringify({ en: 'Elsewhere?', sv: 'Annanstans?' }),
					scaleId,
					sortOrder: 0
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;

		reportId = (
			await createReport(ctx.db, office, f.programmeId, {
				title: 'Key results',
				periodStart: `${year}-01-01`,
				periodEnd: `${year}-12-31`
			})
		).id;
	});

	it('offers the scale questions of the period’s surveys, each matrix statement on its own', async () => {
		const choice = await keyResultChoice(ctx.db, office, reportId, 'en');
		expect(choice.canManage).toBe(true);
		expect(choice.chosen).toEqual([]);
		const bySurvey = new Map(
			choice.surveys.map((s) => [s.title, s.questions.map((q) => [q.questionId, q.item, q.text])])
		);
		// Multiple choice, number, text and learning situations are not offered.
		expect(bySurvey).toEqual(
			new Map([
				[
					'Follow-up fkq',
					[
						[f.questions.q1, 0, 'I benefit'],
						[f.questions.q7, 0, 'Rare question'],
						[matrix, 0, 'Outcomes – Skills'],
						[matrix, 1, 'Outcomes – Confidence']
					]
				],
				['Baseline fkq', [[f.baselineQ1, 0, 'I benefit']]]
			])
		);
	});

	it('shows only the chosen questions, in their order across surveys, with n and share; protected ones stay protected', async () => {
		const before = await keyRows(reportId);
		// Without a choice: the first scale questions of each survey (the matrix after q1 and q7).
		expect(before.rows).toEqual([
			['Follow-up fkq', 'I benefit', 20, 0.7],
			['Follow-up fkq', 'Rare question', null, null],
			['Follow-up fkq', 'Outcomes – Skills', 10, 0.8],
			['Follow-up fkq', 'Outcomes – Confidence', 10, 0.3],
			['Baseline fkq', 'I benefit', 10, 0.6]
		]);
		const v = await freezeReport(ctx.db, office, reportId, 'en');
		const frozen = (await getReport(ctx.db, office, reportId, 'en', v.id)).figures;

		await setKeyResults(
			ctx.db,
			office,
			reportId,
			{
				questions: [
					{ questionId: matrix, item: 1 },
					{ questionId: f.baselineQ1 },
					{ questionId: f.questions.q7, item: 0 },
					{ questionId: matrix, item: 0 }
				]
			},
			'en'
		);
		const keys = await keyRows(reportId);
		// Confidence 3/10; baseline q1 2 + 4 of 10; q7 4 answers < k = 5; Skills 8/10.
		expect(keys.rows).toEqual([
			['Follow-up fkq', 'Outcomes – Confidence', 10, 0.3],
			['Baseline fkq', 'I benefit', 10, 0.6],
			['Follow-up fkq', 'Rare question', null, null],
			['Follow-up fkq', 'Outcomes – Skills', 10, 0.8]
		]);
		expect(keys.note).toContain('programme office chose');
		expect(keys.note).toContain('fewer than 5 answered');
		// Response rates are the same surveys as before.
		const rates = (await getReport(ctx.db, office, reportId, 'en')).figures.tables.find(
			(t) => t.id === 'surveys'
		)!;
		expect(rates.rows.map((r) => r[0])).toEqual(['Follow-up fkq', 'Baseline fkq']);
		expect(await stored(reportId)).toEqual([
			{ questionId: matrix, item: 1, position: 0 },
			{ questionId: f.baselineQ1, item: 0, position: 1 },
			{ questionId: f.questions.q7, item: 0, position: 2 },
			{ questionId: matrix, item: 0, position: 3 }
		]);
		// The frozen version keeps what it stored.
		expect((await getReport(ctx.db, office, reportId, 'en', v.id)).figures).toEqual(frozen);

		// Reordered: positions follow the new list.
		await setKeyResults(
			ctx.db,
			office,
			reportId,
			{ questions: [{ questionId: f.questions.q1 }, { questionId: matrix, item: 1 }] },
			'sv'
		);
		expect((await keyRows(reportId)).rows).toEqual([
			['Follow-up fkq', 'I benefit', 20, 0.7],
			['Follow-up fkq', 'Outcomes – Confidence', 10, 0.3]
		]);
		expect((await keyRows(reportId)).note).not.toContain('fewer than');

		// An empty choice: the default again.
		await setKeyResults(ctx.db, office, reportId, { questions: [] }, 'en');
		expect((await keyRows(reportId)).rows).toEqual(before.rows);
	});

	it('refuses a question that is not a scale question of the report’s surveys, and stores nothing', async () => {
		await setKeyResults(ctx.db, office, reportId, { questions: [{ questionId: f.questions.q1 }] }, 'en');
		const auditsBefore = (await audits(reportId)).length;
		for (const questions of [
			[{ questionId: f.questions.q7 }, { questionId: foreignQuestion }],
			[{ questionId: f.questions.q7 }, { questionId: f.questions.q2 }],
			[{ questionId: f.questions.q7 }, { questionId: matrix, item: 2 }]
		]) {
			const e = await setKeyResults(ctx.db, office, reportId, { questions }, 'sv').catch((x: unknown) => x);
			expect(e).toBeInstanceOf(FieldsRuleError);
			expect((e as FieldsRuleError).status).toBe(422);
			expect((e as FieldsRuleError).fieldErrors('sv')).toEqual({
				'questions.1': ['Det här är inte en skalfråga i rapportens enkäter.']
			});
		}
		const twice = await setKeyResults(
			ctx.db,
			office,
			reportId,
			{ questions: [{ questionId: f.questions.q7 }, { questionId: f.questions.q7, item: 0 }] },
			'en'
		).catch((x: unknown) => x);
		expect((twice as FieldsRuleError).fieldErrors('en')).toEqual({
			questions: ['Each question or statement can be chosen once.']
		});
		expect(await stored(reportId)).toEqual([{ questionId: f.questions.q1, item: 0, position: 0 }]);
		expect(await audits(reportId)).toHaveLength(auditsBefore);
		await expect(setKeyResults(ctx.db, steering, reportId, { questions: [] }, 'en')).rejects.toThrow(
			AccessDeniedError
		);
		expect((await keyResultChoice(ctx.db, steering, reportId, 'en')).canManage).toBe(false);
	});

	it('writes every choice and every edit of the texts to the audit log, with what it was', async () => {
		const { id } = await createReport(ctx.db, office, f.programmeId, {
			title: 'Audited',
			periodStart: `${year}-01-01`,
			periodEnd: `${year}-12-31`,
			summary: 'First.'
		});
		await setKeyResults(ctx.db, office, id, { questions: [{ questionId: matrix, item: 1 }] }, 'en');
		await setKeyResults(ctx.db, office, id, { questions: [{ questionId: f.questions.q1 }] }, 'en');
		await updateReportTexts(ctx.db, office, id, { summary: 'Second.', lessons: 'Learnt.' });
		const rows = (await audits(id)).map((r) => ({
			actorId: r.actorId,
			before: JSON.parse(r.before!),
			after: JSON.parse(r.after!)
		}));
		expect(rows).toEqual([
			{
				actorId: f.people.office,
				before: { keyResults: [] },
				after: { keyResults: [{ questionId: matrix, item: 1 }] }
			},
			{
				actorId: f.people.office,
				before: { keyResults: [{ questionId: matrix, item: 1 }] },
				after: { keyResults: [{ questionId: f.questions.q1, item: 0 }] }
			},
			{
				actorId: f.people.office,
				before: { summary: 'First.', lessons: '' },
				after: { summary: 'Second.', lessons: 'Learnt.' }
			}
		]);
	});

	it('API: GET the choice, PUT a new one (422 with a field for a foreign question, nothing stored)', async () => {
		const params = { id: String(reportId) };
		const path = `/api/v1/funder-reports/${reportId}/key-results`;
		const put = await call(keyResultsRoute.PUT, office, {
			method: 'PUT',
			path,
			params,
			body: {
				questions: [
					{ questionId: matrix, item: 0 },
					{ questionId: f.baselineQ1, item: 0 }
				]
			}
		});
		expect(put.status).toBe(200);
		expect(put.body.questions).toEqual([
			{ questionId: matrix, item: 0 },
			{ questionId: f.baselineQ1, item: 0 }
		]);
		const bad = await call(keyResultsRoute.PUT, office, {
			method: 'PUT',
			path,
			params,
			body: { questions: [{ questionId: foreignQuestion, item: 0 }] }
		});
		expect(bad.status).toBe(422);
		expect(bad.body.error.fields).toEqual({
			'questions.0': ["This is not a scale question of this report's surveys."]
		});
		const invalid = await call(keyResultsRoute.PUT, office, {
			method: 'PUT',
			path,
			params,
			body: { questions: [{ questionId: 'x' }] }
		});
		expect(invalid.status).toBe(422);
		const got = await call(keyResultsRoute.GET, steering, { path, params });
		expect(got.status).toBe(200);
		expect(got.body.questions).toEqual(put.body.questions);
		expect(got.body.canManage).toBe(false);
		expect(
			(await call(keyResultsRoute.PUT, steering, { method: 'PUT', path, params, body: { questions: [] } }))
				.status
		).toBe(404);
		const doc = buildOpenApiDocument([funderOpenApi], 'http://localhost/api/v1') as {
			paths: Record<string, object>;
		};
		expect(Object.keys(doc.paths['/funder-reports/{id}/key-results']!)).toEqual(['get', 'put']);
	});

	it('page: the form works without JavaScript, in the positions typed; a foreign question is a form error', async () => {
		const path = `/reports/funder/${reportId}/key-results`;
		const params = { id: String(reportId) };
		const saved = await submitAction(
			keyResultsPage.actions.default,
			office,
			path,
			[
				['key', `${matrix}-1`],
				[`position_${matrix}-1`, '2'],
				['key', `${f.questions.q7}-0`],
				[`position_${f.questions.q7}-0`, '1'],
				['key', `${f.baselineQ1}-0`],
				[`position_${f.baselineQ1}-0`, ''],
				// Not ticked: its position is ignored.
				[`position_${f.questions.q1}-0`, '1']
			],
			params
		);
		expect(saved).toEqual({ kind: 'redirect', location: `/reports/funder/${reportId}?notice=saved` });
		expect(await stored(reportId)).toEqual([
			{ questionId: f.questions.q7, item: 0, position: 0 },
			{ questionId: matrix, item: 1, position: 1 },
			{ questionId: f.baselineQ1, item: 0, position: 2 }
		]);
		const bad = await submitAction(
			keyResultsPage.actions.default,
			office,
			path,
			[['key', `${foreignQuestion}-0`]],
			params
		);
		expect(bad).toMatchObject({
			kind: 'fail',
			status: 400,
			data: { errors: { 'questions.0': ['Det här är inte en skalfråga i rapportens enkäter.'] } }
		});
		expect(await stored(reportId)).toHaveLength(3);
		const refused = await submitAction(keyResultsPage.actions.default, steering, path, [], params);
		expect(refused).toEqual({ kind: 'error', status: 404 });
	});
	it('keeps each statement once per report (0027); rows go with their question and their report', async () => {
		const scaleId = (
			await ctx.db
				.selectFrom('surveyQuestions')
				.select('scaleId')
				.where('id', '=', f.questions.q1)
				.executeTakeFirstOrThrow()
		).scaleId;
		const spare = (
			await ctx.db
				.insertInto('surveyQuestions')
				.values({
					surveyId: f.surveyId,
					type: 'single',
					textJson: JSON.stringify({ en: 'Spare', sv: 'Reserv' }),
					scaleId,
					sortOrder: 200
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const { id } = await createReport(ctx.db, office, f.programmeId, {
			title: 'Cascades',
			periodStart: `${year}-01-01`,
			periodEnd: `${year}-12-31`
		});
		await setKeyResults(
			ctx.db,
			office,
			id,
			{ questions: [{ questionId: spare }, { questionId: matrix, item: 0 }] },
			'en'
		);
		await expect(
			ctx.db
				.insertInto('funderReportKeyResults')
				.values({ reportId: id, questionId: matrix, item: 0, position: 9 })
				.execute()
		).rejects.toThrow();
		await ctx.db.deleteFrom('surveyQuestions').where('id', '=', spare).execute();
		expect(await stored(id)).toEqual([{ questionId: matrix, item: 0, position: 1 }]);
		expect((await keyRows(id)).rows).toEqual([['Follow-up fkq', 'Outcomes – Skills', 10, 0.8]]);
		await ctx.db.deleteFrom('funderReports').where('id', '=', id).execute();
		expect(await stored(id)).toEqual([]);
	});
});
