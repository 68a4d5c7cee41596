import { sql } from 'kysely';
import { createSession } from '#lib/server/auth/session.service.ts';
import { dialect, type Db } from '#lib/server/db/index.ts';
import { nowIso } from '#lib/server/db/sql.ts';
import { rebuildResultCounts } from '#lib/server/surveys/results.service.ts';

/**
 * The bench survey, written straight to the tables in big chunks (on SQLite in one
 * transaction): a programme with WORKPLACES workplaces (each with a team), INVITED staff
 * invited, RESPONSES responses and, per response, QUESTIONS single-choice answers on a 4-point
 * + "don't know" scale and one learning-situations block of 8 items on a 5-point degree scale:
 * RESPONSES × (QUESTIONS + 8) answer rows (1,000,000 by default). Deterministic (no Math.random).
 */
export interface SurveySeed {
	surveyId: number;
	/** The office's session cookie token. */
	token: string;
	/** Seconds the bulk rebuild of the maintained result counts took (as a bulk load runs it). */
	countsSeconds: number;
	answers: number;
	responses: number;
	seconds: number;
}

/** Rows per INSERT: SQLite allows 32,766 bound parameters per statement. */
const PARAMS_PER_INSERT = 30_000;

/** A small deterministic generator (mulberry32). */
function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

