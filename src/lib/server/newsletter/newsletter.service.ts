import { createHash, randomBytes } from 'node:crypto';
import { formatDate, isLocale, translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';
import { sessionsWithFreeSeats } from '../catalogue/catalogue.service.ts';
import { postsPublishedBetween } from '../posts/posts.service.ts';
import { config } from '../config/config.ts';
import { startPeriodicJob } from '../core/periodic.ts';
import { FieldsRuleError, KeyedRuleError } from '../core/errors.ts';
import { parseInput } from '../core/validation.ts';
import type { Db } from '../db/database.ts';
import type { NewsletterFrequency } from '../db/schema.ts';
import {
	escapeHtml,
	queueMail,
	registerMailRenderer,
	wakeOutbox,
	type RenderOutcome
} from '../mail/mail.service.ts';
import { programmeSummary, programmeSurveySettings } from '../organisation/organisation.service.ts';
import { findAccountOf } from '../people/people.service.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import {
	claimIssue,
	countIssues,
	deliveryPage,
	dueIssueIds,
	findByTokenHash,
	findDelivery,
	findIssue,
	findIssues,
	findSettings,
	findSubscription,
	insertDeliveries,
	insertIssueIfAbsent,
	programmesWithFrequency,
	setRecipientCount,
	setTokenHash,
	updateIssueContent,
	upsertSettings,
	upsertSubscription
} from './newsletter.repository.ts';
import {
	issueQuerySchema,
	settingsInputSchema,
	subscriptionInputSchema,
	tokenSchema
} from './newsletter.schema.ts';

/**
 * The newsletter (issue 13 point 4): a digest e-mail per programme, weekly or monthly as the
 * programme sets, of what other modules register (`registerDigestSection`: upcoming sessions
 * with free seats here; posts and goals register theirs). An issue is prepared as a draft when
 * its period ends, the office previews it, and it goes when the office sends it or its preview
 * time is over. Sending claims the issue with a conditional update and writes one delivery row
 * per recipient (primary key (issue, person)) and their outbox rows in the same transaction,
 * so with several instances each person gets each issue once. Every mail carries
 * `List-Unsubscribe` + `List-Unsubscribe-Post` (RFC 8058) with a per-recipient token of which
 * only the SHA-256 is stored; the token unsubscribes that person from that programme only.
 */

export const NEWSLETTER_KIND = 'newsletter.digest';
/** How long the office has to preview a prepared issue before the periodic job sends it. */
export const PREVIEW_MS = 12 * 60 * 60_000;
export const ISSUE_PAGE_SIZE = 20;

export interface DigestItem {
	title: string;
	/** A path on the site (`/catalogue/sessions/1`). */
	path: string;
	date?: string | null;
	/** Free seats (sessions). */
	seats?: number | null;
}

export interface DigestSectionContent {
	id: string;
	title: MessageKey;
	items: DigestItem[];
}

export interface DigestContent {
	sections: DigestSectionContent[];
}

export interface DigestSection {
	id: string;
	title: MessageKey;
	/** Sections are shown in this order (ascending). */
	order: number;
	/** What the section holds for the period (ISO instants, `to` exclusive); at most a few items. */
	collect(db: Db, programmeId: number, period: { from: string; to: string }): Promise<DigestItem[]>;
}

const sections = new Map<string, DigestSection>();

/** Adds a section to every digest (posts, goals that changed status, …); registering an id again replaces it. */
export function registerDigestSection(section: DigestSection): void {
	sections.set(section.id, section);
}

const DAY = 24 * 60 * 60_000;

registerDigestSection({
	id: 'sessions',
	title: 'newsletter.section.sessions',
	order: 20,
	async collect(db, programmeId, period) {
		const from = new Date(Math.max(Date.now(), Date.parse(period.to))).toISOString();
		const to = new Date(Date.parse(from) + 31 * DAY).toISOString();
		const rows = await sessionsWithFreeSeats(db, programmeId, from, to, 10);
		return rows.map((s) => ({
			title: s.title,
			path: `/catalogue/sessions/${s.id}`,
			date: s.startsAt,
			seats: s.freeSeats
		}));
	}
});

