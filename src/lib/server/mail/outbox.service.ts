import type { MessageKey } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { OutboxStatus } from '../db/schema.ts';
import type { Db } from '../db/database.ts';
import { authorize, outboxScope, type Actor } from '../policy/policy.ts';
import {
	claimDue,
	completeClaim,
	countOutbox,
	countUnsent,
	expandClaim,
	findOutboxMessage,
	findOutboxPage,
	type ClaimedRow
} from './outbox.repository.ts';
import {
	deliverBySmtp,
	mailOptionsFromConfig,
	mailRenderer,
	onMailQueued,
	outboxCopy,
	SECRET_MASK,
	type MailOptions,
	type RenderContext
} from './mail.service.ts';
import { nowIso } from '../db/sql.ts';

export const OUTBOX_PAGE_SIZE = 50;

/** The translated label of every kind of message Klok sends (the outbox shows these, not codes). */
const KIND_LABELS: Record<string, MessageKey> = {
	'password-reset': 'mail.kind.password-reset',
	'registration.requested': 'mail.kind.registration.requested',
	'registration.approval_needed': 'mail.kind.registration.approval_needed',
	'registration.approved': 'mail.kind.registration.approved',
	'registration.declined': 'mail.kind.registration.declined',
	'registration.confirmed': 'mail.kind.registration.confirmed',
	'registration.waitlisted': 'mail.kind.registration.waitlisted',
	'registration.promoted': 'mail.kind.registration.promoted',
	'registration.cancelled': 'mail.kind.registration.cancelled',
	'registration.reminder': 'mail.kind.registration.reminder',
	'registration.arrival': 'mail.kind.registration.arrival',
	'session.changed': 'mail.kind.session.changed',
	'session.cancelled': 'mail.kind.session.cancelled',
	'survey-invitation': 'mail.kind.survey-invitation',
	'survey-reminder': 'mail.kind.survey-reminder',
	'cycle.followup': 'mail.kind.cycle.followup',
	'posts.comments': 'outbox.kind.postsComments'
};

const STATUS_LABELS: Record<OutboxStatus, MessageKey> = {
	pending: 'mail.outbox.state.pending',
	sending: 'mail.outbox.state.sending',
	sent: 'mail.outbox.state.sent',
	failed: 'mail.outbox.state.failed',
	stored: 'mail.outbox.state.stored',
	expanded: 'mail.outbox.state.expanded',
	skipped: 'mail.outbox.state.skipped'
};

/** A kind's label key (null for a kind this version does not know: the page shows the code). */
export function outboxKindLabel(kind: string): MessageKey | null {
	return KIND_LABELS[kind] ?? null;
}

/** How a row is shown: its kind and status as translatable keys. */
function presentRow<T extends { kind: string; status: OutboxStatus }>(row: T) {
	return { ...row, kindLabel: outboxKindLabel(row.kind), statusLabel: STATUS_LABELS[row.status] };
}

/**
 * One page of the outbox, newest first; the reading is audited. Throws `AccessDeniedError`
 * without `readOutbox`.
 */
export async function listOutbox(db: Db, actor: Actor, programmeId: number, page = 1) {
	authorize(actor, 'readOutbox', { type: 'programmeAdmin', programmeId });
	const scope = outboxScope(actor, programmeId);
	const total = await countOutbox(db, scope);
	const pages = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
	const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	const rows = await findOutboxPage(db, scope, OUTBOX_PAGE_SIZE, (current - 1) * OUTBOX_PAGE_SIZE);
	await recordAudit(db, {
		programmeId,
		actorId: actor.personId,
		action: 'read',
		entityType: 'outbox',
		entityId: null,
		after: { page: current }
	});
	return { rows: rows.map(presentRow), total, page: current, pages, pageSize: OUTBOX_PAGE_SIZE };
}

/**
 * One message in full (as stored: secrets masked), or null when it does not exist or is outside
 * the reader's scope. Reading a message is audited.
 */
