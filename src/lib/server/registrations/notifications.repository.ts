import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database, RegistrationStatus } from '../db/schema.ts';

/** Queries behind the registration e-mails: who a registration belongs to, who is registered, waitlist places. */

type Executor = Db | Kysely<Database>;

/** A registration with the person it belongs to (name, address, language, unit), or undefined. */
export async function findRegistrationRecipient(db: Executor, registrationId: number) {
	return db
		.selectFrom('registrations')
		.innerJoin('people', 'people.id', 'registrations.personId')
		.select([
			'registrations.id',
			'registrations.sessionId',
			'registrations.status',
			'registrations.waitlistSeq',
			'registrations.declineReason',
			'registrations.confirmedAt',
			'people.id as personId',
			'people.name',
			'people.email',
			'people.locale',
			'people.unitId',
			'people.deactivatedAt'
		])
		.where('registrations.id', '=', registrationId)
		.executeTakeFirst();
}

/** A person's registration for a session (id and status), or undefined. */
export async function findRegistrationOf(db: Executor, sessionId: number, personId: number) {
	return db
		.selectFrom('registrations')
		.select(['id', 'status'])
		.where('sessionId', '=', sessionId)
		.where('personId', '=', personId)
		.executeTakeFirst();
}

/** How many people still wait on the session with a waitlist number up to `waitlistSeq`. */
export async function countWaitlistedUpTo(
	db: Executor,
	sessionId: number,
	waitlistSeq: number
): Promise<number> {
	const row = await db
		.selectFrom('registrations')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('sessionId', '=', sessionId)
		.where('status', '=', 'waitlisted')
		.where('waitlistSeq', '<=', waitlistSeq)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Everyone (active) with a registration in `statuses` for a session, with their status. */
export async function registeredPeople(
	db: Executor,
	sessionId: number,
	statuses: readonly RegistrationStatus[]
) {
	return db
		.selectFrom('registrations')
		.innerJoin('people', 'people.id', 'registrations.personId')
		.select(['people.id', 'people.name', 'people.email', 'people.locale', 'registrations.status'])
		.where('registrations.sessionId', '=', sessionId)
		.where('registrations.status', 'in', [...statuses])
		.where('people.deactivatedAt', 'is', null)
		.orderBy('registrations.id')
		.execute();
}

/**
 * Confirmed registrations without a reminder whose session (not cancelled) starts in
 * (`from`, `until`], soonest first.
 */
export async function findDueReminders(db: Executor, from: string, until: string) {
	return db
		.selectFrom('registrations')
		.innerJoin('sessions', 'sessions.id', 'registrations.sessionId')
		.innerJoin('activities', 'activities.id', 'sessions.activityId')
		.select(['registrations.id', 'activities.programmeId'])
		.where('registrations.status', '=', 'confirmed')
		.where('registrations.reminderSentAt', 'is', null)
		.where('sessions.status', '!=', 'cancelled')
		.where('sessions.startsAt', '>', from)
		.where('sessions.startsAt', '<=', until)
		.orderBy('sessions.startsAt')
		.orderBy('registrations.id')
		.limit(5000)
		.execute();
}

/** Claims a registration's reminder: true when this call marked it (it was unmarked and confirmed). */
export async function claimReminder(db: Executor, id: number, at: string): Promise<boolean> {
	const claimed = await db
		.updateTable('registrations')
		.set({ reminderSentAt: at })
		.where('id', '=', id)
		.where('reminderSentAt', 'is', null)
		.where('status', '=', 'confirmed')
		.executeTakeFirst();
	return Number(claimed.numUpdatedRows) === 1;
}