registerDigestSection({
	id: 'posts',
	title: 'newsletter.section.posts',
	order: 10,
	async collect(db, programmeId, period) {
		const rows = await postsPublishedBetween(db, programmeId, period.from, period.to, 10);
		return rows.map((p) => ({ title: p.title, path: `/posts/${p.id}`, date: p.publishAt }));
	}
});

// ---- periods

/** The period of `frequency` that contains `at`: its key and [start, end) in UTC. */
export function periodOf(frequency: 'weekly' | 'monthly', at: Date) {
	if (frequency === 'monthly') {
		const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
		const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
		return { key: start.toISOString().slice(0, 7), start: start.toISOString(), end: end.toISOString() };
	}
	const day = (at.getUTCDay() + 6) % 7; // Monday = 0
	const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - day));
	const end = new Date(start.getTime() + 7 * DAY);
	// ISO week number: the week's Thursday decides the year.
	const thursday = new Date(start.getTime() + 3 * DAY);
	const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
	const week = Math.floor((thursday.getTime() - yearStart) / (7 * DAY)) + 1;
	return {
		key: `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`,
		start: start.toISOString(),
		end: end.toISOString()
	};
}

/** The last period that has ended by `now`. */
export function lastCompletedPeriod(frequency: 'weekly' | 'monthly', now: Date) {
	const current = periodOf(frequency, now);
	return periodOf(frequency, new Date(Date.parse(current.start) - 1));
}

async function collectContent(
	db: Db,
	programmeId: number,
	period: { from: string; to: string }
): Promise<DigestContent> {
	const ordered = [...sections.values()].sort((a, b) => a.order - b.order);
	const out: DigestSectionContent[] = [];
	for (const section of ordered) {
		const items = await section.collect(db, programmeId, period);
		out.push({ id: section.id, title: section.title, items: items.slice(0, 20) });
	}
	return { sections: out };
}

/**
 * Prepares the draft of the last completed period of the programme's frequency (once: the
 * (programme, period) key is unique). Null when the newsletter is off.
 */
export async function prepareIssue(
	db: Db,
	programmeId: number,
	now: Date = new Date(),
	frequencyOverride?: 'weekly' | 'monthly'
): Promise<number | null> {
	const settings = await findSettings(db, programmeId);
	const frequency = frequencyOverride ?? settings?.frequency ?? 'off';
	if (frequency === 'off') return null;
	const period = lastCompletedPeriod(frequency, now);
	const content = await collectContent(db, programmeId, { from: period.start, to: period.end });
	const { id } = await insertIssueIfAbsent(db, {
		programmeId,
		periodKey: period.key,
		periodStart: period.start,
		periodEnd: period.end,
		content: JSON.stringify(content),
		scheduledFor: new Date(now.getTime() + PREVIEW_MS).toISOString()
	});
	return id;
}

/**
 * Sends an issue: whichever caller claims the draft (one conditional update) writes the
 * deliveries and the outbox rows in the same transaction; everyone else gets 0. Returns how
 * many recipients this call queued.
 */
export async function sendIssue(db: Db, issueId: number, now: Date = new Date()): Promise<number> {
	const queued = await db.transaction().execute(async (trx) => {
		// The claim is the transaction's first statement: on SQLite a write after a read could not
		// take the lock while another instance writes.
		if (!(await claimIssue(trx, issueId, now.toISOString()))) return 0;
		const issue = (await findIssue(trx, issueId))!;
		const count = await insertDeliveries(trx, issueId, issue.programmeId);
		let after = 0;
		for (;;) {
			const personIds = await deliveryPage(trx, issueId, after, 1000);
			if (personIds.length === 0) break;
			await queueMail(
				trx,
				personIds.map((personId) => ({
					kind: NEWSLETTER_KIND,
					payload: { issueId, personId },
					programmeId: issue.programmeId,
					personId
				}))
			);
			after = personIds[personIds.length - 1]!;
		}
		await setRecipientCount(trx, issueId, count);
		return count;
	});
	if (queued > 0) await wakeOutbox(db);
	return queued;
}

/**
 * The periodic job: prepares the drafts of programmes whose period ended and sends drafts whose
 * preview time is over. Safe with several instances (both steps are claimed in SQL).
 */