export async function getOutboxMessage(db: Db, actor: Actor, programmeId: number, id: number) {
	authorize(actor, 'readOutbox', { type: 'programmeAdmin', programmeId });
	const row = await findOutboxMessage(db, outboxScope(actor, programmeId), id);
	if (!row) return null;
	await recordAudit(db, {
		programmeId,
		actorId: actor.personId,
		action: 'read',
		entityType: 'outbox',
		entityId: row.id,
		after: { kind: row.kind, toAddress: row.toAddress }
	});
	const secretsMasked = row.textBody.includes(SECRET_MASK) || Boolean(row.attachments?.includes(SECRET_MASK));
	return { ...presentRow(row), secretsMasked };
}

// ---- for home

/** How many of a programme's messages were not delivered by e-mail (the caller checks `readOutbox`). */
export function unsentOutboxCount(db: Db, programmeId: number): Promise<number> {
	return countUnsent(db, programmeId);
}

// ---- the outbox worker

/** Attempts before a message is `failed` (the first try included). */
export const MAX_ATTEMPTS = 6;
/** How long a claimed row belongs to its worker; a crashed worker's rows are retaken after it. */
export const LEASE_MS = 5 * 60_000;
/** The first retry waits this long; each next one twice as long (30 s, 1 min, 2 min, … 16 min). */
export const RETRY_BASE_MS = 30_000;

/** When the `attempts`-th failed attempt is tried again. */
export function nextRetryAt(attempts: number, now: Date = new Date()): string {
	return new Date(now.getTime() + RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1)).toISOString();
}

export interface OutboxRunOptions extends RenderContext {
	/** Where mail goes (defaults to the configuration; without SMTP a message is `stored`). */
	mail?: MailOptions;
	/** Rows claimed at a time. */
	batch?: number;
	/** Messages sent at the same time (SMTP connections are pooled). */
	parallel?: number;
	/** The clock (tests). */
	now?: () => Date;
}

export interface OutboxRunResult {
	sent: number;
	stored: number;
	retried: number;
	failed: number;
	skipped: number;
	expanded: number;
}

function errorText(caught: unknown): string {
	return (caught instanceof Error ? caught.message : String(caught)).slice(0, 1000) || 'unknown error';
}

async function processRow(
	db: Db,
	row: ClaimedRow,
	options: OutboxRunOptions,
	mail: MailOptions,
	result: OutboxRunResult
): Promise<void> {
	const now = (options.now ?? (() => new Date()))();
	const retryOrFail = async (error: string, copy: Record<string, unknown> = {}) => {
		const failed = row.attempts >= MAX_ATTEMPTS;
		console.error(
			`[outbox] message ${row.id} (${row.kind}) attempt ${row.attempts} failed${failed ? ' for good' : ''}: ${error}`
		);
		await completeClaim(db, row, {
			...copy,
			status: failed ? 'failed' : 'pending',
			error,
			nextAttemptAt: failed ? null : nextRetryAt(row.attempts, now)
		});
		result[failed ? 'failed' : 'retried']++;
	};
	const render = mailRenderer(row.kind);
	if (!render || row.payload === null) return retryOrFail(`no renderer for ${row.kind}`);
	let outcome;
	try {
		outcome = await render(db, JSON.parse(row.payload), {
			origin: options.origin,
			from: options.from ?? mail.from
		});
	} catch (caught) {
		return retryOrFail(errorText(caught));
	}
	if ('skip' in outcome) {
		await completeClaim(db, row, { status: 'skipped', error: outcome.skip, nextAttemptAt: null });
		result.skipped++;
		return;
	}
	if ('expand' in outcome) {
		const children = outcome.expand.map((child) => ({
			kind: row.kind,
			payload: child.payload,
			programmeId: row.programmeId,
			personId: child.personId ?? null
		}));
		if (await expandClaim(db, row, children)) result.expanded++;
		return;
	}
	const message = outcome.message;
	// What the office may read: the rendered message with every secret masked.
	const masked = outboxCopy(message);
	const copy = {
		// The rendered kind (an arrival becomes `registration.confirmed` or `.waitlisted`).
		kind: message.kind,
		toAddress: message.to,
		subject: masked.subject,
		textBody: masked.text,
		htmlBody: masked.html ?? null,
		attachments: masked.attachments?.length ? JSON.stringify(masked.attachments) : null,
		personId: message.personId ?? row.personId,
		programmeId: message.programmeId ?? row.programmeId
	};
	if (!mail.smtpUrl) {
		await completeClaim(db, row, { ...copy, status: 'stored', error: null, nextAttemptAt: null });
		result.stored++;
		return;
	}
	try {
		await deliverBySmtp(mail.smtpUrl, mail.from, message);
	} catch (caught) {
		return retryOrFail(errorText(caught), copy);
	}
	await completeClaim(db, row, {
		...copy,
		status: 'sent',
		sentAt: nowIso(),
		error: null,
		nextAttemptAt: null
	});
	result.sent++;
}

