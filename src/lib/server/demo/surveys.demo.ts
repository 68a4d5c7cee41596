import type { Db } from '../db/database.ts';
import type { SurveyKind, SurveyStatus } from '../db/schema.ts';
import { hashToken, newToken } from '../surveys/distribution.service.ts';
import { tenureBand } from '../surveys/answering.service.ts';
import { courseEvaluationTitle } from '../surveys/course-evaluation.naming.ts';
import { rebuildAllResultCounts } from '../surveys/results.service.ts';
import { stringifyI18n, type I18nText } from '../surveys/i18n-text.ts';
import { BUILT_IN_SCALES, optionsJson, SCALE_CODES } from '../surveys/scales.service.ts';
import { SURVEY_TEMPLATES, type TemplateQuestion } from '../surveys/templates.ts';
import type { DemoContext, DemoExtension } from './demo.ts';
import type { Random } from './prng.ts';

/**
 * Demo surveys (issue 5), built from the builder's templates on the built-in scales:
 * - a baseline ("nollmätning", closed, ~10 months ago) and a follow-up programme survey (open,
 *   `previous_wave_id` → baseline, the same bank questions) to all staff, ~75% answered, the
 *   follow-up a little more positive;
 * - course evaluations for the latest past sessions, sent to those who attended;
 * - a learning-situations survey whose index comes out near the seed's 21% / 67% / 11%;
 * - a long-term effect survey with a small group (10 invited, 8 answered in one workplace) so
 *   small-group protection shows.
 * Answers come from the extension's seeded PRNG (deterministic), inserted in bulk. Anonymous
 * responses are inserted in shuffled order, never in invitation order.
 */

const DAY = 86_400_000;

interface Staff {
	id: number;
	unitId: number | null;
	jobCategory: string | null;
	gender: string | null;
	roleStartedOn: string | null;
}

/** The scale code of a template question (the learning-situations block defaults to the learning degree). */
function scaleOf(tq: TemplateQuestion): string | undefined {
	return tq.scale ?? (tq.type === 'learning_situations' ? SCALE_CODES.learningDegree : undefined);
}

interface BuiltQuestion {
	id: number;
	tq: TemplateQuestion;
	condition: { questionId: number; values: number[] } | null;
}

