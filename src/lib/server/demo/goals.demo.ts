import type { DemoContext, DemoExtension } from './demo.ts';

/**
 * The demo programme's goals (issue 12): KLURA's Table 1 and Table 5 adapted to the library
 * programme — an aim, an overall goal and measurable goals of every kind (share of respondents
 * across course evaluations, counts, coverage, a manual assessment), the office's thresholds,
 * one earlier snapshot, and two steering-group meetings with decisions. Written straight to
 * the tables (goals own them); deterministic, a handful of rows.
 */

const text = (sv: string, en: string) => JSON.stringify({ sv, en });

async function createGoalsDemo(ctx: DemoContext): Promise<void> {
	const { db, programmeId } = ctx;
	const now = new Date().toISOString();
	const staff = ctx.people.length;
	// The share goal asks the course evaluations' shared bank question about benefit, if there is one.
	const bankQuestion = await db
		.selectFrom('surveyQuestions as q')
		.innerJoin('surveys as s', 's.id', 'q.surveyId')
		.select(['q.id', 'q.bankQuestionId', 'q.optionsJson', 'q.scaleId'])
		.where('s.programmeId', '=', programmeId)
		.where('s.kind', '=', 'course_evaluation')
		.where('q.type', 'in', ['single', 'matrix'])
		// Prefer the bank question every course evaluation shares.
		.orderBy((eb) => eb.case().when('q.bankQuestionId', 'is not', null).then(0).else(1).end())
		.orderBy('q.id')
		.limit(1)
		.executeTakeFirst();
	let topValues: number[] = [];
	if (bankQuestion) {
		const json =
			bankQuestion.optionsJson ??
			(bankQuestion.scaleId !== null
				? ((
						await db
							.selectFrom('surveyScales')
							.select('optionsJson')
							.where('id', '=', bankQuestion.scaleId)
							.executeTakeFirst()
					)?.optionsJson ?? null)
				: null);
		const options = json ? (JSON.parse(json) as { value: number }[]) : [];
		topValues = options.slice(0, 2).map((o) => o.value);
	}

	type Row = {
		kind: 'aim' | 'overall' | 'measurable';
		sv: string;
		en: string;
		examinedBy?: string;
		indicatorKind?: 'share' | 'count' | 'coverage' | 'manual';
		indicator?: unknown;
		target?: number;
		manual?: { status: 'onTheWay'; comment: string };
	};
	const rows: Row[] = [
		{
			kind: 'aim',
			sv: 'Bibliotekens personal utvecklar ett lärande förhållningssätt i det dagliga arbetet.',
			en: 'Library staff develop a learning approach in their daily work.'
		},
		{
			kind: 'overall',
			sv: 'Kompetensutvecklingen är förankrad i arbetsplatsernas planer och leder till förändrade arbetssätt.',
			en: 'Competence development is anchored in the workplace plans and changes how people work.'
		},
		...(bankQuestion && topValues.length > 0
			? [
					{
						kind: 'measurable' as const,
						sv: '80 % av deltagarna upplever att de haft nytta av utbildningarna.',
						en: '80 % of participants report that the training benefited them.',
						examinedBy: 'Kursutvärderingar',
						indicatorKind: 'share' as const,
						indicator: {
							...(bankQuestion.bankQuestionId !== null
								? { bankQuestionId: bankQuestion.bankQuestionId }
								: { questionId: bankQuestion.id }),
							values: topValues
						},
						target: 80
					}
				]
			: []),
		{
			kind: 'measurable',
			sv: 'Minst 80 % av personalen deltar i minst en aktivitet.',
			en: 'At least 80 % of staff take part in at least one activity.',
			examinedBy: 'Intern uppföljning (närvaro)',
			indicatorKind: 'coverage',
			indicator: { rule: 'attended' },
			target: 80
		},
		{
			kind: 'measurable',
			sv: 'Alla medarbetare, chefer inräknade, deltar i en utvecklingsprocess som matchar planen.',
			en: 'Every employee, managers included, takes part in a development process that matches their plan.',
			examinedBy: 'Intern uppföljning',
			indicatorKind: 'coverage',
			indicator: { rule: 'process' },
			target: 100
		},
		{
			kind: 'measurable',
			sv: `Minst ${Math.round(staff * 8)} deltagartimmar under projekttiden.`,
			en: `At least ${Math.round(staff * 8)} participant hours during the programme.`,
			examinedBy: 'Intern uppföljning (närvaro)',
			indicatorKind: 'count',
			indicator: { source: 'hours' },
			target: Math.round(staff * 8)
		},
		{
			kind: 'measurable',
			sv: 'Minst 100 kursdagar genomförs.',
			en: 'At least 100 course days are held.',
			examinedBy: 'Intern uppföljning',
			indicatorKind: 'count',
			indicator: { source: 'courseDays' },
			target: 100
		},
		{
			kind: 'measurable',
			sv: 'Det finns avsatt tid för reflektion på arbetsplatserna.',
			en: 'Time for reflection is set aside at the workplaces.',
			examinedBy: 'Intervjuer',
			indicatorKind: 'manual',
			manual: {
				status: 'onTheWay',
				comment: 'Intervjuerna visar att de flesta arbetsplatser har infört reflektion på arbetsplatsträffar.'
			}
		}
	];
	const ids: number[] = [];
	for (const [i, r] of rows.entries()) {
		const row = await db
			.insertInto('goals')
			.values({
				programmeId,
				kind: r.kind,
				sortOrder: i,
				textJson: text(r.sv, r.en),
				examinedBy: r.examinedBy ?? null,
				indicatorKind: r.indicatorKind ?? 'none',
				indicatorJson: r.indicator ? JSON.stringify(r.indicator) : null,
				target: r.target ?? null,
				manualStatus: r.manual?.status ?? null,
				manualComment: r.manual?.comment ?? null,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (r.kind === 'measurable') ids.push(row.id);
	}
	await db
		.insertInto('goalSettings')
		.values({ programmeId, goodProgress: 0.9, onTheWay: 0.5, updatedAt: now })
		.execute();

	// An earlier reporting date: every measurable goal was "on the way".
	const snapshot = await db
		.insertInto('goalSnapshots')
		.values({
			programmeId,
			label: 'Lägesrapport 1',
			takenAt: '2026-06-30T12:00:00.000Z',
			takenBy: ctx.loginIds['office@demo.klok'] ?? null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('goalSnapshotRows')
		.values(
			ids.map((goalId) => ({
				snapshotId: snapshot.id,
				goalId,
				actual: null,
				target: null,
				status: 'onTheWay' as const,
				statusSource: 'computed',
				evidenceJson: JSON.stringify({
					evidence: { kind: 'none' },
					unit: null,
					computedStatus: 'onTheWay',
					overrideReason: null
				})
			}))
		)
		.execute();

	const office = ctx.loginIds['office@demo.klok'] ?? null;
	const steering = ctx.loginIds['steering@demo.klok'] ?? null;
	const meeting = async (heldOn: string, title: string, notes: string) =>
		(
			await db
				.insertInto('steeringMeetings')
				.values({ programmeId, heldOn, title, notes })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const decision = (
		meetingId: number,
		t: string,
		responsibleId: number | null,
		followUpOn: string | null,
		status: 'open' | 'done'
	) => ({ meetingId, programmeId, text: t, responsibleId, followUpOn, status, updatedAt: now });
	const spring = await meeting(
		'2026-03-12',
		'Styrgruppsmöte våren 2026',
		'Genomgång av behovsinventeringen och årets aktivitetsplan.'
	);
	const autumn = await meeting(
		'2026-09-24',
		'Styrgruppsmöte hösten 2026',
		'Lägesrapport 1 och kursutvärderingarnas resultat.'
	);
	await db
		.insertInto('steeringDecisions')
		.values([
			decision(
				spring,
				'Hälften av kompetensmedlen fördelas till arbetsplatserna som ett fast belopp per år.',
				office,
				'2026-04-30',
				'done'
			),
			decision(
				spring,
				'Alla arbetsplatser startar minst en utvecklingsprocess före sommaren.',
				office,
				'2026-06-15',
				'open'
			),
			decision(
				autumn,
				'Projektkontoret besöker en tredjedel av arbetsplatserna före årsskiftet.',
				office,
				'2026-12-31',
				'open'
			),
			decision(
				autumn,
				'Ta fram en plan för hur kursutvärderingarnas svarsfrekvens ska höjas.',
				steering,
				'2027-02-28',
				'open'
			)
		])
		.execute();
}

/** Registered in `extensions.ts` after the surveys (its share goal reads their questions). */
export const goalsDemo: DemoExtension = { name: 'goals', run: (ctx) => createGoalsDemo(ctx) };
