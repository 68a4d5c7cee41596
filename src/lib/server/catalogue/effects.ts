import type { Db } from '../db/database.ts';

/**
 * What the catalogue sets off in other modules after a session change has committed: e-mail
 * to everyone registered and moving people up from the waitlist. The registrations module
 * installs them (`setSessionEffects`, when it loads), so the catalogue never imports it.
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

/** Runs an after-commit effect; a failure is logged, never thrown (the change is already stored). */
export async function afterCommit(what: string, work: () => Promise<unknown>): Promise<void> {
	try {
		await work();
	} catch (e) {
		console.error(`catalogue: ${what} failed after commit`, e);
	}
}