/** Built-in scales without opening a transaction (the demo runs inside one). */
async function builtInScales(db: Db): Promise<Record<string, { id: number; values: number[] }>> {
	const existing = await db
		.selectFrom('surveyScales')
		.select(['id', 'code'])
		.where('programmeId', 'is', null)
		.orderBy('id')
		.execute();
	const ids: Record<string, number> = {};
	for (const r of existing) ids[r.code] ??= r.id;
	for (const s of BUILT_IN_SCALES)
		if (ids[s.code] === undefined)
			ids[s.code] = (
				await db
					.insertInto('surveyScales')
					.values({
						programmeId: null,
						code: s.code,
						nameJson: stringifyI18n(s.name),
						optionsJson: optionsJson(s.options)
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
	return Object.fromEntries(
		BUILT_IN_SCALES.map((s) => [s.code, { id: ids[s.code]!, values: s.options.map((o) => o.value) }])
	);
}

/** Inserts a survey from a template key; `bank` maps template question positions to bank questions (shared between waves). */
async function instantiate(
	ctx: DemoContext,
	key: keyof typeof SURVEY_TEMPLATES,
	scales: Record<string, { id: number }>,
	opts: {
		kind?: SurveyKind;
		title?: I18nText;
		status: SurveyStatus;
		opensAt: string;
		closesAt: string;
		sessionId?: number;
		activityId?: number;
		previousWaveId?: number;
		bank?: number[];
		audience: unknown;
	}
): Promise<{ surveyId: number; questions: BuiltQuestion[] }> {
	const t = SURVEY_TEMPLATES[key];
	const now = new Date().toISOString();
	const surveyId = (
		await ctx.db
			.insertInto('surveys')
			.values({
				programmeId: ctx.programmeId,
				kind: opts.kind ?? t.kind,
				titleJson: stringifyI18n(opts.title ?? t.title),
				introJson: stringifyI18n(t.intro),
				anonymous: 1,
				status: opts.status,
				opensAt: opts.opensAt,
				closesAt: opts.closesAt,
				sessionId: opts.sessionId ?? null,
				activityId: opts.activityId ?? null,
				previousWaveId: opts.previousWaveId ?? null,
				audienceJson: JSON.stringify([opts.audience]),
				createdBy: ctx.loginIds['office@demo.klok'] ?? null,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	const keys = new Map<string, number>();
	const questions: BuiltQuestion[] = [];
	let order = 0;
	const add = async (sectionId: number | null, list: readonly TemplateQuestion[]) => {
		for (const tq of list) {
			const condition = tq.showWhen
				? { questionId: keys.get(tq.showWhen.key)!, values: tq.showWhen.values }
				: null;
			const options =
				tq.type === 'multi'
					? (tq.options ?? []).map((labels, i) => ({ value: i + 1, labels }))
					: tq.statements
						? tq.statements.map((labels, i) => ({ value: i, labels }))
						: tq.type === 'number'
							? { min: tq.min ?? null, max: tq.max ?? null }
							: null;
			const id = (
				await ctx.db
					.insertInto('surveyQuestions')
					.values({
						surveyId,
						sectionId,
						bankQuestionId: opts.bank?.[questions.length] ?? null,
						type: tq.type,
						textJson: stringifyI18n(tq.text),
						scaleId: scaleOf(tq) ? scales[scaleOf(tq)!]!.id : null,
						optionsJson: options === null ? null : JSON.stringify(options),
						maxPicks: tq.maxPicks ?? null,
						required: tq.required ? 1 : 0,
						conditionJson: condition ? JSON.stringify(condition) : null,
						sortOrder: ++order
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
			if (tq.key) keys.set(tq.key, id);
			questions.push({ id, tq, condition });
		}
	};
	await add(null, t.questions ?? []);
	for (const [i, section] of t.sections.entries()) {
		const sectionId = (
			await ctx.db
				.insertInto('surveySections')
				.values({ surveyId, titleJson: stringifyI18n(section.title), sortOrder: i + 1 })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		await add(sectionId, section.questions);
	}
	return { surveyId, questions };
}

/** Bank questions for a template (so two waves share them). */
async function bankFor(
	ctx: DemoContext,
	key: keyof typeof SURVEY_TEMPLATES,
	scales: Record<string, { id: number }>
): Promise<number[]> {
	const t = SURVEY_TEMPLATES[key];
	const ids: number[] = [];
	for (const tq of [...(t.questions ?? []), ...t.sections.flatMap((s) => s.questions)])
		ids.push(
			(
				await ctx.db
					.insertInto('surveyBankQuestions')
					.values({
						programmeId: ctx.programmeId,
						type: tq.type,
						textJson: stringifyI18n(tq.text),
						scaleId: scaleOf(tq) ? scales[scaleOf(tq)!]!.id : null,
						optionsJson:
							tq.type === 'multi'
								? JSON.stringify((tq.options ?? []).map((labels, i) => ({ value: i + 1, labels })))
								: tq.statements
									? JSON.stringify(tq.statements.map((labels, i) => ({ value: i, labels })))
									: null,
						maxPicks: tq.maxPicks ?? null
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id
		);
	return ids;
}

/** Answer weights per scale, top degree first; `lift` shifts weight towards the top (follow-up waves). */
function scaleWeights(code: string, lift: number): number[] {
	const base: Record<string, number[]> = {
		[SCALE_CODES.agreement]: [0.3, 0.4, 0.14, 0.06, 0.1],
		[SCALE_CODES.degree]: [0.2, 0.35, 0.28, 0.12, 0.05],
		[SCALE_CODES.learningDegree]: [0.45, 0.33, 0.15, 0.07],
		[SCALE_CODES.yesNo]: [0.62, 0.38],
		[SCALE_CODES.mainly]: [0.7, 0.3]
	};
	const w = [...(base[code] ?? [1])];
	if (lift > 0 && w.length > 2) {
		const moved = w[w.length - 2]! * lift;
		w[w.length - 2]! -= moved;
		w[0]! += moved;
	}
	return w;
}

function pickIndex(random: Random, weights: readonly number[]): number {
	const total = weights.reduce((a, b) => a + b, 0);
	let r = random.next() * total;
	for (let i = 0; i < weights.length; i++) {
		r -= weights[i]!;
		if (r < 0) return i;
	}
	return weights.length - 1;
}

const COMMENTS = [
	'Mer tid för kollegialt lärande skulle hjälpa.',
	'Bra upplägg, gärna fler praktiska exempel.',
	'Svårt att hinna med vid sidan av ordinarie arbete.',
	'Studiebesöket gav många nya idéer.',
	'Chefens stöd har stor betydelse.',
	'Vi borde dela erfarenheter mellan filialerna oftare.'
];

type AnswerInsert = {
	responseId: number;
	questionId: number;
	item: number;
	value: number | null;
	numberValue: number | null;
	textValue: string | null;
};

/** Generates one respondent's answers to a survey. */
function answersFor(
	random: Random,
	questions: readonly BuiltQuestion[],
	scales: Record<string, { values: number[] }>,
	lift: number
): Omit<AnswerInsert, 'responseId'>[] {
	const rows: Omit<AnswerInsert, 'responseId'>[] = [];
	const chosen = new Map<number, number[]>();
	for (const q of questions) {
		if (
			q.condition &&
			!(chosen.get(q.condition.questionId) ?? []).some((v) => q.condition!.values.includes(v))
		)
			continue;
		const row = (r: Partial<Omit<AnswerInsert, 'responseId'>>) => ({
			questionId: q.id,
			item: 0,
			value: null,
			numberValue: null,
			textValue: null,
			...r
		});
		const scaleValue = () => {
			const code = scaleOf(q.tq)!;
			return scales[code]!.values[pickIndex(random, scaleWeights(code, lift))]!;
		};
		switch (q.tq.type) {
			case 'single': {
				if (!q.tq.required && random.chance(0.04)) break;
				const v = scaleValue();
				chosen.set(q.id, [v]);
				rows.push(row({ value: v }));
				break;
			}
			case 'matrix':
			case 'learning_situations':
				(q.tq.statements ?? []).forEach((_, item) => {
					if (!q.tq.required && random.chance(0.03)) return;
					rows.push(row({ item, value: scaleValue() }));
				});
				break;
			case 'multi': {
				const n = (q.tq.options ?? []).length;
				const picks = new Set<number>();
				const want = random.int(1, Math.min(q.tq.maxPicks ?? n, n));
				while (picks.size < want) picks.add(random.int(1, n));
				for (const v of picks) rows.push(row({ value: v }));
				break;
			}
			case 'number': {
				const min = q.tq.min ?? 0;
				const max = q.tq.max ?? 40;
				rows.push(
					row({
						numberValue: Math.min(
							max,
							Math.max(min, Math.round(min + random.next() * random.next() * (max - min)))
						)
					})
				);
				break;
			}
			case 'text':
				if (random.chance(0.18)) rows.push(row({ textValue: random.pick(COMMENTS) }));
				break;
		}
	}
	return rows;
}

function shuffle<T>(random: Random, items: T[]): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(random.next() * (i + 1));
		[items[i], items[j]] = [items[j]!, items[i]!];
	}
	return items;
}

/** Invites `invited`, lets `respondents` answer: invitations, responses and answers in bulk. */
async function distribute(
	ctx: DemoContext,
	survey: { surveyId: number; questions: BuiltQuestion[] },
	invited: readonly Staff[],
	respondents: ReadonlySet<number>,
	opts: {
		sentAt: string;
		completedOn: (random: Random) => string;
		lift: number;
		attended: (p: Staff) => number;
		today: string;
	},
	scales: Record<string, { id: number; values: number[] }>
): Promise<void> {
	const { db, random } = ctx;
	const invitations = invited.map((p) => ({
		surveyId: survey.surveyId,
		personId: p.id,
		tokenHash: hashToken(newToken()),
		unitId: p.unitId,
		sentAt: opts.sentAt,
		completedAt: respondents.has(p.id) ? opts.completedOn(random).slice(0, 10) + 'T00:00:00.000Z' : null
	}));
	for (let i = 0; i < invitations.length; i += 500)
		await db
			.insertInto('surveyInvitations')
			.values(invitations.slice(i, i + 500))
			.execute();
	const answering = shuffle(
		random,
		invited.filter((p) => respondents.has(p.id))
	);
	for (let i = 0; i < answering.length; i += 200) {
		const chunk = answering.slice(i, i + 200);
		const ids = await db
			.insertInto('surveyResponses')
			.values(
				chunk.map((p) => ({
					surveyId: survey.surveyId,
					personId: null,
					unitId: p.unitId,
					jobCategory: p.jobCategory,
					gender: p.gender,
					tenureBand: tenureBand(p.roleStartedOn, opts.today),
					attended: opts.attended(p),
					locale: 'sv',
					submittedAt: opts.completedOn(random).slice(0, 10) + 'T00:00:00.000Z'
				}))
			)
			.returning('id')
			.execute();
		const answers: AnswerInsert[] = [];
		for (const { id } of ids)
			for (const a of answersFor(random, survey.questions, scales, opts.lift))
				answers.push({ ...a, responseId: id });
		for (let j = 0; j < answers.length; j += 1000)
			await db
				.insertInto('surveyAnswers')
				.values(answers.slice(j, j + 1000))
				.execute();
	}
}

export const surveysDemo: DemoExtension = {
	name: 'surveys',
	async run(ctx) {
		const { db, random } = ctx;
		const scales = await builtInScales(db);
		const now = Date.now();
		const midnight = now - (now % DAY);
		const iso = (days: number) => new Date(midnight + days * DAY).toISOString();
		const today = iso(0).slice(0, 10);
		const details = new Map(
			(
				await db
					.selectFrom('people')
					.select(['id', 'gender', 'roleStartedOn'])
					.where('programmeId', '=', ctx.programmeId)
					.where('deactivatedAt', 'is', null)
					.execute()
			).map((p) => [p.id, p])
		);
		const staff: Staff[] = ctx.people
			.filter((p) => p.unitId !== null && details.has(p.id))
			.map((p) => ({
				...p,
				gender: details.get(p.id)!.gender,
				roleStartedOn: details.get(p.id)!.roleStartedOn
			}));
		const attendedAny = new Set(
			(
				await db
					.selectFrom('registrations')
					.innerJoin('sessions', 'sessions.id', 'registrations.sessionId')
					.innerJoin('activities', 'activities.id', 'sessions.activityId')
					.select('registrations.personId')
					.where('activities.programmeId', '=', ctx.programmeId)
					.where('registrations.status', '=', 'attended')
					.execute()
			).map((r) => r.personId)
		);
		const sample = (people: readonly Staff[], rate: number) =>
			new Set(people.filter(() => random.chance(rate)).map((p) => p.id));
		const within = (from: number, to: number) => (r: Random) =>
			iso(from + Math.floor(r.next() * (to - from)));
		const all = { kind: 'programme' };

		// Baseline and follow-up: the same bank questions, compared as waves.
		const bank = await bankFor(ctx, 'baseline', scales);
		const baseline = await instantiate(ctx, 'baseline', scales, {
			status: 'closed',
			opensAt: iso(-300),
			closesAt: iso(-279),
			bank,
			audience: all
		});
		await distribute(
			ctx,
			baseline,
			staff,
			sample(staff, 0.76),
			{ sentAt: iso(-300), completedOn: within(-300, -280), lift: 0, attended: () => 0, today },
			scales
		);
		const followUp = await instantiate(ctx, 'baseline', scales, {
			kind: 'programme',
			title: {
				en: 'Follow-up survey',
				sv: 'Uppföljningsenkät',
				da: 'Opfølgningsmåling',
				nb: 'Oppfølgingsmåling'
			},
			status: 'open',
			opensAt: iso(-14),
			closesAt: iso(21),
			previousWaveId: baseline.surveyId,
			bank,
			audience: all
		});
		await distribute(
			ctx,
			followUp,
			staff,
			sample(staff, 0.74),
			{
				sentAt: iso(-14),
				completedOn: within(-14, 0),
				lift: 0.5,
				attended: (p) => (attendedAny.has(p.id) ? 1 : 0),
				today
			},
			scales
		);

		// Course evaluations for the latest past sessions with attendees.
		const past = await db
			.selectFrom('sessions')
			.innerJoin('activities', 'activities.id', 'sessions.activityId')
			.innerJoin('registrations', 'registrations.sessionId', 'sessions.id')
			.select([
				'sessions.id',
				'sessions.endsAt',
				'sessions.startsAt',
				'sessions.title',
				'sessions.place',
				'sessions.activityId',
				'activities.title as activityTitle',
				(eb) => eb.fn.count<number>('registrations.id').as('n')
			])
			.where('activities.programmeId', '=', ctx.programmeId)
			.where('sessions.endsAt', '<', new Date(now).toISOString())
			.where('registrations.status', '=', 'attended')
			.groupBy([
				'sessions.id',
				'sessions.endsAt',
				'sessions.startsAt',
				'sessions.title',
				'sessions.place',
				'sessions.activityId',
				'activities.title'
			])
			.orderBy('sessions.endsAt', 'desc')
			.limit(8)
			.execute();
		const byId = new Map(staff.map((p) => [p.id, p]));
		for (const s of past) {
			const attendees = (
				await db
					.selectFrom('registrations')
					.select('personId')
					.where('sessionId', '=', s.id)
					.where('status', '=', 'attended')
					.execute()
			)
				.map((r) => byId.get(r.personId))
				.filter((p): p is Staff => p !== undefined);
			if (attendees.length === 0) continue;
			const endedDays = Math.floor((Date.parse(s.endsAt) - midnight) / DAY);
			const open = endedDays > -14;
			const survey = await instantiate(ctx, 'course_evaluation', scales, {
				// Named after what it evaluates, as the builder names it (issue 15.8).
				title: courseEvaluationTitle(SURVEY_TEMPLATES.course_evaluation.title, s.activityTitle, {
					title: s.title,
					startsAt: s.startsAt,
					place: s.place,
					timeZone: 'Europe/Stockholm'
				}),
				activityId: s.activityId,
				status: open ? 'open' : 'closed',
				opensAt: s.endsAt,
				closesAt: iso(endedDays + 21),
				sessionId: s.id,
				audience: { kind: 'session', sessionId: s.id }
			});
			await distribute(
				ctx,
				survey,
				attendees,
				sample(attendees, 0.8),
				{
					sentAt: s.endsAt,
					completedOn: within(endedDays, Math.min(0, endedDays + 10) || endedDays + 1),
					lift: 0.3,
					attended: () => 1,
					today
				},
				scales
			);
		}

		// Learning situations (the index comes out near 21% / 67% / 11%).
		const learning = await instantiate(ctx, 'learning_situations', scales, {
			status: 'closed',
			opensAt: iso(-120),
			closesAt: iso(-99),
			audience: all
		});
		await distribute(
			ctx,
			learning,
			staff,
			sample(staff, 0.75),
			{
				sentAt: iso(-120),
				completedOn: within(-120, -100),
				lift: 0,
				attended: (p) => (attendedAny.has(p.id) ? 1 : 0),
				today
			},
			scales
		);

		// Long-term effect with a small group: 10 invited, 8 answered, in one workplace.
		const counts = Map.groupBy(staff, (p) => p.unitId!);
		const unit = [...counts.entries()]
			.filter(([, people]) => people.length >= 10)
			.sort((a, b) => a[1].length - b[1].length || a[0] - b[0])[0];
		if (unit) {
			const group = unit[1].slice(0, 10);
			const longTerm = await instantiate(ctx, 'long_term', scales, {
				status: 'closed',
				opensAt: iso(-60),
				closesAt: iso(-39),
				audience: { kind: 'units', unitIds: [unit[0]] }
			});
			await distribute(
				ctx,
				longTerm,
				group,
				new Set(group.slice(0, 8).map((p) => p.id)),
				{
					sentAt: iso(-60),
					completedOn: within(-60, -40),
					lift: 0.4,
					attended: () => 1,
					today
				},
				scales
			);
		}
		// The results' maintained counts, rebuilt in bulk SQL for the surveys written above.
		await rebuildAllResultCounts(db, ctx.programmeId);
	}
};
