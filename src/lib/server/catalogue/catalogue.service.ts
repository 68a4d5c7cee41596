/**
 * The catalogue: activities, their sessions, materials, trainers and expressions of
 * interest. Every function takes the acting person and refuses with `AccessDeniedError`
 * (shown as "not found") when the policy says no, and with `CatalogueError` when the input
 * breaks a rule. Every change runs in one transaction with its audit entry; e-mail and
 * waitlist promotion run after the commit (see effects.ts).
 *
 * This file is the catalogue's door; the work is split by job: activities.service.ts,
 * sessions.service.ts, materials.service.ts and interest.service.ts.
 */

import type { Db } from '../db/database.ts';
import {
	audienceSessionRows,
	findActivitiesByTitle,
	findActivity,
	findSessionsByTitle,
	listActivityOptions as activityOptionRows
} from './catalogue.repository.ts';
import { sessionName } from '#lib/i18n/session-label.ts';

export { activityResource, CatalogueError } from './catalogue.access.ts';
export * from './catalogue.presenter.ts';
export * from './activities.service.ts';
export * from './sessions.service.ts';
export * from './materials.service.ts';
export * from './interest.service.ts';
export { sessionHeldState, type SessionHeldState } from './session-held.ts';
export {
	setRegistrationLookup,
	setSessionEffects,
	type OwnRegistration,
	type RegistrationLookup,
	type SessionChange,
	type SessionEffects
} from './effects.ts';

// ---- for reports

export { localToUtc, utcToLocal } from './timezone.ts';

// ---- for surveys

/** The programme of an activity, or null when unknown. No permission check. */
export async function activityProgrammeId(db: Db, activityId: number): Promise<number | null> {
	return (await findActivity(db, activityId))?.programmeId ?? null;
}

/**
 * What a survey's audience can be picked from: the programme's sessions that are not
 * cancelled (latest first, at most 500) and every activity by title. No permission check.
 */
export async function surveyAudienceOptions(db: Db, programmeId: number) {
	const [sessions, activities] = await Promise.all([
		audienceSessionRows(db, programmeId),
		activityOptionRows(db, programmeId)
	]);
	return { sessions, activities };
}

// ---- for plans and processes

/** Catalogue facts for other domains' checks and pickers (no permission check: callers authorise). */
export {
	activityIdsInProgramme,
	activityTitles,
	findSessionInProgramme,
	findTrack,
	listActivityOptions,
	plannableSessions,
	sessionIdsInProgramme,
	sessionLinkOptions,
	sessionStarts,
	sessionTitles,
	trackNames
} from './catalogue.repository.ts';

// ---- for logbook

/** The description sanitizer, for the logbook's rich text. */
export { descriptionText, sanitizeDescription } from './sanitize.ts';

// ---- for home
// (An import here rather than in the block above, so parallel edits of that block merge.)
import { findTrackNames } from './catalogue.repository.ts';

/** Track names of a programme in display order (the home page's overview). */
export function trackNamesOf(db: Db, programmeId: number): Promise<string[]> {
	return findTrackNames(db, programmeId);
}

// ---- for the expert directory and the newsletter (community)
import { sessionsTrainedByRows, upcomingSessionsWithSeats } from './catalogue.repository.ts';

/** Sessions a person trains, newest first (shown on their expert page). No permission check. */
export async function sessionsTrainedBy(db: Db, personId: number, limit = 10) {
	const rows = await sessionsTrainedByRows(db, personId, limit);
	return rows.map((r) => ({ id: r.id, title: r.title ?? r.activityTitle, startsAt: r.startsAt }));
}

/** Upcoming open sessions with free seats (the newsletter digest). No permission check. */
export async function sessionsWithFreeSeats(
	db: Db,
	programmeId: number,
	from: string,
	to: string,
	limit = 10
) {
	const rows = await upcomingSessionsWithSeats(db, programmeId, from, to, limit);
	return rows.map((r) => ({
		id: r.id,
		title: r.title ?? r.activityTitle,
		startsAt: r.startsAt,
		freeSeats: Number(r.capacity) - Number(r.confirmedCount)
	}));
}
// ---- for the funder report

/** Sessions held and cancelled and activities held per track and type in a period (no permission check). */
export { sessionCountsByTrackAndType } from './catalogue.repository.ts';
/** When those counts next change by the clock alone (a session's start); no permission check. */
export { nextSessionStart } from './catalogue.repository.ts';

// ---- for pickers (posts' links)

/** Published activities whose title contains the term (a bounded picker; see core/picker.ts). No permission check. */
export function activitiesByTitle(db: Db, programmeId: number, term: string, limit: number) {
	return findActivitiesByTitle(db, programmeId, term, limit);
}

/** Sessions of published activities by title, latest first (a bounded picker). No permission check. */
export async function sessionsByTitle(db: Db, programmeId: number, term: string, limit: number) {
	return (await findSessionsByTitle(db, programmeId, term, limit)).map((r) => ({
		id: r.id,
		title: sessionName({ activityTitle: r.activityTitle, sessionTitle: r.title }),
		startsAt: r.startsAt
	}));
}
