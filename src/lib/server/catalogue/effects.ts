import type { Db } from '../db/database.ts';
import {
	notifySessionCancelled,
	notifySessionChanged,
	type SessionChange
} from '../registrations/notifications.ts';
import { fillFreeSeats } from '../registrations/registrations.service.ts';

/**
 * What the catalogue sets off in other modules after a session change has committed: e-mail
 * to everyone registered (notifications) and moving people up from the waitlist
 * (registrations). Collected in one object so the service calls them in one place, always
 * after the transaction, and tests can observe them.
 */
export interface SessionEffects {
	notifySessionCancelled(db: Db, sessionId: number): Promise<unknown>;
	notifySessionChanged(db: Db, sessionId: number, changes: readonly SessionChange[]): Promise<unknown>;
	fillFreeSeats(db: Db, sessionId: number): Promise<unknown>;
}

export const sessionEffects: SessionEffects = {
	notifySessionCancelled: (db, sessionId) => notifySessionCancelled(db, sessionId),
	notifySessionChanged: (db, sessionId, changes) => notifySessionChanged(db, sessionId, { changes }),
	fillFreeSeats: (db, sessionId) => fillFreeSeats(db, sessionId)
};

export type { SessionChange };

/** Runs an after-commit effect; a failure is logged, never thrown (the change is already stored). */
export async function afterCommit(what: string, work: () => Promise<unknown>): Promise<void> {
	try {
		await work();
	} catch (e) {
		console.error(`catalogue: ${what} failed after commit`, e);
	}
}
