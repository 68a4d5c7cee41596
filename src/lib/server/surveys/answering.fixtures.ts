import type { Db } from '../db/database.ts';
import type { Gender, JobCategory, Role, SurveyKind } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { mailedLink, type SmtpReceiver } from '../mail/smtp-receiver.ts';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';

/**
 * Test data for distribution and answering, written straight to the tables (independent of
 * the builder): a programme with units R › W1 › T1 and R › W2, staff with grouping
 * attributes, and a survey covering every question type:
 *
 * Section 1: q1 single (agreement 4 + don't know, required); q2 multi (4 choices, at most 2);
 *            q3 matrix (3 statements, required); q4 text shown when q1 ∈ {3, 4}.
 * Section 2: q5 number 0–40; q6 learning situations (8 statements); q7 text shown when q1 = 1.
 */
export async function buildSurveyFixture(db: Db, tag: string) {
	const now = nowIso();
	const programme = async (name: string) =>
		(
			await db
				.insertInto('programmes')
				.values({
					name: `${name} ${tag}`,
					startsOn: '2026-01-01',
					endsOn: '2027-12-31',
					defaultLocale: 'sv',
					timeZone: 'Europe/Stockholm',
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const programmeId = await programme('Survey programme');
	const otherProgrammeId = await programme('Other');
	const unit = async (parentId: number | null, name: string, programme = programmeId) =>
		(
			await db
				.insertInto('units')
				.values({
					programmeId: programme,
					parentId,
					kind: parentId ? 'workplace' : 'region',
					name: `${name} ${tag}`,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const R = await unit(null, 'Region');
	const W1 = await unit(R, 'W1');
	const T1 = await unit(W1, 'T1');
	const W2 = await unit(R, 'W2');
	const elsewhere = await unit(null, 'Elsewhere', otherProgrammeId);

	const person = async (
		key: string,
		unitId: number,
		opts: {
			job?: JobCategory;
			gender?: Gender;
			started?: string;
			locale?: 'en' | 'sv';
			roles?: Role[];
			programme?: number;
		} = {}
	) => {
		const email = `${key}.${tag}@example.org`;
		const id = (
			await db
				.insertInto('people')
				.values({
					programmeId: opts.programme ?? programmeId,
					unitId,
					name: `${key} ${tag}`,
					email,
					emailNormalized: email.toLowerCase(),
					jobCategory: opts.job ?? null,
					gender: opts.gender ?? null,
					roleStartedOn: opts.started ?? null,
					locale: opts.locale ?? null,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		for (const role of opts.roles ?? [])
			await db
				.insertInto('roleAssignments')
				.values({ personId: id, role, programmeId: opts.programme ?? programmeId })
				.execute();
		return id;
	};
	const people = {
		p1: await person('p1', W1, { job: 'librarian', gender: 'female', started: '2024-06-01', locale: 'en' }),
		p2: await person('p2', T1, { job: 'library_assistant', gender: 'male', started: '2018-01-01' }),
		p3: await person('p3', W1, { job: 'librarian', gender: 'female', started: '2010-01-01' }),
		p4: await person('p4', W2, { job: 'manager', gender: 'other', started: '2021-03-01' }),
		p5: await person('p5', W2, { job: 'librarian' }),
		office: await person('office', R, { roles: ['office'] }),
		outsider: await person('outsider', elsewhere, { roles: ['office'], programme: otherProgrammeId })
	};

	const scale = async (code: string, options: unknown[]) =>
		(
			await db
				.insertInto('surveyScales')
				.values({
					programmeId,
					code: `${code}_${tag}`,
					nameJson: JSON.stringify({ en: code }),
					optionsJson: JSON.stringify(options)
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const o = (value: number, en: string, sv: string, dontKnow = false) => ({
		value,
		labels: { en, sv },
		...(dontKnow ? { dontKnow: true } : {})
	});
	const agreement = await scale('agreement', [
		o(4, 'Yes, absolutely', 'Ja, absolut'),
		o(3, 'Yes, to some extent', 'Ja, i någon mån'),
		o(2, 'No, hardly', 'Nej, knappast inte'),
		o(1, 'No, absolutely not', 'Nej, absolut inte'),
		o(0, 'Don’t know', 'Vet ej', true)
	]);
	const degree = await scale('degree', [
		o(4, 'High', 'Hög'),
		o(3, 'Some', 'Viss'),
		o(2, 'Small', 'Liten'),
		o(1, 'None', 'Ingen')
	]);

	const survey = async (
		opts: {
			anonymous?: boolean;
			kind?: SurveyKind;
			sessionId?: number | null;
			activityId?: number | null;
		} = {}
	) => {
		const surveyId = (
			await db
				.insertInto('surveys')
				.values({
					programmeId,
					kind: opts.kind ?? 'programme',
					titleJson: JSON.stringify({ en: `Staff survey ${tag}`, sv: `Personalenkät ${tag}` }),
					introJson: JSON.stringify({ en: 'About learning at work.', sv: 'Om lärande i arbetet.' }),
					anonymous: opts.anonymous === false ? 0 : 1,
					sessionId: opts.sessionId ?? null,
					activityId: opts.activityId ?? null,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const section = async (en: string, sortOrder: number) =>
			(
				await db
					.insertInto('surveySections')
					.values({ surveyId, titleJson: JSON.stringify({ en, sv: en + ' (sv)' }), sortOrder })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		const s1 = await section('Your work', 1);
		const s2 = await section('Learning', 2);
		let order = 0;
		const question = async (
			sectionId: number,
			type: 'single' | 'multi' | 'matrix' | 'text' | 'number' | 'learning_situations',
			en: string,
			extra: {
				scaleId?: number;
				options?: unknown;
				maxPicks?: number;
				required?: boolean;
				condition?: unknown;
			} = {}
		) =>
			(
				await db
					.insertInto('surveyQuestions')
					.values({
						surveyId,
						sectionId,
						type,
						textJson: JSON.stringify({ en, sv: en + ' (sv)' }),
						scaleId: extra.scaleId ?? null,
						optionsJson: extra.options === undefined ? null : JSON.stringify(extra.options),
						maxPicks: extra.maxPicks ?? null,
						required: extra.required ? 1 : 0,
						conditionJson: extra.condition ? JSON.stringify(extra.condition) : null,
						sortOrder: ++order
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		const statements = (n: number, prefix: string) =>
			Array.from({ length: n }, (_, i) => ({
				value: i,
				labels: { en: `${prefix} ${i + 1}`, sv: `${prefix} ${i + 1} (sv)` }
			}));
		const q1 = await question(s1, 'single', 'Do you have time to learn?', {
			scaleId: agreement,
			required: true
		});
		const q2 = await question(s1, 'multi', 'Which forms helped?', {
			options: [
				o(1, 'Courses', 'Kurser'),
				o(2, 'Colleagues', 'Kollegor'),
				o(3, 'Reading', 'Läsning'),
				o(4, 'Trips', 'Resor')
			],
			maxPicks: 2
		});
		const q3 = await question(s1, 'matrix', 'How much do you agree?', {
			scaleId: agreement,
			options: statements(3, 'Statement'),
			required: true
		});
		const q4 = await question(s1, 'text', 'What helps you?', {
			condition: { questionId: q1, values: [3, 4] }
		});
		const q5 = await question(s2, 'number', 'Hours of learning per month', { options: { min: 0, max: 40 } });
		const q6 = await question(s2, 'learning_situations', 'Learning situations', {
			scaleId: degree,
			options: statements(8, 'Situation')
		});
		const q7 = await question(s2, 'text', 'What hinders you?', {
			condition: { questionId: q1, values: [1] }
		});
		return { surveyId, q: { q1, q2, q3, q4, q5, q6, q7 } };
	};

	const actor = async (id: number): Promise<Actor> => (await loadActor(db, id))!;
	return {
		programmeId,
		otherProgrammeId,
		units: { R, W1, T1, W2 },
		people,
		scales: { agreement, degree },
		survey,
		actor
	};
}

export type SurveyFixture = Awaited<ReturnType<typeof buildSurveyFixture>>;

/** A complete, valid set of answers for the fixture survey (q1 = 4 shows q4, hides q7). */
export function validAnswers(q: Record<'q1' | 'q2' | 'q3' | 'q4' | 'q5' | 'q6' | 'q7', number>) {
	const raw: Record<string, string | string[]> = {
		['q' + q.q1]: '4',
		['q' + q.q2]: ['1', '2'],
		['q' + q.q3 + '_0']: '4',
		['q' + q.q3 + '_1']: '3',
		['q' + q.q3 + '_2']: '0',
		['q' + q.q4]: 'Good colleagues',
		['q' + q.q5]: '6'
	};
	for (let i = 0; i < 8; i++) raw[`q${q.q6}_${i}`] = i < 4 ? '4' : '2';
	return raw;
}

/**
 * The token of the newest survey link mailed to `email`, as the SMTP receiver got it (the
 * outbox masks it).
 */
export async function tokenFor(
	receiver: Pick<SmtpReceiver, 'messages'>,
	email: string,
	kind = 'survey-invitation'
): Promise<string> {
	return (await mailedLink(receiver, email, /^\/s\/([A-Za-z0-9_-]+)$/, { kind })).match[1]!;
}
