import type { Db } from '../db/database.ts';
import type { Locale, RegistrationStatus, Role } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/**
 * Test data for calendar, notification and reminder tests, written straight to the tables so
 * the tests do not depend on the registrations service. `tag` keeps e-mails unique.
 *
 * One programme (default locale sv, Europe/Stockholm): Region → Team; a manager of the region,
 * an office person, a Swedish and an English participant in the team, and one published
 * activity with a session starting `startsInHours` from now.
 */
export async function buildNotificationFixture(
	db: Db,
	tag: string,
	options: { startsInHours?: number } = {}
) {
	const now = nowIso();
	const programmeId = (
		await db
			.insertInto('programmes')
			.values({
				name: `Programme ${tag}`,
				startsOn: '2026-01-01',
				endsOn: '2027-12-31',
				defaultLocale: 'sv',
				timeZone: 'Europe/Stockholm',
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	const unit = async (parentId: number | null, kind: 'region' | 'team', name: string) =>
		(
			await db
				.insertInto('units')
				.values({ programmeId, parentId, kind, name, updatedAt: now })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const region = await unit(null, 'region', `Region ${tag}`);
	const team = await unit(region, 'team', `Team ${tag}`);

	const person = async (
		key: string,
		name: string,
		locale: Locale | null,
		unitId: number | null,
		roles: { role: Role; unitId?: number }[] = []
	) => {
		const email = `${key}.${tag}@example.org`;
		const id = (
			await db
				.insertInto('people')
				.values({
					programmeId,
					unitId,
					name,
					email,
					emailNormalized: email,
					jobCategory: null,
					gender: null,
					roleStartedOn: null,
					hourlyCost: null,
					locale,
					passwordHash: null,
					deactivatedAt: null,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		for (const r of roles)
			await db
				.insertInto('roleAssignments')
				.values({ personId: id, role: r.role, programmeId, unitId: r.unitId ?? null })
				.execute();
		return { id, email, name };
	};
	const manager = await person('manager', 'Maja Chef', 'en', region, [{ role: 'manager', unitId: region }]);
	const office = await person('office', 'Olle Kansli', null, region, [{ role: 'office' }]);
	const swede = await person('swede', 'Åsa Öberg', 'sv', team);
	const english = await person('english', 'Emma Jones', 'en', team);
	const noLocale = await person('nolocale', 'Nils Utan', null, team);

	const activityId = (
		await db
			.insertInto('activities')
			.values({
				programmeId,
				trackId: null,
				type: 'course_basic',
				learningForm: 'formal',
				title: `Läsfrämjande metodkurs ${tag}`,
				descriptionHtml: '<p>Om <strong>läsfrämjande</strong> &amp; barn.</p><ul><li>Del ett</li></ul>',
				provider: null,
				cost: null,
				publishedAt: now,
				archivedAt: null,
				createdBy: null,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	const startsAt = new Date(Date.now() + (options.startsInHours ?? 24 * 30) * 3_600_000);
	startsAt.setUTCSeconds(0, 0);
	const sessionId = (
		await db
			.insertInto('sessions')
			.values({
				activityId,
				title: 'Del 1: Grunderna i metodstöd för läsfrämjande arbete med barn och unga',
				startsAt: startsAt.toISOString(),
				endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
				place: 'Stadsbiblioteket, sal 3',
				onlineUrl: null,
				capacity: 10,
				hours: 3,
				requiresApproval: 1,
				registrationOpensAt: null,
				registrationClosesAt: null,
				status: 'open',
				recordingUrl: null,
				cancelledAt: null,
				cancelReason: null,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	return { programmeId, region, team, manager, office, swede, english, noLocale, activityId, sessionId };
}

/** Inserts a registration row in the given state (the registrations service is not under test). */
export async function insertRegistration(
	db: Db,
	sessionId: number,
	personId: number,
	status: RegistrationStatus,
	extra: { waitlistSeq?: number; declineReason?: string; confirmedAt?: string | null } = {}
): Promise<number> {
	const now = nowIso();
	const confirmedAt =
		extra.confirmedAt !== undefined
			? extra.confirmedAt
			: ['confirmed', 'attended', 'absent'].includes(status)
				? now
				: null;
	if (confirmedAt && status === 'confirmed')
		await db
			.updateTable('sessions')
			.set((eb) => ({ confirmedCount: eb('confirmedCount', '+', 1) }))
			.where('id', '=', sessionId)
			.execute();
	return (
		await db
			.insertInto('registrations')
			.values({
				sessionId,
				personId,
				status,
				waitlistSeq: extra.waitlistSeq ?? null,
				requestedAt: now,
				approvedAt: null,
				approvedBy: null,
				declinedAt: status === 'declined' ? now : null,
				declineReason: extra.declineReason ?? null,
				confirmedAt,
				waitlistedAt: status === 'waitlisted' ? now : null,
				cancelledAt: status === 'cancelled' ? now : null,
				attendanceMarkedAt: null,
				attendanceMarkedBy: null,
				hoursCredited: null,
				registeredBy: null,
				reminderSentAt: null,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
}

/** A minimal RFC 5545 reader for assertions: unfolds lines and returns the properties. */
export function parseIcs(text: string): {
	lines: string[];
	props: { name: string; params: Record<string, string>; value: string }[];
	get(name: string): string | undefined;
	all(name: string): string[];
} {
	const lines = text
		.replace(/\r\n[ \t]/g, '')
		.split('\r\n')
		.filter(Boolean);
	const props = lines.map((line) => {
		// The value starts at the first colon outside a quoted parameter value.
		let quoted = false;
		let split = -1;
		for (let i = 0; i < line.length; i++) {
			if (line[i] === '"') quoted = !quoted;
			else if (line[i] === ':' && !quoted) {
				split = i;
				break;
			}
		}
		const [name = '', ...paramParts] = line.slice(0, split).split(';');
		const params = Object.fromEntries(
			paramParts.map((p) => {
				const [k = '', v = ''] = p.split('=');
				return [k.toUpperCase(), v.replace(/^"|"$/g, '')];
			})
		);
		return { name: name.toUpperCase(), params, value: line.slice(split + 1) };
	});
	return {
		lines,
		props,
		get: (name) => props.find((p) => p.name === name)?.value,
		all: (name) => props.filter((p) => p.name === name).map((p) => p.value)
	};
}

// The MIME reader lives beside the SMTP receiver; re-exported for the notification tests.
export { decodeHeader, parseMime, type MimePart } from '../mail/smtp-receiver.ts';