export async function runNewsletters(db: Db, now: Date = new Date()): Promise<string | null> {
	let prepared = 0;
	for (const frequency of ['weekly', 'monthly'] as const)
		for (const programmeId of await programmesWithFrequency(db, frequency))
			if ((await prepareIssue(db, programmeId, now)) !== null) prepared++;
	let sent = 0;
	for (const id of await dueIssueIds(db, now.toISOString())) sent += await sendIssue(db, id, now);
	return sent > 0 ? `${sent} digests queued (${prepared} programmes checked)` : null;
}

/** Starts the hourly newsletter job in this process. */
export function startNewsletterTimer(getDb: () => Db): () => void {
	return startPeriodicJob('newsletter', () => runNewsletters(getDb()), {
		intervalMs: 60 * 60_000,
		firstDelayMs: 60_000
	});
}

// ---- rendering

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function origin(context: { origin?: string | undefined }): string {
	return (context.origin ?? config().ORIGIN ?? 'http://localhost:5173').replace(/\/+$/, '');
}

function periodLabel(locale: Locale, issue: { periodKey: string; periodStart: string }): string {
	return /W/.test(issue.periodKey)
		? translate(locale, 'newsletter.period.week', {
				week: issue.periodKey.split('W')[1]!,
				year: issue.periodKey.slice(0, 4)
			})
		: new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale === 'nb' ? 'nb-NO' : locale, {
				month: 'long',
				year: 'numeric',
				timeZone: 'UTC'
			}).format(new Date(issue.periodStart));
}

/** The digest as e-mail text and HTML (also the office's preview). */
export function renderDigest(
	locale: Locale,
	input: {
		programmeName: string;
		recipientName: string;
		issue: { periodKey: string; periodStart: string };
		content: DigestContent;
		origin: string;
		unsubscribeUrl: string;
	}
) {
	const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
	const period = periodLabel(locale, input.issue);
	const subject = t('newsletter.mail.subject', { programme: input.programmeName, period });
	const text: string[] = [t('newsletter.mail.greeting', { name: input.recipientName }), '', subject, ''];
	const html: string[] = [
		`<p>${escapeHtml(t('newsletter.mail.greeting', { name: input.recipientName }))}</p>`,
		`<h1>${escapeHtml(subject)}</h1>`
	];
	for (const section of input.content.sections) {
		text.push(t(section.title), '');
		html.push(`<h2>${escapeHtml(t(section.title))}</h2>`);
		if (section.items.length === 0) {
			text.push(t('newsletter.mail.nothing'), '');
			html.push(`<p>${escapeHtml(t('newsletter.mail.nothing'))}</p>`);
			continue;
		}
		html.push('<ul>');
		for (const item of section.items) {
			const url = input.origin + item.path;
			const facts = [
				item.date ? formatDate(locale, item.date, { time: true }) : null,
				item.seats != null ? t('newsletter.mail.seats', { count: item.seats }) : null
			]
				.filter(Boolean)
				.join(', ');
			text.push(`- ${item.title}${facts ? ` (${facts})` : ''}`, `  ${url}`);
			html.push(
				`<li><a href="${escapeHtml(url)}">${escapeHtml(item.title)}</a>${facts ? ` (${escapeHtml(facts)})` : ''}</li>`
			);
		}
		html.push('</ul>');
		text.push('');
	}
	text.push(
		'--',
		t('newsletter.mail.why', { programme: input.programmeName }),
		t('newsletter.mail.unsubscribe'),
		input.unsubscribeUrl
	);
	html.push(
		`<hr><p>${escapeHtml(t('newsletter.mail.why', { programme: input.programmeName }))} <a href="${escapeHtml(input.unsubscribeUrl)}">${escapeHtml(t('newsletter.mail.unsubscribe'))}</a></p>`
	);
	return { subject, text: text.join('\n'), html: html.join('\n') };
}

async function programmeFacts(db: Db, programmeId: number) {
	const [summary, settings] = await Promise.all([
		programmeSummary(db, programmeId),
		programmeSurveySettings(db, programmeId)
	]);
	return { name: summary?.name ?? '', defaultLocale: (settings?.defaultLocale ?? 'sv') as Locale };
}

