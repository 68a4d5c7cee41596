import { beforeAll, expect, it } from 'vitest';
import { migrateTo, migrateToLatest } from '../db/migrate.ts';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';
import { buildReportFixture, type ReportFixture } from '../reports/reports.fixtures.ts';
import { describeEachDb } from '../testing/db.ts';
import { createSurvey } from './builder.service.ts';
import { activityEvaluations } from './course-evaluation.service.ts';
import { parseI18n } from './i18n-text.ts';
import { rebuildResultCounts } from './results.service.ts';

/** Course evaluations say what they evaluate (issue 15.8), on both databases. */
describeEachDb('course evaluations', (ctx) => {
	let f: ReportFixture;
	let office: Actor;
	let participant: Actor;
	beforeAll(async () => {
		f = await buildReportFixture(ctx.db, 'ceval');
		office = (await loadActor(ctx.db, f.people.office))!;
		participant = (await loadActor(ctx.db, f.people.p1))!;
	});

	const title = async (id: number) =>
		parseI18n(
			(await ctx.db.selectFrom('surveys').select('titleJson').where('id', '=', id).executeTakeFirstOrThrow())
				.titleJson
		);

	it('a course evaluation of a session is named after its activity, date and place, in every language', async () => {
		const s = await createSurvey(ctx.db, office, f.programmeId, {
			template: 'course_evaluation',
			sessionId: f.sessions.S1
		});
		expect(s.title.sv).toBe('Kursutvärdering: Method course ceval – 15 jan. 2026, Room 1');
		expect(s.title.en).toBe('Course evaluation: Method course ceval – 15 Jan 2026, Room 1');
		expect(s.title.da).toMatch(/^Kursusevaluering: Method course ceval – 15\. jan\. 2026, Room 1$/);
		expect(s.title.nb).toMatch(/^Kursevaluering: Method course ceval – 15\. jan\. 2026, Room 1$/);
		// It also names the activity, so the activity page finds it.
		expect(s.activityId).toBe(f.activities.A1);

		const whole = await createSurvey(ctx.db, office, f.programmeId, {
			template: 'course_evaluation',
			activityId: f.activities.A2
		});
		expect(whole.title.sv).toBe('Kursutvärdering: IT lecture ceval');
		// A title someone chose is kept.
		const own = await createSurvey(ctx.db, office, f.programmeId, {
			template: 'course_evaluation',
			sessionId: f.sessions.S2,
			title: { sv: 'Vår egen' }
		});
		expect(own.title).toEqual({ en: '', sv: 'Vår egen' });
	});

	it('the activity page summary shows nothing under k, the figures from k on, and only to who may read results', async () => {
		const s = await createSurvey(ctx.db, office, f.programmeId, {
			template: 'course_evaluation',
			sessionId: f.sessions.S2
		});
		await ctx.db.updateTable('surveys').set({ status: 'open' }).where('id', '=', s.id).execute();
		const matrix = s.questions.find((q) => q.type === 'matrix')!;
		const [top, second] = s.scales[matrix.scaleId!]!.options.filter((o) => !o.dontKnow);
		const respond = async (n: number) => {
			for (let i = 0; i < n; i++) {
				const r = await ctx.db
					.insertInto('surveyResponses')
					.values({ surveyId: s.id, locale: 'sv', submittedAt: '2026-02-11T00:00:00.000Z' })
					.returning('id')
					.executeTakeFirstOrThrow();
				await ctx.db
					.insertInto('surveyAnswers')
					.values({
						responseId: r.id,
						questionId: matrix.id,
						item: 0,
						value: i % 2 === 0 ? top!.value : second!.value
					})
					.execute();
			}
			// Rows written straight to the tables, as a bulk load would: the counts follow.
			await rebuildResultCounts(ctx.db, s.id);
		};
		await respond(2);
		let list = await activityEvaluations(ctx.db, office, f.activities.A1, 'sv');
		let mine = list.find((e) => e.surveyId === s.id)!;
		expect(mine.title).toContain('Method course ceval – 10 feb. 2026');
		expect(mine).toMatchObject({ shown: false, respondents: null, responseRate: null, highlights: [] });

		await respond(4);
		list = await activityEvaluations(ctx.db, office, f.activities.A1, 'sv');
		mine = list.find((e) => e.surveyId === s.id)!;
		expect(mine.shown).toBe(true);
		expect(mine.respondents).toBe(6);
		expect(mine.highlights[0]!.percent).toBe(50);

		expect(await activityEvaluations(ctx.db, participant, f.activities.A1, 'sv')).toEqual([]);
	});

	it('migration 0014 renames the existing plain course evaluations and links them to their activity', async () => {
		const plain = JSON.stringify({ en: 'Course evaluation', sv: 'Kursutvärdering' });
		const insert = async (values: { titleJson: string; sessionId?: number; activityId?: number }) =>
			(
				await ctx.db
					.insertInto('surveys')
					.values({
						programmeId: f.programmeId,
						kind: 'course_evaluation',
						status: 'closed',
						anonymous: 1,
						updatedAt: '2026-01-01T00:00:00.000Z',
						...values
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		await migrateTo(ctx.db, '0008_drop_login_attempts');
		const bySession = await insert({ titleJson: plain, sessionId: f.sessions.S3 });
		const byActivity = await insert({ titleJson: plain, activityId: f.activities.A3 });
		const chosen = await insert({
			titleJson: JSON.stringify({ en: 'Our own', sv: 'Vår egen' }),
			sessionId: f.sessions.S3
		});
		await migrateToLatest(ctx.db);
		// S3 starts 2026-02-28T23:30Z: 1 March in Stockholm.
		expect(await title(bySession)).toEqual({
			en: 'Course evaluation: IT lecture ceval – 1 Mar 2026, Room 1',
			sv: 'Kursutvärdering: IT lecture ceval – 1 mars 2026, Room 1'
		});
		expect((await title(byActivity)).sv).toBe('Kursutvärdering: Study trip ceval');
		expect((await title(chosen)).sv).toBe('Vår egen');
		const linked = await ctx.db
			.selectFrom('surveys')
			.select(['id', 'activityId'])
			.where('id', 'in', [bySession, chosen])
			.execute();
		expect(linked.map((r) => r.activityId)).toEqual([f.activities.A2, f.activities.A2]);
	});
});
