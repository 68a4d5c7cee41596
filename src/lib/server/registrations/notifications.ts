import {
	dateTimeFormat,
	intlTag,
	translate,
	type Locale,
	type MessageKey,
	type MessageParams
} from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import type { RegistrationStatus } from '../db/schema.ts';
import {
	escapeHtml,
	registerMailRenderer,
	sendMail,
	type MailAttachment,
	type MailMessage,
	type MailOptions,
	type QueuedMessage,
	type RenderOutcome
} from '../mail/mail.service.ts';
import type { SessionChange } from '../catalogue/catalogue.service.ts';
import { unitAncestry } from '../organisation/organisation.service.ts';
import { roleHolders } from '../people/people.service.ts';
import {
	appOrigin,
	loadCalendarSession,
	sessionInvitation,
	sessionPagePath,
	sessionSummary,
	type CalendarSession
} from './calendar.service.ts';
import {
	countWaitlistedUpTo,
	findRegistrationOf,
	findRegistrationRecipient as loadRegistration,
	registeredPeople
} from './notifications.repository.ts';

/**
 * Every e-mail of the registration life cycle, in the recipient's language, with calendar
 * invitations (.ics, METHOD:REQUEST / METHOD:CANCEL) where a seat is gained or lost. Callers
 * send these AFTER their transaction commits; nothing here throws: a failure is logged and the
 * message stays in the outbox, so a mail problem never undoes a registration.
 */

/** What happened to a registration. */
export type RegistrationEvent =
	| 'requested'
	| 'approval_needed'
	| 'approved'
	| 'declined'
	| 'confirmed'
	| 'waitlisted'
	| 'promoted'
	| 'cancelled';

/** Where mail goes and where links point; defaults come from the configuration. */
export interface NotifyOptions {
	mail?: MailOptions;
	/** Base URL for links (defaults to ORIGIN). */
	origin?: string;
}

export type { SessionChange };

interface Recipient {
	id: number;
	name: string;
	email: string;
	locale: Locale | null;
}

/** The recipient's language: their own, else the programme's default. */
function localeFor(person: { locale: Locale | null }, session: CalendarSession): Locale {
	return person.locale ?? session.defaultLocale;
}

/** "Thursday 12 March 2026, 09:00–12:00" in the programme's time zone. */
export function formatSessionTime(
	locale: Locale,
	session: Pick<CalendarSession, 'startsAt' | 'endsAt' | 'timeZone'>
): string {
	const tag = intlTag[locale];
	const start = new Date(session.startsAt);
	const end = new Date(session.endsAt);
	const day = (d: Date) => dateTimeFormat('en-CA', { timeZone: session.timeZone }).format(d);
	const full = dateTimeFormat(tag, { dateStyle: 'full', timeStyle: 'short', timeZone: session.timeZone });
	const time = dateTimeFormat(tag, { timeStyle: 'short', timeZone: session.timeZone });
	return day(start) === day(end)
		? `${full.format(start)}–${time.format(end)}`
		: `${full.format(start)} – ${full.format(end)}`;
}

