import type { Db } from '../db/database.ts';

/**
 * What the catalogue sets off in other modules after a session change has committed: e-mail
 * to everyone registered (notifications) and moving people up from the waitlist
 * (registrations). Collected here so the service calls them in one place, always after the
 * transaction, and a mail failure never undoes the change.
 */
export interface SessionEffects {
	notifySessionCancelled(db: Db, sessionId: number): Promise<unknown>;
	notifySessionChanged(db: Db, sessionId: number): Promise<unknown>;
	fillFreeSeats(db: Db, sessionId: number): Promise<unknown>;
}

export const sessionEffects: SessionEffects = {
	notifySessionCancelled: async () => undefined,
	notifySessionChanged: async () => undefined,
	fillFreeSeats: async () => undefined
};

/** Runs an after-commit effect; a failure is logged, never thrown (the change is already stored). */
export async function afterCommit(what: string, work: () => Promise<unknown>): Promise<void> {
	try {
		await work();
	} catch (e) {
		console.error(`catalogue: ${what} failed after commit`, e);
	}
}
