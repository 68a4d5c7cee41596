/**
 * The one rule for "has this session been held?" (issue 15.11), used by attendance (marking
 * credits hours) and by the 40-20-40 after-part: a session counts as held from the moment it
 * starts, unless it is cancelled. Before that neither attendance nor the after-part may be
 * recorded, so hours are never credited for a session that has not taken place.
 */
export type SessionHeldState = 'cancelled' | 'notStarted' | 'held';

export function sessionHeldState(
	session: { startsAt: string; status: string },
	now: string = new Date().toISOString()
): SessionHeldState {
	if (session.status === 'cancelled') return 'cancelled';
	// ISO-8601 UTC strings of one shape compare in time order.
	return session.startsAt <= now ? 'held' : 'notStarted';
}