/** Is the person subscribed: their own choice, else the programme's default? */
async function subscribed(db: Db, programmeId: number, personId: number): Promise<boolean> {
	const [own, settings] = await Promise.all([
		findSubscription(db, programmeId, personId),
		findSettings(db, programmeId)
	]);
	if (own) return own.subscribed === 1;
	return (settings?.defaultSubscribed ?? 1) === 1;
}

/** Renders one recipient's digest at send time, minting their unsubscribe token. */
async function renderForRecipient(
	db: Db,
	payload: { issueId: number; personId: number },
	context: { origin?: string | undefined }
): Promise<RenderOutcome> {
	const issue = await findIssue(db, payload.issueId);
	if (!issue || !(await findDelivery(db, payload.issueId, payload.personId))) return { skip: 'no delivery' };
	const person = await findAccountOf(db, payload.personId);
	if (!person || person.deactivatedAt !== null || person.programmeId !== issue.programmeId)
		return { skip: 'recipient gone' };
	// Someone who unsubscribed after the issue was claimed gets nothing more.
	if (!(await subscribed(db, issue.programmeId, person.id))) return { skip: 'unsubscribed' };
	const programme = await programmeFacts(db, issue.programmeId);
	const locale: Locale = isLocale(person.locale) ? person.locale : programme.defaultLocale;
	const token = randomBytes(32).toString('base64url');
	await setTokenHash(db, issue.id, person.id, hashToken(token));
	const base = origin(context);
	const unsubscribeUrl = `${base}/newsletter/unsubscribe/${token}`;
	const mail = renderDigest(locale, {
		programmeName: programme.name,
		recipientName: person.name,
		issue,
		content: JSON.parse(issue.content) as DigestContent,
		origin: base,
		unsubscribeUrl
	});
	return {
		message: {
			to: person.email,
			subject: mail.subject,
			text: mail.text,
			html: mail.html,
			kind: NEWSLETTER_KIND,
			personId: person.id,
			programmeId: issue.programmeId,
			secrets: [token],
			headers: {
				'List-Unsubscribe': `<${unsubscribeUrl}>`,
				'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
			}
		}
	};
}

registerMailRenderer([NEWSLETTER_KIND], (db, payload, context) =>
	renderForRecipient(db, payload as { issueId: number; personId: number }, context)
);

// ---- one-click unsubscribe (no sign-in: the token is the credential)

/**
 * Unsubscribes the person the token was minted for, from that programme's newsletter only.
 * False for an unknown or malformed token (the page says the link is not valid).
 */
export async function unsubscribeByToken(db: Db, token: unknown): Promise<boolean> {
	const parsed = tokenSchema.safeParse(token);
	if (!parsed.success) return false;
	const found = await findByTokenHash(db, hashToken(parsed.data));
	if (!found) return false;
	await upsertSubscription(db, found.programmeId, found.personId, false);
	return true;
}

/** Whether a token is valid (the confirmation page before the POST), without changing anything. */
export async function tokenIsValid(db: Db, token: unknown): Promise<boolean> {
	const parsed = tokenSchema.safeParse(token);
	return parsed.success && (await findByTokenHash(db, hashToken(parsed.data))) !== undefined;
}

// ---- pages and API

const invalid = (e: import('zod').ZodError) => new FieldsRuleError({}, e);

export interface IssueSummary {
	id: number;
	periodKey: string;
	periodStart: string;
	periodEnd: string;
	status: 'draft' | 'sent';
	scheduledFor: string;
	sentAt: string | null;
	recipientCount: number;
}

/** Past issues (members), drafts too for the office. */
export async function listIssues(db: Db, actor: Actor, programmeId: number, query: unknown = {}) {
	authorize(actor, 'read', { type: 'community', programmeId });
	const manage = can(actor, 'manage', { type: 'community', programmeId });
	const { page: asked } = parseInput(issueQuerySchema, query, invalid);
	const total = await countIssues(db, programmeId, !manage);
	const page = Math.min(asked, Math.max(1, Math.ceil(total / ISSUE_PAGE_SIZE)));
	const rows = await findIssues(db, programmeId, !manage, ISSUE_PAGE_SIZE, (page - 1) * ISSUE_PAGE_SIZE);
	return {
		issues: rows.map((r) => ({ ...r, recipientCount: Number(r.recipientCount) }) as IssueSummary),
		total,
		page,
		pageSize: ISSUE_PAGE_SIZE,
		manage
	};
}

