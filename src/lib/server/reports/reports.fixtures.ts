import type { Db } from '../db/database.ts';
import type { Gender, JobCategory, RegistrationStatus, Role, UnitKind } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/**
 * A known set of sessions and registrations for report and attendance tests, written straight
 * to the tables. Programme in Europe/Stockholm:
 *
 *   Region R ─ Org O1 ─ Workplace W1 ─ Team T1
 *            │        └ Workplace W2 (name with `;` and `"`, to test CSV quoting)
 *            └ Org O2 ─ Workplace W3
 *
 * Sessions: S1 (track Learning, 2026-01-15, 3 h), S2 (Learning, 2026-02-10, 6 h),
 * S3 (IT, starts 2026-02-28T23:30Z = 1 March 00:30 in Stockholm, 2 h),
 * S4 (no track, 20–21 March, two days, 10 h), S5 (Learning, cancelled), S6 (Learning, future).
 */
export async function buildReportFixture(db: Db, tag: string) {
	const now = nowIso();
	const programmeId = (
		await db
			.insertInto('programmes')
			.values({
				name: `Report programme ${tag}`,
				startsOn: '2026-01-01',
				endsOn: '2027-12-31',
				defaultLocale: 'sv',
				timeZone: 'Europe/Stockholm',
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	const otherProgrammeId = (
		await db
			.insertInto('programmes')
			.values({
				name: `Other ${tag}`,
				startsOn: '2026-01-01',
				endsOn: '2027-12-31',
				defaultLocale: 'sv',
				timeZone: 'Europe/Stockholm',
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	const unit = async (parentId: number | null, kind: UnitKind, name: string, programme = programmeId) =>
		(
			await db
				.insertInto('units')
				.values({ programmeId: programme, parentId, kind, name: `${name} ${tag}`, updatedAt: now })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const R = await unit(null, 'region', 'Region R');
	const O1 = await unit(R, 'organisation', 'Org O1');
	const O2 = await unit(R, 'organisation', 'Org O2');
	const W1 = await unit(O1, 'workplace', 'Workplace W1');
	const W2 = await unit(O1, 'workplace', 'Bibliotek "Väst"; filial');
	const W3 = await unit(O2, 'workplace', 'Workplace W3');
	const T1 = await unit(W1, 'team', 'Team T1');
	const otherUnit = await unit(null, 'region', 'Elsewhere', otherProgrammeId);

	const person = async (
		key: string,
		unitId: number | null,
		jobCategory: JobCategory | null,
		gender: Gender | null,
		roles: Role[] = [],
		programme: number = programmeId
	) => {
		const email = `${key}.${tag}@example.org`;
		const id = (
			await db
				.insertInto('people')
				.values({
					programmeId: programme,
					unitId,
					name: `${key} ${tag}`,
					email,
					emailNormalized: email.toLowerCase(),
					jobCategory,
					gender,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		for (const role of roles)
			await db.insertInto('roleAssignments').values({ personId: id, role, programmeId: programme }).execute();
		return id;
	};
	const people = {
		p1: await person('p1', W1, 'librarian', 'female'),
		p2: await person('p2', T1, 'library_assistant', 'male'),
		p3: await person('p3', W2, 'librarian', null),
		p4: await person('p4', W3, 'manager', 'not_stated'),
		p5: await person('p5', W3, null, 'female'),
		p6: await person('p6', R, 'other', 'male'),
		office: await person('office', R, 'administrator', null, ['office']),
		steering: await person('steering', R, 'manager', null, ['steering']),
		trainer: await person('trainer', R, 'other', null, ['trainer']),
		otherTrainer: await person('otherTrainer', R, 'other', null, ['trainer']),
		outsider: await person('outsider', otherUnit, 'librarian', 'female', ['office'], otherProgrammeId)
	};

	const track = async (name: string, sortOrder: number) =>
		(
			await db
				.insertInto('tracks')
				.values({ programmeId, name: `${name} ${tag}`, sortOrder })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const tracks = { learning: await track('Learning', 1), it: await track('IT', 2) };

	const activity = async (trackId: number | null, title: string) =>
		(
			await db
				.insertInto('activities')
				.values({
					programmeId,
					trackId,
					type: 'course_basic',
					learningForm: 'formal',
					title: `${title} ${tag}`,
					publishedAt: now,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const A1 = await activity(tracks.learning, 'Method course');
	const A2 = await activity(tracks.it, 'IT lecture');
	const A3 = await activity(null, 'Study trip');

	const session = async (
		activityId: number,
		startsAt: string,
		endsAt: string,
		hours: number,
		status: 'open' | 'cancelled' | 'done' = 'open',
		trainers: number[] = [people.trainer]
	) => {
		const id = (
			await db
				.insertInto('sessions')
				.values({
					activityId,
					startsAt,
					endsAt,
					capacity: 30,
					hours,
					status,
					place: 'Room 1',
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		for (const personId of trainers)
			await db.insertInto('sessionTrainers').values({ sessionId: id, personId }).execute();
		return id;
	};
	const sessions = {
		S1: await session(A1, '2026-01-15T08:00:00.000Z', '2026-01-15T12:00:00.000Z', 3),
		S2: await session(A1, '2026-02-10T08:00:00.000Z', '2026-02-10T15:00:00.000Z', 6),
		S3: await session(A2, '2026-02-28T23:30:00.000Z', '2026-03-01T03:00:00.000Z', 2),
		S4: await session(A3, '2026-03-20T09:00:00.000Z', '2026-03-21T15:00:00.000Z', 10, 'open', [
			people.otherTrainer
		]),
		S5: await session(A1, '2026-04-01T08:00:00.000Z', '2026-04-01T12:00:00.000Z', 4, 'cancelled'),
		S6: await session(A1, '2099-05-01T08:00:00.000Z', '2099-05-01T12:00:00.000Z', 4)
	};

	const register = async (
		sessionId: number,
		personId: number,
		status: RegistrationStatus,
		hours: number | null = null
	) =>
		(
			await db
				.insertInto('registrations')
				.values({
					sessionId,
					personId,
					status,
					hoursCredited: hours,
					confirmedAt: now,
					attendanceMarkedAt: status === 'attended' || status === 'absent' ? now : null,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const { p1, p2, p3, p4, p5, p6 } = people;
	await register(sessions.S1, p1, 'attended', 3);
	await register(sessions.S1, p2, 'attended', 3);
	await register(sessions.S1, p3, 'absent', 0);
	await register(sessions.S1, p4, 'confirmed');
	await register(sessions.S2, p1, 'attended', 6);
	await register(sessions.S2, p3, 'attended', 6);
	await register(sessions.S2, p5, 'attended', 6);
	await register(sessions.S3, p1, 'attended', 2);
	await register(sessions.S3, p4, 'attended', 2);
	await register(sessions.S3, p6, 'attended', 2);
	await register(sessions.S4, p2, 'attended', 10);
	await register(sessions.S4, p5, 'attended', 10);
	await register(sessions.S4, p6, 'cancelled');
	await register(sessions.S5, p1, 'confirmed');
	await register(sessions.S6, p1, 'confirmed');
	await register(sessions.S6, p2, 'waitlisted');
	await register(sessions.S6, p3, 'requested');
	await db.updateTable('sessions').set({ confirmedCount: 1 }).where('id', '=', sessions.S6).execute();

	return {
		programmeId,
		otherProgrammeId,
		units: { R, O1, O2, W1, W2, W3, T1, otherUnit },
		people,
		tracks,
		activities: { A1, A2, A3 },
		sessions
	};
}

export type ReportFixture = Awaited<ReturnType<typeof buildReportFixture>>;
