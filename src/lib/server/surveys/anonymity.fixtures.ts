import type { Db } from '../db/database.ts';
import type { JobCategory } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { buildProgrammeFixture } from '../people/people.fixtures.ts';
import { hashToken } from './distribution.service.ts';
import { rebuildResultCounts } from './results.service.ts';

/**
 * Small known surveys for the anonymity rules (k = 5), written straight to the tables so the
 * tests do not depend on the answering code. On top of the programme fixture: a one-person
 * workplace ("Solo") and a three-person one ("Trio").
 *
 * `survey()` makes an open survey with q1 single (1–4, 9 = don't know), q2 text, q3 number;
 * `respond()` inserts responses in the order given; `invite()` creates invited people per unit
 * with known tokens (`token-<tag>-<n>`), the first `completed` of each unit marked answered.
 */
export async function buildAnonymityFixture(db: Db, tag: string) {
	const base = await buildProgrammeFixture(db, tag);
	const now = nowIso();
	const p = base.programmeId;
	const workplace = async (name: string) =>
		(
			await db
				.insertInto('units')
				.values({ programmeId: p, parentId: base.units.region, kind: 'workplace', name, updatedAt: now })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const solo = await workplace(`Solo ${tag}`);
	const trio = await workplace(`Trio ${tag}`);
	const labels = (en: string) => ({ en, sv: en + ' (sv)' });
	const scaleId = (
		await db
			.insertInto('surveyScales')
			.values({
				programmeId: p,
				code: `anon-${tag}`,
				nameJson: JSON.stringify(labels('Agreement')),
				optionsJson: JSON.stringify([
					{ value: 1, labels: labels('Yes') },
					{ value: 2, labels: labels('Rather yes') },
					{ value: 3, labels: labels('Rather no') },
					{ value: 4, labels: labels('No') },
					{ value: 9, labels: labels("Don't know"), dontKnow: true }
				])
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;

	let surveys = 0;
	async function survey(opts: { anonymous?: boolean; closesAt?: string | null } = {}) {
		const surveyId = (
			await db
				.insertInto('surveys')
				.values({
					programmeId: p,
					kind: 'programme',
					titleJson: JSON.stringify(labels(`Anonymity ${tag} ${++surveys}`)),
					anonymous: opts.anonymous === false ? 0 : 1,
					status: 'open',
					closesAt: opts.closesAt ?? null,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const question = async (type: 'single' | 'text' | 'number', text: string, sortOrder: number) =>
			(
				await db
					.insertInto('surveyQuestions')
					.values({
						surveyId,
						type,
						textJson: JSON.stringify(labels(text)),
						scaleId: type === 'single' ? scaleId : null,
						sortOrder
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		const q = {
			single: await question('single', 'I learn at work', 1),
			text: await question('text', 'Anything else?', 2),
			number: await question('number', 'Hours', 3)
		};
		return { surveyId, q };
	}
	type Survey = Awaited<ReturnType<typeof survey>>;

	interface Response {
		unitId?: number | null;
		job?: JobCategory | null;
		gender?: string | null;
		tenure?: string | null;
		attended?: 0 | 1 | null;
		value?: number;
		text?: string;
		hours?: number;
		submittedAt?: string;
	}
	async function respond(s: Survey, responses: readonly Response[]) {
		for (const r of responses) {
			const id = (
				await db
					.insertInto('surveyResponses')
					.values({
						surveyId: s.surveyId,
						unitId: r.unitId === undefined ? base.units.workplaceA : r.unitId,
						jobCategory: r.job === undefined ? 'librarian' : r.job,
						gender: r.gender === undefined ? 'female' : r.gender,
						tenureBand: r.tenure === undefined ? '2_5' : r.tenure,
						attended: r.attended === undefined ? 0 : r.attended,
						locale: 'en',
						submittedAt: r.submittedAt ?? '2026-03-02T00:00:00.000Z'
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
			const answers = [
				r.value === undefined ? null : { questionId: s.q.single, value: r.value },
				r.text === undefined ? null : { questionId: s.q.text, textValue: r.text },
				r.hours === undefined ? null : { questionId: s.q.number, numberValue: r.hours }
			].filter((a) => a !== null);
			if (answers.length > 0)
				await db
					.insertInto('surveyAnswers')
					.values(
						answers.map((a) => ({
							item: 0,
							value: null,
							numberValue: null,
							textValue: null,
							...a,
							responseId: id
						}))
					)
					.execute();
		}
		// Written straight to the tables: the results' counts are rebuilt as a bulk load does.
		await rebuildResultCounts(db, s.surveyId);
	}

	let invitees = 0;
	/** Invites people per unit; returns their tokens in order (completed ones first per unit). */
	async function invite(s: Survey, units: readonly { unitId: number; invited: number; completed: number }[]) {
		const tokens: { personId: number; token: string; invitationId: number }[] = [];
		for (const u of units)
			for (let i = 0; i < u.invited; i++) {
				const n = ++invitees;
				const email = `invitee${n}.${tag}@example.org`;
				const personId = (
					await db
						.insertInto('people')
						.values({
							programmeId: p,
							unitId: u.unitId,
							name: `Invitee ${n} ${tag}`,
							email,
							emailNormalized: email,
							updatedAt: now
						})
						.returning('id')
						.executeTakeFirstOrThrow()
				).id;
				const token = `token-${tag}-${n}`;
				const invitationId = (
					await db
						.insertInto('surveyInvitations')
						.values({
							surveyId: s.surveyId,
							personId,
							tokenHash: hashToken(token),
							unitId: u.unitId,
							sentAt: now,
							completedAt: i < u.completed ? '2026-03-02T00:00:00.000Z' : null
						})
						.returning('id')
						.executeTakeFirstOrThrow()
				).id;
				tokens.push({ personId, token, invitationId });
			}
		return tokens;
	}

	return { ...base, units: { ...base.units, solo, trio }, survey, respond, invite };
}

export type AnonymityFixture = Awaited<ReturnType<typeof buildAnonymityFixture>>;
