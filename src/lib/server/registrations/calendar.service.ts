import ical, {
	ICalAttendeeRole,
	ICalAttendeeStatus,
	ICalCalendarMethod,
	ICalEventStatus,
	type ICalCalendar,
	type ICalEventData
} from 'ical-generator';
import { config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { generateToken, sha256 } from '../auth/tokens.ts';
import { calendarSessions, sessionContext, type CalendarSession } from '../catalogue/catalogue.service.ts';
import { can, sessionResource, type Actor } from '../policy/policy.ts';
import {
	activeFeedOwner,
	feedExists,
	findFeedRegistrations,
	replaceFeedToken
} from './calendar.repository.ts';

/**
 * RFC 5545 calendars for sessions: invitations for e-mail (METHOD:REQUEST / METHOD:CANCEL), a
 * download per session, and a private feed per person. A session's UID never changes, so every
 * later message updates the same calendar entry; SEQUENCE is `sessions.sequence`, raised by the
 * catalogue on every change attendees should see.
 */

/** What a calendar entry needs to know about a session (read through the catalogue). */
export type { CalendarSession };

/** A session plus where links point and who organises it. */
export interface CalendarContext {
	session: CalendarSession;
	/** Base URL for links, e.g. `https://klok.example.org` (no trailing slash). */
	origin?: string;
	/** RFC 5322 sender, e.g. `Klok <no-reply@example.org>`; defaults to MAIL_FROM. */
	organizer?: string;
	/** The instant the calendar object is created (DTSTAMP of METHOD messages); defaults to now. */
	now?: Date;
}

/** Someone invited: the person registered for the session. */
export interface Attendee {
	name: string;
	email: string;
}

const PRODID = { company: 'Klok', product: 'Klok', language: 'EN' };

/** The base URL for links in mail and calendars: ORIGIN, or a local development default. */
export function appOrigin(): string {
	return (config().ORIGIN ?? 'http://localhost:5173').replace(/\/+$/, '');
}

/** The catalogue page of a session. */
export function sessionPagePath(sessionId: number): string {
	return `/catalogue/sessions/${sessionId}`;
}

/**
 * The session's UID. It depends only on the id and the configured ORIGIN host (never on the
 * request), so every invitation, download and feed refers to the same entry across changes.
 */
export function sessionUid(sessionId: number): string {
	let host = 'klok.invalid';
	try {
		if (config().ORIGIN) host = new URL(config().ORIGIN!).hostname || host;
	} catch {
		// ORIGIN is validated as a URL by the configuration; keep the default otherwise.
	}
	return `session-${sessionId}@${host}`;
}

/** `Klok <a@b>` → `{ name: 'Klok', email: 'a@b' }`; a bare address uses it as the name too. */
export function parseAddress(value: string): { name: string; email: string } {
	const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
	if (match) return { name: match[1]!.trim() || match[2]!.trim(), email: match[2]!.trim() };
	return { name: value.trim(), email: value.trim() };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text from sanitised description HTML: block ends become line breaks, entities decoded. */
export function htmlToText(html: string): string {
	return html
		.replace(/<\s*br\s*\/?>/gi, '\n')
		.replace(/<\s*li[^>]*>/gi, '\n- ')
		.replace(/<\/\s*(p|div|h[1-6]|ul|ol|blockquote|pre|tr)\s*>/gi, '\n\n')
		.replace(/<[^>]*>/g, '')
		.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
			if (name[0] === '#') {
				const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
				return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
			}
			return ENTITIES[name.toLowerCase()] ?? whole;
		})
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** "Activity – Session" (or just the activity when the session has no title of its own). */
export function sessionSummary(session: Pick<CalendarSession, 'activityTitle' | 'title'>): string {
	const own = session.title?.trim();
	return own && own !== session.activityTitle ? `${session.activityTitle} – ${own}` : session.activityTitle;
}

/** Sessions with their activity and programme, keyed by id; unknown ids are simply absent. */
export async function loadCalendarSessions(
	db: Db,
	sessionIds: readonly number[]
): Promise<Map<number, CalendarSession>> {
	return calendarSessions(db, sessionIds);
}

/** One session for a calendar, or undefined. */
export async function loadCalendarSession(db: Db, sessionId: number): Promise<CalendarSession | undefined> {
	return (await loadCalendarSessions(db, [sessionId])).get(sessionId);
}

/**
 * The session when `actor` may read it (published in their programme, or office/trainer),
 * else undefined — unknown and forbidden look the same.
 */
export async function readableCalendarSession(
	db: Db,
	actor: Actor,
	sessionId: number
): Promise<CalendarSession | undefined> {
	const session = await loadCalendarSession(db, sessionId);
	if (!session) return undefined;
	const resource = sessionResource({
		id: session.id,
		programmeId: session.programmeId,
		published: session.published,
		trainerIds: (await sessionContext(db, sessionId))?.trainerIds ?? []
	});
	return can(actor, 'read', resource) ? session : undefined;
}

/** C0 controls but HTAB, and DEL: RFC 5545 TEXT may not hold them. Line breaks are handled apart. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Every text that goes into a calendar passes here. `library`: for the values ical-generator
 * escapes itself (SUMMARY, LOCATION, DESCRIPTION, URL, CN parameters), control characters are
 * dropped and line breaks become LF, which it writes as `\n` (or `^n` in a parameter). `raw`:
 * for the values it writes unescaped (the calendar's NAME and X-WR-CALNAME), the full RFC 5545
 * §3.3.11 TEXT escaping as well. The library folds every line to 75 octets (§3.1) afterwards.
 */
export function icalText(value: string, escaping: 'library' | 'raw'): string {
	const plain = value.replace(/\r\n|\r/g, '\n').replace(CONTROL_CHARACTERS, '');
	return escaping === 'library' ? plain : plain.replace(/[\\;,]/g, '\\$&').replace(/\n/g, '\\n');
}

function newCalendar(method: ICalCalendarMethod | null, name?: string): ICalCalendar {
	return ical({
		prodId: PRODID,
		...(method ? { method } : {}),
		...(name ? { name: icalText(name, 'raw') } : {})
	});
}

/** The VEVENT of a session; `cancelled` forces STATUS:CANCELLED (e.g. the person's own cancellation). */
function eventData(
	ctx: CalendarContext,
	options: { stamp: Date; cancelled?: boolean; attendee?: Attendee; lastModified?: boolean }
): ICalEventData {
	const { session } = ctx;
	const origin = (ctx.origin ?? appOrigin()).replace(/\/+$/, '');
	const url = origin + sessionPagePath(session.id);
	const cancelled = options.cancelled || session.status === 'cancelled';
	const description = [
		htmlToText(session.descriptionHtml),
		session.onlineUrl && session.place ? session.onlineUrl : '',
		session.status === 'cancelled' && session.cancelReason ? session.cancelReason : '',
		url
	]
		.filter(Boolean)
		.join('\n\n');
	const text = (value: string) => icalText(value, 'library');
	const location = session.place || session.onlineUrl;
	const organizer = parseAddress(ctx.organizer ?? config().MAIL_FROM);
	return {
		id: sessionUid(session.id),
		sequence: session.sequence,
		stamp: options.stamp,
		...(options.lastModified ? { lastModified: new Date(session.updatedAt) } : {}),
		start: new Date(session.startsAt),
		end: new Date(session.endsAt),
		summary: text(sessionSummary(session)),
		location: location ? text(location) : null,
		url: text(url),
		description: text(description),
		status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
		organizer: { name: text(organizer.name), email: text(organizer.email) },
		...(options.attendee
			? {
					attendees: [
						{
							name: text(options.attendee.name),
							email: text(options.attendee.email),
							role: ICalAttendeeRole.REQ,
							status: cancelled ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
							rsvp: false
						}
					]
				}
			: {})
	};
}

/**
 * An invitation for e-mail: METHOD:REQUEST (add or update the entry) or METHOD:CANCEL (remove
 * it), addressed to one attendee. DTSTAMP is the time the message is made, so a client that
 * sees two messages with the same SEQUENCE keeps the newer one.
 */
export function sessionInvitation(
	ctx: CalendarContext,
	options: { method: 'REQUEST' | 'CANCEL'; attendee: Attendee }
): string {
	const cancel = options.method === 'CANCEL';
	const calendar = newCalendar(cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST);
	calendar.createEvent(
		eventData(ctx, { stamp: ctx.now ?? new Date(), cancelled: cancel, attendee: options.attendee })
	);
	return calendar.toString();
}

/** One session as a downloadable calendar (METHOD:PUBLISH, which desktop clients import). */
export function sessionCalendar(ctx: CalendarContext): string {
	const calendar = newCalendar(ICalCalendarMethod.PUBLISH, sessionSummary(ctx.session));
	calendar.createEvent(eventData(ctx, { stamp: ctx.now ?? new Date(), lastModified: true }));
	return calendar.toString();
}

/** The file name offered for a session's .ics download (ASCII only, so any client accepts it). */
export function sessionFileName(sessionId: number): string {
	return `klok-session-${sessionId}.ics`;
}

/**
 * A person's subscription feed (no METHOD): every confirmed or attended session, and sessions
 * they were once confirmed for but cancelled (or the office cancelled) as STATUS:CANCELLED, so
 * subscribed calendars remove them. DTSTAMP is the session's last revision, as RFC 5545 asks
 * for objects without METHOD.
 */
export async function personalFeed(
	db: Db,
	personId: number,
	options: { origin?: string; organizer?: string; name?: string } = {}
): Promise<string> {
	const registrations = await findFeedRegistrations(db, personId);
	const sessions = await loadCalendarSessions(
		db,
		registrations.map((r) => r.sessionId)
	);
	const calendar = newCalendar(null, options.name ?? 'Klok');
	const ordered = registrations
		.map((r) => ({ registration: r, session: sessions.get(r.sessionId) }))
		.filter((x): x is { registration: (typeof registrations)[number]; session: CalendarSession } =>
			Boolean(x.session)
		)
		.sort((a, b) => a.session.startsAt.localeCompare(b.session.startsAt) || a.session.id - b.session.id);
	for (const { registration, session } of ordered) {
		calendar.createEvent(
			eventData(
				{
					session,
					...(options.origin ? { origin: options.origin } : {}),
					...(options.organizer ? { organizer: options.organizer } : {})
				},
				{
					stamp: new Date(session.updatedAt),
					lastModified: true,
					cancelled: registration.status === 'cancelled'
				}
			)
		);
	}
	return calendar.toString();
}

/** The feed path for a token (the token is the only credential; no cookie is needed). */
export function feedPath(token: string): string {
	return `/calendar/${token}.ics`;
}

/** Does the person already have a feed? (The token itself cannot be shown again: only its hash is stored.) */
export async function hasCalendarFeed(db: Db, personId: number): Promise<boolean> {
	return feedExists(db, personId);
}

/**
 * Creates the person's feed token, or replaces it (reset: the old URL stops working at once).
 * Returns the new token; only its SHA-256 is stored.
 */
export async function issueCalendarFeedToken(db: Db, personId: number): Promise<string> {
	const token = generateToken('cal_');
	const tokenHash = sha256(token);
	await db.transaction().execute((trx) => replaceFeedToken(trx, personId, tokenHash));
	return token;
}

/** The person a feed token belongs to (active people only), or null. */
export async function personForFeedToken(db: Db, token: string): Promise<number | null> {
	if (!/^cal_[\w-]{43}$/.test(token)) return null;
	return activeFeedOwner(db, sha256(token));
}
