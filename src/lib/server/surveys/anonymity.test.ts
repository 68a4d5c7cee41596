import { beforeAll, expect, it } from 'vitest';
import { RuleError } from '../core/errors.ts';
import { loadActor } from '../people/actor.ts';
import { can, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { buildAnonymityFixture, type AnonymityFixture } from './anonymity.fixtures.ts';
import { AnswerRefusedError, openAnswerPage, saveDraft, submitAnswers } from './answering.service.ts';
import { closeSurvey, purgeClosedDrafts, responseRate } from './distribution.service.ts';
import { surveyResults } from './results.service.ts';
import { exportRawAnswers, RawExportRefusedError, rawRows } from './survey-export.service.ts';

/**
 * The minimum group size (k = 5) in the views that used to escape it: the raw export, the
 * per-unit response rate, and drafts kept beside the person.
 */
describeEachDb('survey anonymity', (ctx) => {
	let f: AnonymityFixture;
	const actors: Record<string, Actor> = {};
	beforeAll(async () => {
		f = await buildAnonymityFixture(ctx.db, 'anon');
		for (const key of ['office', 'steering', 'evaluator', 'admin'] as const)
			actors[key] = (await loadActor(ctx.db, f.people[key]))!;
	});

	const drafts = async (surveyId: number) =>
		(
			await ctx.db
				.selectFrom('surveyInvitations')
				.select('draftJson')
				.where('surveyId', '=', surveyId)
				.orderBy('id')
				.execute()
		).map((r) => r.draftJson);

	// ------------------------------------------------------------ raw export

	it('2 respondents: the results hide every question and the raw export refuses, exporting nothing', async () => {
		const s = await f.survey();
		await f.respond(s, [
			{ value: 1, text: 'Only I would write this', hours: 3 },
			{ value: 4, text: 'My manager is the problem', hours: 40 }
		]);
		const results = await surveyResults(ctx.db, actors.office!, s.surveyId, {}, 'en');
		expect(results.respondents).toBe(2);
		expect(results.questions.every((q) => q.suppressed)).toBe(true);
		expect(results.questions.find((q) => q.id === s.q.text)!.texts).toEqual({
			n: 2,
			shown: false,
			answers: []
		});

		for (const who of ['evaluator', 'office', 'admin'] as const) {
			const refused = await rawRows(ctx.db, actors[who]!, s.surveyId, 'en').catch((e: unknown) => e);
			expect(refused).toBeInstanceOf(RawExportRefusedError);
			expect(refused).toBeInstanceOf(RuleError);
			expect((refused as RuleError).status).toBe(409);
			expect((refused as RuleError).fieldErrors('en')._form).toEqual([
				'The raw answers can be exported once at least 5 people have answered (now 2).'
			]);
			expect((refused as RuleError).fieldErrors('sv')._form![0]).toContain('minst 5');
		}
		await expect(exportRawAnswers(ctx.db, actors.evaluator!, s.surveyId, 'csv', 'en')).rejects.toBeInstanceOf(
			RawExportRefusedError
		);
	});

	it('exports a question’s answers (free text included) only where the results page shows that question', async () => {
		const s = await f.survey();
		// 6 respondents; 3 wrote a comment (hidden on the results page), 4 gave hours (suppressed).
		await f.respond(
			s,
			Array.from({ length: 6 }, (_, i) => ({
				value: 1 + (i % 4),
				...(i < 3 ? { text: `Secret comment ${i}` } : {}),
				...(i < 4 ? { hours: 10 + i } : {})
			}))
		);
		const results = await surveyResults(ctx.db, actors.office!, s.surveyId, {}, 'en');
		const shown = (id: number) => !results.questions.find((q) => q.id === id)!.suppressed;
		expect([shown(s.q.single), shown(s.q.text), shown(s.q.number)]).toEqual([true, false, false]);

		const { rows } = await rawRows(ctx.db, actors.evaluator!, s.surveyId, 'en');
		const qcol = rows[0]!.indexOf('Question id');
		const body = rows.slice(1);
		expect(new Set(body.map((r) => r[qcol]))).toEqual(new Set([s.q.single]));
		expect(body).toHaveLength(6);
		expect(JSON.stringify(rows)).not.toContain('Secret comment');

		// Five comments: the list is shown on the results page, so the raw export has them too.
		const t = await f.survey();
		await f.respond(
			t,
			Array.from({ length: 5 }, (_, i) => ({ value: 1, text: `Visible comment ${i}` }))
		);
		const tr = await surveyResults(ctx.db, actors.office!, t.surveyId, {}, 'en');
		expect(tr.questions.find((q) => q.id === t.q.text)!.texts!.shown).toBe(true);
		const raw = await rawRows(ctx.db, actors.evaluator!, t.surveyId, 'en');
		const textCol = raw.rows[0]!.indexOf('Text');
		expect(
			raw.rows
				.slice(1)
				.map((r) => r[textCol])
				.filter((x) => x !== null)
				.sort()
		).toEqual(Array.from({ length: 5 }, (_, i) => `Visible comment ${i}`));
	});

	it('numbers and orders responses by their content, never by submission order or time', async () => {
		const responses = Array.from({ length: 7 }, (_, i) => ({
			value: [3, 1, 4, 1, 2, 9, 2][i]!,
			text: `Comment ${'gfedcba'[i]}`,
			hours: [5, 3, 8, 1, 9, 2, 6][i]!,
			// An identified survey keeps the exact time; the export must not.
			submittedAt: `2026-03-0${1 + (i % 3)}T1${i}:0${i}:00.000Z`
		}));
		const a = await f.survey({ anonymous: false });
		const b = await f.survey({ anonymous: false });
		await f.respond(a, responses);
		await f.respond(b, [...responses].reverse());
		const normalised = async (s: typeof a) => {
			const { rows } = await rawRows(ctx.db, actors.evaluator!, s.surveyId, 'en');
			const qcol = rows[0]!.indexOf('Question id');
			const names = new Map<unknown, string>([
				[s.q.single, 'single'],
				[s.q.text, 'text'],
				[s.q.number, 'number']
			]);
			return rows.map((r, i) => (i === 0 ? r : r.map((c, j) => (j === qcol ? names.get(c) : c))));
		};
		const ra = await normalised(a);
		const rb = await normalised(b);
		// The same answers submitted in opposite orders give the same file, row for row.
		expect(rb).toEqual(ra);
		const header = ra[0]!;
		const dates = ra.slice(1).map((r) => r[header.indexOf('Date')]);
		// Cut to the day at most (coarser where the combinations need it: k-anonymity).
		expect(dates.every((d) => /^\d{4}(-\d{2}){0,2}$/.test(String(d)))).toBe(true);
		expect(JSON.stringify(ra)).not.toMatch(/T1\d:/);
	});

	// ------------------------------------------------------------ response rate by unit

	/** Workplace A: 8 invited, 5 answered; B: 6 / 3; Solo: 1 / 1 (the one person answered). */
	async function rateSurvey(anonymous: boolean) {
		const s = await f.survey({ anonymous });
		await f.invite(s, [
			{ unitId: f.units.workplaceA, invited: 8, completed: 5 },
			{ unitId: f.units.workplaceB, invited: 6, completed: 3 },
			{ unitId: f.units.solo, invited: 1, completed: 1 }
		]);
		return s;
	}

	it('hides units with fewer than k invited from everyone on an anonymous survey, merged so subtraction reveals nothing', async () => {
		const s = await rateSurvey(true);
		for (const who of ['steering', 'evaluator', 'office', 'admin'] as const) {
			const r = await responseRate(ctx.db, actors[who]!, s.surveyId, 'en');
			expect([r.invited, r.completed]).toEqual([15, 9]);
			expect([r.minGroupSize, r.protected]).toEqual([5, true]);
			expect(r.byUnit.map((u) => [u.unitId, u.invited, u.completed])).toEqual([[f.units.workplaceA, 8, 5]]);
			// Solo is small; B (the smallest shown) goes with it, so "total − A" is all one learns.
			expect(r.otherUnits).toEqual({ invited: 7, completed: 4, rate: 4 / 7 });
			expect(JSON.stringify(r)).not.toContain('Solo');
			expect(JSON.stringify(r)).not.toContain('Workplace B');
		}
	});

	it('shows nothing per unit when the whole survey has fewer than k invited', async () => {
		const s = await f.survey();
		await f.invite(s, [
			{ unitId: f.units.solo, invited: 1, completed: 1 },
			{ unitId: f.units.trio, invited: 3, completed: 1 }
		]);
		const r = await responseRate(ctx.db, actors.steering!, s.surveyId, 'en');
		expect(r.byUnit).toEqual([]);
		expect(r.otherUnits).toBeNull();
		expect([r.invited, r.completed]).toEqual([4, 2]);
	});

	it('the office of an identified survey sees every unit; steering and evaluators still do not', async () => {
		const s = await rateSurvey(false);
		const office = await responseRate(ctx.db, actors.office!, s.surveyId, 'en');
		expect(office.byUnit.map((u) => [u.unitId, u.invited, u.completed])).toEqual([
			[f.units.solo, 1, 1],
			[f.units.workplaceA, 8, 5],
			[f.units.workplaceB, 6, 3]
		]);
		expect([office.otherUnits, office.protected]).toEqual([null, false]);
		for (const who of ['steering', 'evaluator'] as const) {
			const r = await responseRate(ctx.db, actors[who]!, s.surveyId, 'en');
			expect(r.byUnit.map((u) => u.unitId)).toEqual([f.units.workplaceA]);
			expect(r.otherUnits).toEqual({ invited: 7, completed: 4, rate: 4 / 7 });
		}
	});

	it('policy: readIdentified is the office’s (or an admin’s) on an identified survey only, nobody’s on an anonymous one', () => {
		const survey = (anonymous?: boolean) => ({
			type: 'survey' as const,
			id: 1,
			programmeId: f.programmeId,
			anonymous
		});
		const who = (anonymous?: boolean) =>
			Object.keys(actors).filter((k) => can(actors[k]!, 'readIdentified', survey(anonymous)));
		expect(who(false).sort()).toEqual(['admin', 'office']);
		expect(who(true)).toEqual([]);
		expect(who(undefined)).toEqual([]);
	});

	// ------------------------------------------------------------ drafts

	it('submitting deletes the draft together with the submission', async () => {
		const s = await f.survey();
		const [one] = await f.invite(s, [{ unitId: f.units.workplaceA, invited: 1, completed: 0 }]);
		await saveDraft(
			ctx.db,
			{ token: one!.token },
			{ sectionIndex: 0, raw: { ['q' + s.q.text]: 'Half' }, step: 0 }
		);
		expect((await drafts(s.surveyId))[0]).toContain('Half');
		await submitAnswers(ctx.db, { token: one!.token }, { raw: { ['q' + s.q.single]: '2' }, sectionIndex: 0 });
		expect(await drafts(s.surveyId)).toEqual([null]);
	});

	it('closing the survey deletes every unsent draft; a draft cannot be saved after', async () => {
		const s = await f.survey();
		const invited = await f.invite(s, [{ unitId: f.units.workplaceA, invited: 3, completed: 0 }]);
		for (const i of invited)
			await saveDraft(
				ctx.db,
				{ token: i.token },
				{ sectionIndex: 0, raw: { ['q' + s.q.text]: `Draft of ${i.personId}` }, step: 0 }
			);
		expect((await drafts(s.surveyId)).every((d) => d !== null)).toBe(true);
		await closeSurvey(ctx.db, actors.office!, s.surveyId);
		expect(await drafts(s.surveyId)).toEqual([null, null, null]);
		await expect(
			saveDraft(ctx.db, { token: invited[0]!.token }, { sectionIndex: 0, raw: {}, step: 0 })
		).rejects.toBeInstanceOf(AnswerRefusedError);
		expect(await drafts(s.surveyId)).toEqual([null, null, null]);
	});

	it('a survey past its closing date keeps no drafts: deleted on the next visit and by the sweep', async () => {
		const closesAt = '2026-05-31T23:59:59.999Z';
		const before = '2026-05-01T10:00:00.000Z';
		const after = '2026-06-02T10:00:00.000Z';
		const visited = await f.survey({ closesAt });
		const unvisited = await f.survey({ closesAt });
		const open = await f.survey();
		const tokens = [
			...(await f.invite(visited, [{ unitId: f.units.workplaceA, invited: 2, completed: 0 }])),
			...(await f.invite(unvisited, [{ unitId: f.units.workplaceA, invited: 1, completed: 0 }])),
			...(await f.invite(open, [{ unitId: f.units.workplaceA, invited: 1, completed: 0 }]))
		];
		for (const [i, t] of tokens.entries())
			await saveDraft(
				ctx.db,
				{ token: t.token },
				{ sectionIndex: 0, raw: { ['q' + visited.q.text]: `d${i}` }, step: 0 },
				{ now: before }
			);
		await expect(openAnswerPage(ctx.db, { token: tokens[0]!.token }, { now: after })).rejects.toSatisfy(
			(e: unknown) => e instanceof AnswerRefusedError && e.reason === 'closed'
		);
		expect(await drafts(visited.surveyId)).toEqual([null, null]);
		expect((await drafts(unvisited.surveyId))[0]).not.toBeNull();
		expect(await purgeClosedDrafts(ctx.db, after)).toBeGreaterThanOrEqual(1);
		expect(await drafts(unvisited.surveyId)).toEqual([null]);
		// An open survey's drafts stay.
		expect((await drafts(open.surveyId))[0]).not.toBeNull();
	});
});