async function insertChunks(db: Db, table: string, columns: string[], rows: (string | number | null)[][]) {
	const size = Math.floor(PARAMS_PER_INSERT / columns.length);
	for (let i = 0; i < rows.length; i += size) {
		const chunk = rows.slice(i, i + size);
		await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(
			chunk.map((r) => sql`(${sql.join(r)})`)
		)}`.execute(db);
	}
}

export async function seedSurvey(
	db: Db,
	options: { responses: number; invited: number; questions: number; workplaces: number }
): Promise<SurveySeed> {
	const started = performance.now();
	const now = nowIso();
	const random = prng(42);
	const work = async (trx: Db): Promise<{ surveyId: number; officeId: number }> => {
		const programmeId = (
			await trx
				.insertInto('programmes')
				.values({
					name: 'Bench programme',
					startsOn: '2026-01-01',
					endsOn: '2027-12-31',
					defaultLocale: 'en',
					timeZone: 'Europe/Stockholm',
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const region = (
			await trx
				.insertInto('units')
				.values({ programmeId, parentId: null, kind: 'region', name: 'Region', updatedAt: now })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const units: number[] = [];
		for (let w = 0; w < options.workplaces; w++) {
			const wp = (
				await trx
					.insertInto('units')
					.values({
						programmeId,
						parentId: region,
						kind: 'workplace',
						name: `Library ${w + 1}`,
						updatedAt: now
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
			const team = (
				await trx
					.insertInto('units')
					.values({ programmeId, parentId: wp, kind: 'team', name: `Library ${w + 1} team`, updatedAt: now })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
			units.push(wp, team);
		}
		const officeId = (
			await trx
				.insertInto('people')
				.values({
					programmeId,
					unitId: region,
					name: 'Bench office',
					email: 'office@bench.klok',
					emailNormalized: 'office@bench.klok',
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		await trx
			.insertInto('roleAssignments')
			.values({ personId: officeId, role: 'office', programmeId, unitId: null })
			.execute();
		const scale = async (code: string, options: object[]) =>
			(
				await trx
					.insertInto('surveyScales')
					.values({
						programmeId,
						code,
						nameJson: JSON.stringify({ en: code }),
						optionsJson: JSON.stringify(options)
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		const agreement = await scale('agreement', [
			{ value: 1, labels: { en: 'Yes, absolutely' } },
			{ value: 2, labels: { en: 'Yes, to some extent' } },
			{ value: 3, labels: { en: 'Hardly' } },
			{ value: 4, labels: { en: 'Not at all' } },
			{ value: 9, labels: { en: "Don't know" }, dontKnow: true }
		]);
		const degree = await scale(
			'degree',
			[5, 4, 3, 2, 1].map((value) => ({ value, labels: { en: `Degree ${value}` } }))
		);
		const surveyId = (
			await trx
				.insertInto('surveys')
				.values({
					programmeId,
					kind: 'programme',
					titleJson: JSON.stringify({ en: 'Bench survey' }),
					anonymous: 1,
					status: 'closed',
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const questionIds: number[] = [];
		for (let q = 0; q < options.questions; q++)
			questionIds.push(
				(
					await trx
						.insertInto('surveyQuestions')
						.values({
							surveyId,
							type: 'single',
							textJson: JSON.stringify({ en: `Statement ${q + 1}` }),
							scaleId: agreement,
							sortOrder: q
						})
						.returning('id')
						.executeTakeFirstOrThrow()
				).id
			);
		const learning = (
			await trx
				.insertInto('surveyQuestions')
				.values({
					surveyId,
					type: 'learning_situations',
					textJson: JSON.stringify({ en: 'Learning situations' }),
					scaleId: degree,
					optionsJson: JSON.stringify(
						Array.from({ length: 8 }, (_, i) => ({ value: i, labels: { en: `Situation ${i + 1}` } }))
					),
					sortOrder: options.questions
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;

		// People and invitations (the response rate's denominator).
		const people: (string | number | null)[][] = [];
		for (let i = 0; i < options.invited; i++)
			people.push([
				programmeId,
				units[i % units.length]!,
				`Staff ${i}`,
				`s${i}@bench.klok`,
				`s${i}@bench.klok`,
				now,
				now
			]);
		await insertChunks(
			trx,
			'people',
			['programme_id', 'unit_id', 'name', 'email', 'email_normalized', 'created_at', 'updated_at'],
			people
		);
		const firstPerson = officeId + 1;
		const invitations: (string | number | null)[][] = [];
		for (let i = 0; i < options.invited; i++)
			invitations.push([
				surveyId,
				firstPerson + i,
				`bench-${i}`,
				units[i % units.length]!,
				now,
				i < options.responses ? now : null,
				now
			]);
		await insertChunks(
			trx,
			'survey_invitations',
			['survey_id', 'person_id', 'token_hash', 'unit_id', 'sent_at', 'completed_at', 'created_at'],
			invitations
		);

		// Responses: ids are contiguous after the first insert (fresh database).
		const jobs = ['librarian', 'library_assistant', 'manager', 'it_specialist', 'other'];
		const responses: (string | number | null)[][] = [];
		for (let i = 0; i < options.responses; i++)
			responses.push([
				surveyId,
				units[Math.floor(random() * units.length)]!,
				jobs[Math.floor(random() * jobs.length)]!,
				random() < 0.8 ? 'female' : 'male',
				['0-2', '3-10', '11+'][Math.floor(random() * 3)]!,
				random() < 0.5 ? 1 : 0,
				'en',
				now
			]);
		await insertChunks(
			trx,
			'survey_responses',
			['survey_id', 'unit_id', 'job_category', 'gender', 'tenure_band', 'attended', 'locale', 'submitted_at'],
			responses
		);
		const firstResponse = Number(
			(
				await trx
					.selectFrom('surveyResponses')
					.where('surveyId', '=', surveyId)
					.select((eb) => eb.fn.min('id').as('id'))
					.executeTakeFirstOrThrow()
			).id
		);
		const values = [1, 1, 2, 2, 2, 3, 4, 9];
		let batch: (string | number | null)[][] = [];
		const flush = async () => {
			await insertChunks(trx, 'survey_answers', ['response_id', 'question_id', 'item', 'value'], batch);
			batch = [];
		};
		for (let r = 0; r < options.responses; r++) {
			const responseId = firstResponse + r;
			for (const q of questionIds)
				batch.push([responseId, q, 0, values[Math.floor(random() * values.length)]!]);
			for (let item = 0; item < 8; item++)
				batch.push([responseId, learning, item, 1 + Math.floor(random() * 5)]);
			if (batch.length >= 100_000) await flush();
		}
		await flush();
		return { surveyId, officeId };
	};
	const { surveyId, officeId } =
		dialect(db) === 'sqlite' ? await db.transaction().execute((trx) => work(trx)) : await work(db);
	// Bulk-loaded answers: the results' counts are rebuilt from them in bulk SQL, as an import does.
	const countsStarted = performance.now();
	await rebuildResultCounts(db, surveyId);
	const countsSeconds = Math.round(performance.now() - countsStarted) / 1000;
	// Fresh statistics, as a live database would have, so the planners pick the indexes.
	await sql`analyze`.execute(db);
	// One million rows in one transaction leave a huge write-ahead log that every read would
	// have to consult; a live database is checkpointed long before, so checkpoint it too.
	if (dialect(db) === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
	// Pages need a browser session (API tokens authenticate only /api/v1).
	const { token } = await createSession(db, officeId, { days: 1 });
	return {
		surveyId,
		token,
		countsSeconds,
		responses: options.responses,
		answers: options.responses * (options.questions + 8),
		seconds: Math.round(performance.now() - started) / 1000
	};
}