/**
 * Sends every due queued message, claiming `batch` rows at a time until none is due: renders
 * each (secrets minted and rendered here only), sends it over SMTP, records `sent`; a failure
 * is retried with exponential backoff, then `failed` after MAX_ATTEMPTS. Safe with any number
 * of workers on the same database: each row is claimed by one of them (see `claimDue`).
 */
export async function runOutbox(db: Db, options: OutboxRunOptions = {}): Promise<OutboxRunResult> {
	const mail = options.mail ?? mailOptionsFromConfig();
	const batch = options.batch ?? 50;
	const parallel = Math.max(1, options.parallel ?? 8);
	const clock = options.now ?? (() => new Date());
	const result: OutboxRunResult = { sent: 0, stored: 0, retried: 0, failed: 0, skipped: 0, expanded: 0 };
	for (;;) {
		const now = clock();
		const rows = await claimDue(
			db,
			now.toISOString(),
			new Date(now.getTime() + LEASE_MS).toISOString(),
			batch
		);
		if (rows.length === 0) return result;
		for (let i = 0; i < rows.length; i += parallel)
			await Promise.all(rows.slice(i, i + parallel).map((row) => processRow(db, row, options, mail, result)));
	}
}

/** Summary line of a run ("" when nothing happened). */
export function describeRun(r: OutboxRunResult): string {
	const parts = Object.entries(r)
		.filter(([, n]) => n > 0)
		.map(([k, n]) => `${n} ${k}`);
	return parts.join(', ');
}

/**
 * Runs the worker in this process: every `intervalMs`, and soon after a message is queued
 * here. Never two runs at once (a queue during a run starts another after it). `KLOK_OUTBOX=off`
 * disables it (run `klok outbox run` elsewhere). Returns a function that stops it.
 */
export function startOutboxWorker(
	getDb: () => Db,
	{ intervalMs = 5_000, options = {} }: { intervalMs?: number; options?: OutboxRunOptions } = {}
): () => void {
	if (process.env.KLOK_OUTBOX === 'off') return () => {};
	let running = false;
	let again = false;
	let stopped = false;
	const run = async () => {
		if (stopped) return;
		if (running) {
			again = true;
			return;
		}
		running = true;
		try {
			do {
				again = false;
				const done = describeRun(await runOutbox(getDb(), options));
				if (done) console.log(`[outbox] ${done}`);
			} while (again && !stopped);
		} catch (caught) {
			console.error('[outbox] run failed:', caught);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(run, intervalMs);
	timer.unref();
	const first = setTimeout(run, 500);
	first.unref();
	const unsubscribe = onMailQueued(() => setImmediate(run));
	return () => {
		stopped = true;
		clearInterval(timer);
		clearTimeout(first);
		unsubscribe();
	};
}
