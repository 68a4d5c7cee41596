import type { Db } from '../db/database.ts';

/**
 * What the catalogue sets off in other modules after a session change has committed: e-mail
 * to everyone registered and moving people up from the waitlist; and what it reads about the
 * actor's own registrations. The registrations module installs both (`setSessionEffects`,
 * `setRegistrationLookup`, when it loads and when the server starts), so the catalogue never
 * imports it.
 * Collected in one object so the service calls them in one place, always after the
 * transaction, and tests can observe them.
 */

/** One changed field of a session, for the "what changed" list of the change notice. */
export interface SessionChange {
	field: 'title' | 'startsAt' | 'endsAt' | 'place' | 'onlineUrl';
	before: string | null;
	after: string | null;
}

export interface SessionEffects {
	notifySessionCancelled(db: Db, sessionId: number): Promise<unknown>;
	notifySessionChanged(db: Db, sessionId: number, changes: readonly SessionChange[]): Promise<unknown>;
	fillFreeSeats(db: Db, sessionId: number): Promise<unknown>;
}

/** Nothing happens until a module installs the effects. */
export const sessionEffects: SessionEffects = {
	notifySessionCancelled: async () => undefined,
	notifySessionChanged: async () => undefined,
	fillFreeSeats: async () => undefined
};

/** Installs the work other modules do after a session change (registrations calls this). */
export function setSessionEffects(effects: SessionEffects): void {
	Object.assign(sessionEffects, effects);
}

/** A person's own registration for a session, as the catalogue shows it. */
export interface OwnRegistration {
	id: number;
	status: string;
	waitlistSeq: number | null;
	hoursCredited: number | string | null;
}

/**
 * What the catalogue reads about the actor's own registrations (the registrations module
 * owns them and installs these with `setRegistrationLookup`). Until then nobody is registered.
 */
export interface RegistrationLookup {
	ownRegistration(db: Db, sessionId: number, personId: number): Promise<OwnRegistration | undefined>;
	/** Status per session id, for the sessions (among `sessionIds`) the person is registered for. */
	ownStatuses(db: Db, sessionIds: number[], personId: number): Promise<Map<number, string>>;
}

export const registrationLookup: RegistrationLookup = {
	ownRegistration: async () => undefined,
	ownStatuses: async () => new Map()
};

export function setRegistrationLookup(lookup: RegistrationLookup): void {
	Object.assign(registrationLookup, lookup);
}

/** Runs an after-commit effect; a failure is logged, never thrown (the change is already stored). */
export async function afterCommit(what: string, work: () => Promise<unknown>): Promise<void> {
	try {
		await work();
	} catch (e) {
		console.error(`catalogue: ${what} failed after commit`, e);
	}
}