function formatShortDate(locale: Locale, iso: string, timeZone: string): string {
	return dateTimeFormat(intlTag[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
		new Date(iso)
	);
}

/** The parts of one message; rendered to text and HTML with the same content. */
interface MailParts {
	subject: string;
	greetingName: string;
	paragraphs: string[];
	list?: { heading: string; items: string[] };
	session?: CalendarSession;
	action?: { label: string; url: string };
	footer?: string[];
}

/** Renders a message as plain text plus simple HTML; every user-supplied text is escaped. */
function render(
	locale: Locale,
	origin: string,
	parts: MailParts
): { subject: string; text: string; html: string } {
	const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
	const details: { label: string; value: string; link?: boolean }[] = [];
	if (parts.session) {
		const s = parts.session;
		details.push({ label: t('notify.details.when'), value: formatSessionTime(locale, s) });
		if (s.place) details.push({ label: t('notify.details.where'), value: s.place });
		if (s.onlineUrl) details.push({ label: t('notify.details.online'), value: s.onlineUrl, link: true });
		details.push({ label: t('notify.details.page'), value: origin + sessionPagePath(s.id), link: true });
	}
	const greeting = t('notify.greeting', { name: parts.greetingName });
	const text: string[] = [greeting, ''];
	for (const p of parts.paragraphs) text.push(p, '');
	if (parts.list && parts.list.items.length > 0) {
		text.push(parts.list.heading, ...parts.list.items.map((i) => `- ${i}`), '');
	}
	if (details.length > 0) {
		text.push(sessionSummaryFor(parts.session!), ...details.map((d) => `${d.label}: ${d.value}`), '');
	}
	if (parts.action) text.push(parts.action.label, parts.action.url, '');
	for (const f of parts.footer ?? []) text.push(f, '');
	text.push('-- ', t('notify.automatic'));

	const e = escapeHtml;
	const link = (url: string) => (/^https?:\/\//i.test(url) ? `<a href="${e(url)}">${e(url)}</a>` : e(url));
	const html = [
		'<!doctype html>',
		`<html lang="${locale}"><head><meta charset="utf-8"><title>${e(parts.subject)}</title></head>`,
		'<body style="font-family: sans-serif; line-height: 1.5; color: #1b1f24;">',
		`<p>${e(greeting)}</p>`,
		...parts.paragraphs.map((p) => `<p>${e(p)}</p>`),
		...(parts.list && parts.list.items.length > 0
			? [
					`<p>${e(parts.list.heading)}</p>`,
					`<ul>${parts.list.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`
				]
			: []),
		...(details.length > 0
			? [
					`<h2 style="font-size: 1.1em;">${e(sessionSummaryFor(parts.session!))}</h2>`,
					'<table role="presentation">',
					...details.map(
						(d) =>
							`<tr><th scope="row" style="text-align: left; padding-right: 1em;">${e(d.label)}</th><td>${d.link ? link(d.value) : e(d.value)}</td></tr>`
					),
					'</table>'
				]
			: []),
		...(parts.action ? [`<p>${e(parts.action.label)}<br>${link(parts.action.url)}</p>`] : []),
		...(parts.footer ?? []).map((f) => `<p>${e(f)}</p>`),
		`<p style="color: #555;">${e(t('notify.automatic'))}</p>`,
		'</body></html>'
	].join('\n');
	return { subject: parts.subject, text: text.join('\n'), html };
}

function sessionSummaryFor(session: CalendarSession): string {
	return sessionSummary(session);
}

/** The .ics attachment of an invitation (the content type carries METHOD, as clients expect). */
function invitationAttachment(
	session: CalendarSession,
	origin: string,
	method: 'REQUEST' | 'CANCEL',
	attendee: Recipient,
	organizer: string | undefined
): MailAttachment {
	return {
		filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
		contentType: `text/calendar; charset=utf-8; method=${method}`,
		content: sessionInvitation(
			{ session, origin, ...(organizer ? { organizer } : {}) },
			{ method, attendee: { name: attendee.name, email: attendee.email } }
		)
	};
}

/** One rendered message for one recipient. */
function message(input: {
	kind: string;
	to: Recipient;
	programmeId: number;
	mail: { subject: string; text: string; html: string };
	attachments?: MailAttachment[];
}): MailMessage {
	return {
		to: input.to.email,
		subject: input.mail.subject,
		text: input.mail.text,
		html: input.mail.html,
		kind: input.kind,
		personId: input.to.id,
		programmeId: input.programmeId,
		...(input.attachments?.length ? { attachments: input.attachments } : {})
	};
}

/** Sends composed messages now (the direct path; the worker sends queued ones). Never throws. */
async function sendNow(db: Db, options: NotifyOptions, messages: readonly MailMessage[]): Promise<void> {
	for (const m of messages) {
		try {
			// undefined falls back to the configured SMTP settings
			await sendMail(db, m, options.mail);
		} catch (caught) {
			console.error(`[notify] ${m.kind} to person ${m.personId} could not be queued:`, caught);
		}
	}
}

/** Current position on the waitlist (1 = next to move up), counting only people still waiting. */
async function waitlistPosition(db: Db, sessionId: number, waitlistSeq: number | null): Promise<number> {
	if (waitlistSeq === null) return 1;
	return Math.max(1, await countWaitlistedUpTo(db, sessionId, waitlistSeq));
}

/**
 * The people who approve for someone in `unitId`: every manager of the unit or one of its
 * ancestors. When no manager covers the unit, the programme office is asked instead.
 */
export async function approversFor(
	db: Db,
	programmeId: number,
	unitId: number | null,
	exceptPersonId?: number
): Promise<Recipient[]> {
	const unitIds = unitId === null ? [] : (await unitAncestry(db, unitId)).map((u) => u.id);
	let managers: Recipient[] = [];
	if (unitIds.length > 0) managers = await roleHolders(db, programmeId, 'manager', unitIds);
	const others = managers.filter((m) => m.id !== exceptPersonId);
	if (others.length > 0) return others;
	return (await roleHolders(db, programmeId, 'office')).filter((m) => m.id !== exceptPersonId);
}

/**
 * Tells the people concerned what happened to a registration: the participant for every event,
 * the managers of their unit chain for `approval_needed` (with a link to /approvals). Confirmed
 * seats (`confirmed`, `promoted`, `approved` into a seat) carry a METHOD:REQUEST invitation,
 * `cancelled` a METHOD:CANCEL when the person had a seat. Never throws.
 */
export async function notifyRegistration(
	db: Db,
	registrationId: number,
	event: RegistrationEvent,
	options: NotifyOptions = {}
): Promise<void> {
	try {
		await sendNow(db, options, await composeRegistration(db, registrationId, event, options));
	} catch (caught) {
		console.error(`[notify] registration ${registrationId} (${event}) failed:`, caught);
	}
}

/** The messages of a registration event (all approvers, or only `recipientId`); throws on failure. */
export async function composeRegistration(
	db: Db,
	registrationId: number,
	event: RegistrationEvent,
	options: NotifyOptions = {},
	recipientId?: number
): Promise<MailMessage[]> {
	const out: MailMessage[] = [];
	{
		const registration = await loadRegistration(db, registrationId);
		if (!registration) return out;
		const session = await loadCalendarSession(db, registration.sessionId);
		if (!session) return out;
		const origin = (options.origin ?? appOrigin()).replace(/\/+$/, '');
		const person: Recipient = {
			id: registration.personId,
			name: registration.name,
			email: registration.email,
			locale: registration.locale
		};
		const title = sessionSummary(session);
		const organizer = options.mail?.from;

		if (event === 'approval_needed') {
			const approvers = await approversFor(db, session.programmeId, registration.unitId, person.id);
			for (const approver of approvers) {
				if (recipientId !== undefined && approver.id !== recipientId) continue;
				const locale = localeFor(approver, session);
				const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
				const mail = render(locale, origin, {
					subject: t('notify.approvalNeeded.subject', { person: person.name, title }),
					greetingName: approver.name,
					paragraphs: [t('notify.approvalNeeded.intro', { person: person.name, title })],
					session,
					action: { label: t('notify.approvalNeeded.action'), url: `${origin}/approvals` }
				});
				out.push(
					message({
						kind: 'registration.approval_needed',
						to: approver,
						programmeId: session.programmeId,
						mail
					})
				);
			}
			return out;
		}

		if (registration.deactivatedAt) return out;
		const locale = localeFor(person, session);
		const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
		const paragraphs: string[] = [];
		let subject: string;
		let method: 'REQUEST' | 'CANCEL' | null = null;
		const status: RegistrationStatus = registration.status;
		switch (event) {
			case 'requested':
				subject = t('notify.requested.subject', { title });
				paragraphs.push(t('notify.requested.intro', { title }));
				break;
			case 'approved':
				subject = t('notify.approved.subject', { title });
				paragraphs.push(t('notify.approved.intro', { title }));
				if (status === 'confirmed') {
					paragraphs.push(t('notify.approved.confirmed'));
					method = 'REQUEST';
				} else if (status === 'waitlisted') {
					const position = await waitlistPosition(db, session.id, registration.waitlistSeq);
					paragraphs.push(t('notify.approved.waitlisted', { position }));
				}
				break;
			case 'declined':
				subject = t('notify.declined.subject', { title });
				paragraphs.push(t('notify.declined.intro', { title }));
				if (registration.declineReason?.trim())
					paragraphs.push(t('notify.declined.reason', { reason: registration.declineReason.trim() }));
				break;
			case 'confirmed':
				subject = t('notify.confirmed.subject', { title });
				paragraphs.push(t('notify.confirmed.intro', { title }));
				method = 'REQUEST';
				break;
			case 'waitlisted': {
				const position = await waitlistPosition(db, session.id, registration.waitlistSeq);
				subject = t('notify.waitlisted.subject', { title });
				paragraphs.push(t('notify.waitlisted.intro', { title, position }));
				break;
			}
			case 'promoted':
				subject = t('notify.promoted.subject', { title });
				paragraphs.push(t('notify.promoted.intro', { title }));
				method = 'REQUEST';
				break;
			case 'cancelled':
				subject = t('notify.cancelled.subject', { title });
				paragraphs.push(t('notify.cancelled.intro', { title }));
				// Only someone who had a seat has the session in their calendar to remove.
				if (registration.confirmedAt) method = 'CANCEL';
				break;
		}
		const mail = render(locale, origin, {
			subject,
			greetingName: person.name,
			paragraphs,
			session,
			...(method
				? { footer: [t(method === 'CANCEL' ? 'notify.calendarCancelAttached' : 'notify.calendarAttached')] }
				: {})
		});
		out.push(
			message({
				kind: `registration.${event}`,
				to: person,
				programmeId: session.programmeId,
				mail,
				...(method ? { attachments: [invitationAttachment(session, origin, method, person, organizer)] } : {})
			})
		);
	}
	return out;
}

function describeChange(locale: Locale, session: CalendarSession, change: SessionChange): string {
	const label = translate(locale, `notify.field.${change.field}`);
	const show = (value: string | null) =>
		value === null || value === ''
			? '—'
			: change.field === 'startsAt' || change.field === 'endsAt'
				? formatShortDate(locale, value, session.timeZone)
				: value;
	return `${label}: ${show(change.before)} → ${show(change.after)}`;
}

/**
 * Tells everyone confirmed, waitlisted or waiting for approval that the session changed (what
 * changed, when the catalogue passes `changes`, and the current details). Confirmed people get
 * a METHOD:REQUEST invitation with the new SEQUENCE, which updates their calendar entry.
 */
export async function notifySessionChanged(
	db: Db,
	sessionId: number,
	options: NotifyOptions & { changes?: readonly SessionChange[] } = {}
): Promise<void> {
	try {
		await sendNow(db, options, await composeSessionChanged(db, sessionId, options));
	} catch (caught) {
		console.error(`[notify] session ${sessionId} changed: notification failed:`, caught);
	}
}

/** The messages of `notifySessionChanged` (everyone, or only `recipientId`); throws on failure. */
export async function composeSessionChanged(
	db: Db,
	sessionId: number,
	options: NotifyOptions & { changes?: readonly SessionChange[] } = {},
	recipientId?: number
): Promise<MailMessage[]> {
	const out: MailMessage[] = [];
	{
		const session = await loadCalendarSession(db, sessionId);
		if (!session) return out;
		const origin = (options.origin ?? appOrigin()).replace(/\/+$/, '');
		const title = sessionSummary(session);
		for (const person of await registeredPeople(db, sessionId, ['confirmed', 'waitlisted', 'requested'])) {
			if (recipientId !== undefined && person.id !== recipientId) continue;
			const locale = localeFor(person, session);
			const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
			const withCalendar = person.status === 'confirmed';
			const changes = (options.changes ?? []).map((c) => describeChange(locale, session, c));
			const mail = render(locale, origin, {
				subject: t('notify.sessionChanged.subject', { title }),
				greetingName: person.name,
				paragraphs: [t('notify.sessionChanged.intro', { title })],
				...(changes.length > 0
					? { list: { heading: t('notify.sessionChanged.changes'), items: changes } }
					: {}),
				session,
				footer: [
					...(changes.length === 0 ? [t('notify.sessionChanged.current')] : []),
					...(withCalendar ? [t('notify.sessionChanged.calendar')] : [])
				]
			});
			out.push(
				message({
					kind: 'session.changed',
					to: person,
					programmeId: session.programmeId,
					mail,
					...(withCalendar
						? { attachments: [invitationAttachment(session, origin, 'REQUEST', person, options.mail?.from)] }
						: {})
				})
			);
		}
	}
	return out;
}

/**
 * Tells everyone registered (requested, confirmed, waitlisted) that the session is cancelled;
 * confirmed people get a METHOD:CANCEL that removes the entry from their calendar.
 */
export async function notifySessionCancelled(
	db: Db,
	sessionId: number,
	options: NotifyOptions = {}
): Promise<void> {
	try {
		await sendNow(db, options, await composeSessionCancelled(db, sessionId, options));
	} catch (caught) {
		console.error(`[notify] session ${sessionId} cancelled: notification failed:`, caught);
	}
}

/** The messages of `notifySessionCancelled` (everyone, or only `recipientId`); throws on failure. */
export async function composeSessionCancelled(
	db: Db,
	sessionId: number,
	options: NotifyOptions = {},
	recipientId?: number
): Promise<MailMessage[]> {
	const out: MailMessage[] = [];
	{
		const session = await loadCalendarSession(db, sessionId);
		if (!session) return out;
		const origin = (options.origin ?? appOrigin()).replace(/\/+$/, '');
		const title = sessionSummary(session);
		for (const person of await registeredPeople(db, sessionId, ['confirmed', 'waitlisted', 'requested'])) {
			if (recipientId !== undefined && person.id !== recipientId) continue;
			const locale = localeFor(person, session);
			const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
			const withCalendar = person.status === 'confirmed';
			const paragraphs = [t('notify.sessionCancelled.intro', { title })];
			if (session.cancelReason?.trim())
				paragraphs.push(t('notify.sessionCancelled.reason', { reason: session.cancelReason.trim() }));
			const mail = render(locale, origin, {
				subject: t('notify.sessionCancelled.subject', { title }),
				greetingName: person.name,
				paragraphs,
				session,
				...(withCalendar ? { footer: [t('notify.calendarCancelAttached')] } : {})
			});
			out.push(
				message({
					kind: 'session.cancelled',
					to: person,
					programmeId: session.programmeId,
					mail,
					...(withCalendar
						? { attachments: [invitationAttachment(session, origin, 'CANCEL', person, options.mail?.from)] }
						: {})
				})
			);
		}
	}
	return out;
}

/** The reminder before a session (sent by `reminders.ts`, which decides who is due). Never throws. */
export async function sendReminder(
	db: Db,
	registrationId: number,
	options: NotifyOptions = {}
): Promise<void> {
	try {
		await sendNow(db, options, await composeReminder(db, registrationId, options));
	} catch (caught) {
		console.error(`[notify] reminder for registration ${registrationId} failed:`, caught);
	}
}

/** The reminder's message (none when the person or session is gone); throws on failure. */
export async function composeReminder(
	db: Db,
	registrationId: number,
	options: NotifyOptions = {}
): Promise<MailMessage[]> {
	const out: MailMessage[] = [];
	{
		const registration = await loadRegistration(db, registrationId);
		if (!registration || registration.deactivatedAt) return out;
		const session = await loadCalendarSession(db, registration.sessionId);
		if (!session) return out;
		const origin = (options.origin ?? appOrigin()).replace(/\/+$/, '');
		const person: Recipient = {
			id: registration.personId,
			name: registration.name,
			email: registration.email,
			locale: registration.locale
		};
		const locale = localeFor(person, session);
		const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
		const title = sessionSummary(session);
		const mail = render(locale, origin, {
			subject: t('notify.reminder.subject', {
				title,
				date: formatShortDate(locale, session.startsAt, session.timeZone)
			}),
			greetingName: person.name,
			paragraphs: [t('notify.reminder.intro', { title })],
			session,
			action: { label: t('notify.reminder.cancel'), url: `${origin}/my` }
		});
		out.push(message({ kind: 'registration.reminder', to: person, programmeId: session.programmeId, mail }));
	}
	return out;
}

// ---- the outbox worker renders these (queued by the services in their transactions)

/** What a queued registration message holds: ids only, rendered by the worker. */
export type NotificationPayload =
	| { registrationId: number; event: RegistrationEvent | 'reminder'; recipientId?: number }
	/** A new arrival (confirmed or waitlisted, queued before the seat was decided). */
	| { sessionId: number; personId: number; event: 'arrival'; recipientId?: number }
	| { sessionId: number; event: 'session.changed'; changes?: SessionChange[]; recipientId?: number }
	| { sessionId: number; event: 'session.cancelled'; recipientId?: number };

/** The outbox kind of a payload (the kinds the office sees, translated, on /outbox). */
export function notificationKind(payload: NotificationPayload): string {
	return payload.event.startsWith('session.') ? payload.event : `registration.${payload.event}`;
}

/** An arrival's event as the registration says when the mail is sent; null when gone or neither. */
async function arrivalEvent(
	db: Db,
	sessionId: number,
	personId: number
): Promise<{ id: number; event: 'confirmed' | 'waitlisted' } | null> {
	const row = await findRegistrationOf(db, sessionId, personId);
	if (!row || (row.status !== 'confirmed' && row.status !== 'waitlisted')) return null;
	return { id: row.id, event: row.status };
}

export const NOTIFICATION_KINDS = [
	'registration.requested',
	'registration.approval_needed',
	'registration.approved',
	'registration.declined',
	'registration.confirmed',
	'registration.waitlisted',
	'registration.promoted',
	'registration.cancelled',
	'registration.reminder',
	'registration.arrival',
	'session.changed',
	'session.cancelled'
] as const;

/**
 * Renders one queued notification at send time, with the registration's state then: several
 * recipients (approvers, everyone registered) become one row each; a registration or person
 * gone means there is nothing to send.
 */
export async function renderNotification(
	db: Db,
	payload: NotificationPayload,
	options: NotifyOptions = {}
): Promise<RenderOutcome> {
	if (payload.event === 'arrival') {
		const arrival = await arrivalEvent(db, payload.sessionId, payload.personId);
		if (!arrival) return { skip: 'no seat or waitlist place any more' };
		const [message] = await composeRegistration(db, arrival.id, arrival.event, options);
		return message ? { message } : { skip: 'nothing to send' };
	}
	const messages =
		'sessionId' in payload
			? payload.event === 'session.changed'
				? await composeSessionChanged(
						db,
						payload.sessionId,
						{ ...options, ...(payload.changes ? { changes: payload.changes } : {}) },
						payload.recipientId
					)
				: await composeSessionCancelled(db, payload.sessionId, options, payload.recipientId)
			: payload.event === 'reminder'
				? await composeReminder(db, payload.registrationId, options)
				: await composeRegistration(db, payload.registrationId, payload.event, options, payload.recipientId);
	if (messages.length === 0) return { skip: 'nothing to send' };
	if (messages.length === 1 || payload.recipientId !== undefined) return { message: messages[0]! };
	return {
		expand: messages.map((m) => ({
			payload: { ...payload, recipientId: m.personId },
			personId: m.personId ?? null
		}))
	};
}

registerMailRenderer(NOTIFICATION_KINDS, (db, payload, context) =>
	renderNotification(db, payload as NotificationPayload, {
		...(context.origin ? { origin: context.origin } : {}),
		...(context.from ? { mail: { from: context.from } } : {})
	})
);

/** A queued notification for `queueMail`. */
export function queuedNotification(
	payload: NotificationPayload,
	programmeId: number | null,
	personId: number | null = null
): QueuedMessage {
	return { kind: notificationKind(payload), payload, programmeId, personId };
}