/** One issue as the site shows it (a draft only to the office, with its e-mail preview). */
export async function getIssue(db: Db, actor: Actor, id: number, locale: Locale) {
	const issue = await findIssue(db, id);
	if (!issue) throw new AccessDeniedError();
	authorize(actor, 'read', { type: 'community', programmeId: issue.programmeId });
	const manage = can(actor, 'manage', { type: 'community', programmeId: issue.programmeId });
	if (issue.status !== 'sent' && !manage) throw new AccessDeniedError();
	const content = JSON.parse(issue.content) as DigestContent;
	const programme = await programmeFacts(db, issue.programmeId);
	const preview = manage
		? renderDigest(locale, {
				programmeName: programme.name,
				recipientName: actor.name,
				issue,
				content,
				origin: origin({}),
				unsubscribeUrl: origin({}) + '/newsletter/unsubscribe/…'
			})
		: null;
	return {
		issue: {
			id: issue.id,
			programmeId: issue.programmeId,
			periodKey: issue.periodKey,
			period: periodLabel(locale, issue),
			status: issue.status,
			scheduledFor: issue.scheduledFor,
			sentAt: issue.sentAt,
			recipientCount: Number(issue.recipientCount)
		},
		content,
		preview,
		manage
	};
}

/** The office prepares the issue of the last completed period now (to preview it). */
export async function prepareIssueNow(db: Db, actor: Actor, programmeId: number): Promise<number> {
	authorize(actor, 'manage', { type: 'community', programmeId });
	const settings = await findSettings(db, programmeId);
	const id = await prepareIssue(
		db,
		programmeId,
		new Date(),
		settings?.frequency === 'weekly' ? 'weekly' : 'monthly'
	);
	return id!;
}

/** The office refreshes a draft's content (new sessions since it was prepared). */
export async function refreshIssue(db: Db, actor: Actor, id: number): Promise<void> {
	const issue = await findIssue(db, id);
	if (!issue) throw new AccessDeniedError();
	authorize(actor, 'manage', { type: 'community', programmeId: issue.programmeId });
	if (issue.status !== 'draft') throw new KeyedRuleError('newsletter.error.alreadySent', '_form', 409);
	const content = await collectContent(db, issue.programmeId, {
		from: issue.periodStart,
		to: issue.periodEnd
	});
	await updateIssueContent(db, id, JSON.stringify(content));
}

/** The office sends a draft now (after previewing it). */
export async function sendIssueNow(db: Db, actor: Actor, id: number): Promise<number> {
	const issue = await findIssue(db, id);
	if (!issue) throw new AccessDeniedError();
	authorize(actor, 'manage', { type: 'community', programmeId: issue.programmeId });
	if (issue.status !== 'draft') throw new KeyedRuleError('newsletter.error.alreadySent', '_form', 409);
	return sendIssue(db, id);
}

export async function getSettings(db: Db, actor: Actor, programmeId: number) {
	authorize(actor, 'read', { type: 'community', programmeId });
	const s = await findSettings(db, programmeId);
	return {
		frequency: (s?.frequency ?? 'off') as NewsletterFrequency,
		defaultSubscribed: (s?.defaultSubscribed ?? 1) === 1,
		manage: can(actor, 'manage', { type: 'community', programmeId })
	};
}

export async function updateSettings(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<void> {
	authorize(actor, 'manage', { type: 'community', programmeId });
	const values = parseInput(settingsInputSchema, input, invalid);
	await upsertSettings(db, programmeId, values.frequency, values.defaultSubscribed);
}

/** The actor's own choice for their programme's newsletter. */
export async function mySubscription(db: Db, actor: Actor) {
	if (actor.programmeId === null) return null;
	return {
		programmeId: actor.programmeId,
		subscribed: await subscribed(db, actor.programmeId, actor.personId)
	};
}

export async function setMySubscription(db: Db, actor: Actor, input: unknown): Promise<void> {
	if (actor.programmeId === null) throw new AccessDeniedError();
	const { subscribed: value } = parseInput(subscriptionInputSchema, input, invalid);
	await upsertSubscription(db, actor.programmeId, actor.personId, value);
}
