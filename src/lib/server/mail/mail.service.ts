import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import {
	insertOutboxMessage,
	insertQueued,
	markFailed,
	markSent,
	type QueuedMessage
} from './outbox.repository.ts';

/** One message to send. `kind` groups messages in the outbox (e.g. `password-reset`). */
export interface MailMessage {
	to: string;
	subject: string;
	text: string;
	html?: string | null;
	kind: string;
	personId?: number | null;
	programmeId?: number | null;
	/** Files sent with the message (text content, e.g. a calendar invitation). */
	attachments?: MailAttachment[];
	/**
	 * The secrets in this message (the token of a reset or answer link, …). Only the SMTP
	 * delivery carries them: the outbox keeps a copy with each one replaced by `SECRET_MASK`.
	 */
	secrets?: readonly string[];
	/**
	 * Extra headers for the SMTP delivery (e.g. `List-Unsubscribe`, RFC 8058). Delivery only:
	 * the outbox does not keep them, so they may carry a secret link.
	 */
	headers?: Record<string, string>;
}

/**
 * A text attachment. `contentType` may carry parameters, e.g. `text/calendar; method=REQUEST`,
 * which calendar clients need to treat an .ics as an invitation.
 */
export interface MailAttachment {
	filename: string;
	contentType: string;
	content: string;
}

/** Where mail goes: an SMTP URL (`smtp://user:pass@host:587`, `smtps://…`) or none (outbox only). */
export interface MailOptions {
	smtpUrl?: string | undefined;
	from?: string;
	/**
	 * Deliver queued mail right after the commit, in the caller (tests with an SMTP receiver,
	 * `startSmtpReceiver({ asDefault: true })`), instead of leaving it to the background worker.
	 */
	inline?: boolean;
}

export interface SendResult {
	/** The outbox row. */
	id: number;
	sent: boolean;
	error: string | null;
	/** Whether the outbox copy had secrets masked. */
	masked: boolean;
}

let override: MailOptions | undefined;

/**
 * Points every default mail of this process at other settings (tests: an SMTP receiver, as
 * `setDb` does for the database); `undefined` goes back to the configuration.
 */
export function setMailOptions(options: MailOptions | undefined): void {
	override = options;
}

/** Mail settings from the environment: `SMTP_URL` (optional) and `MAIL_FROM`. */
export function mailOptionsFromConfig(): MailOptions {
	return override ?? { smtpUrl: config().SMTP_URL, from: config().MAIL_FROM };
}

/** What the outbox shows in place of a secret. */
export const SECRET_MASK = '••••••••';

const SEGMENT = String.raw`[^\s/?#"'<>\\&]+`;

/**
 * The safety net: the secret part of every token-bearing link and token Klok issues, masked in
 * the outbox copy even when a caller forgot to declare it. Reset links, survey answer links
 * (page and API), calendar feeds, prefixed tokens (`klok_` API tokens, `cal_` feeds).
 */
const SECRET_PATTERNS: readonly RegExp[] = [
	new RegExp(String.raw`(/reset-password/)${SEGMENT}`, 'g'),
	new RegExp(String.raw`(/s/)${SEGMENT}`, 'g'),
	new RegExp(String.raw`(/api/v1/answer/)${SEGMENT}`, 'g'),
	new RegExp(String.raw`(/calendar/)${SEGMENT}(?=\.ics)`, 'g'),
	/(?<![\w-])((?:klok|cal)_)[\w-]{16,}/g
];

/** Replaces the declared secrets (also HTML- or URL-encoded) and every known token pattern. */
function maskText(value: string, secrets: readonly string[]): string {
	let out = value;
	for (const secret of secrets)
		for (const form of new Set([secret, escapeHtml(secret), encodeURIComponent(secret)]))
			out = out.replaceAll(form, SECRET_MASK);
	for (const pattern of SECRET_PATTERNS)
		out = out.replace(pattern, (_, prefix: string) => prefix + SECRET_MASK);
	return out;
}

/** Calendar lines may be folded inside a token: unfold (RFC 5545 §3.1) before masking. */
function maskAttachment(attachment: MailAttachment, secrets: readonly string[]): MailAttachment {
	const content = /^text\/calendar/i.test(attachment.contentType)
		? attachment.content.replace(/\r?\n[ \t]/g, '')
		: attachment.content;
	const masked = maskText(content, secrets);
	return {
		filename: maskText(attachment.filename, secrets),
		contentType: attachment.contentType,
		content: masked === content ? attachment.content : masked
	};
}

/** The copy of a message the outbox may keep: no secret left in subject, text, HTML or attachments. */
export function outboxCopy(message: MailMessage): MailMessage {
	const secrets = [...(message.secrets ?? [])].sort((a, b) => b.length - a.length);
	// A short "secret" would mask ordinary words; it is a caller's mistake, not a secret.
	if (secrets.some((s) => s.length < 8)) throw new Error('mail secrets must be at least 8 characters long');
	const copy: MailMessage = {
		...message,
		subject: maskText(message.subject, secrets),
		text: maskText(message.text, secrets),
		html: message.html ? maskText(message.html, secrets) : message.html
	};
	delete copy.secrets;
	delete copy.headers;
	if (message.attachments) copy.attachments = message.attachments.map((a) => maskAttachment(a, secrets));
	return copy;
}

// One pooled transport per URL, so a busy instance reuses SMTP connections.
const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
	let transport = transports.get(smtpUrl);
	if (!transport) {
		transport = nodemailer.createTransport(smtpUrl);
		transports.set(smtpUrl, transport);
	}
	return transport;
}

/**
 * Writes the message to the outbox, then delivers it by SMTP when configured and records
 * `sent_at` or the error. The outbox keeps a copy without secrets (`outboxCopy`): only the
 * SMTP delivery carries them, so without SMTP a secret link reaches nobody. Never throws for
 * a delivery failure: the message stays in the outbox (readable by the programme office) and
 * the failure is logged.
 */
export async function sendMail(
	db: Db,
	message: MailMessage,
	options: MailOptions = mailOptionsFromConfig()
): Promise<SendResult> {
	const copy = outboxCopy(message);
	const masked =
		copy.subject !== message.subject ||
		copy.text !== message.text ||
		copy.html !== message.html ||
		JSON.stringify(copy.attachments) !== JSON.stringify(message.attachments);
	const id = await insertOutboxMessage(db, {
		programmeId: message.programmeId ?? null,
		personId: message.personId ?? null,
		toAddress: message.to,
		subject: copy.subject,
		textBody: copy.text,
		htmlBody: copy.html ?? null,
		kind: message.kind,
		attachments: copy.attachments?.length ? JSON.stringify(copy.attachments) : null,
		// Sent here and now (not by the worker): `stored` without SMTP, else sent or failed below.
		status: options.smtpUrl ? 'sending' : 'stored'
	});
	if (!options.smtpUrl) {
		if (masked)
			console.warn(
				`[mail] outbox message ${id} (${message.kind}) carries a secret link, which only e-mail delivers: set SMTP_URL`
			);
		return { id: id, sent: false, error: null, masked };
	}

	try {
		await deliverBySmtp(options.smtpUrl, options.from, message);
		await markSent(db, id);
		return { id: id, sent: true, error: null, masked };
	} catch (caught) {
		const error =
			(caught instanceof Error ? caught.message : String(caught)).slice(0, 1000) || 'unknown error';
		console.error(`[mail] delivery of outbox message ${id} (${message.kind}) failed: ${error}`);
		await markFailed(db, id, error);
		return { id: id, sent: false, error, masked };
	}
}

/** Sends one message (with its secrets) over SMTP; throws on failure. */
export async function deliverBySmtp(
	smtpUrl: string,
	from: string | undefined,
	message: MailMessage
): Promise<void> {
	await transportFor(smtpUrl).sendMail({
		from: from ?? config().MAIL_FROM,
		to: message.to,
		subject: message.subject,
		text: message.text,
		headers: { ...message.headers, 'X-Klok-Kind': message.kind },
		...(message.html ? { html: message.html } : {}),
		...(message.attachments?.length
			? {
					attachments: message.attachments.map((a) => ({
						filename: a.filename,
						contentType: a.contentType,
						content: a.content
					}))
				}
			: {})
	});
}

/** Escapes text for the simple HTML versions of messages. */
export function escapeHtml(value: string): string {
	return value.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c
	);
}

// ---- the queue: requests write what to send, the outbox worker (outbox.service.ts) renders and sends

export type { QueuedMessage } from './outbox.repository.ts';

/**
 * Queues messages in the caller's transaction (one insert; nothing rendered, no secret
 * stored): the outbox worker renders each with the renderer registered for its `kind` and
 * sends it after the commit. A rollback takes the messages with it; a crash after the commit
 * loses nothing (the rows wait for the next worker).
 */
export async function queueMail(trx: Db, messages: readonly QueuedMessage[]): Promise<void> {
	await insertQueued(trx, messages);
}

const queueListeners = new Set<() => void>();

/**
 * Tells this process's worker that messages were queued and committed (call after the
 * transaction): it runs at once rather than at its next interval. Cheap, returns at once;
 * with `inline` mail options, or explicit `deliverNow` settings (tests, the CLI), it delivers
 * every due message before returning. Never throws.
 */
export async function wakeOutbox(
	db: Db,
	deliverNow?: { mail?: MailOptions | undefined; origin?: string | undefined }
): Promise<void> {
	if (deliverNow?.mail || mailOptionsFromConfig().inline) {
		try {
			const { runOutbox } = await import('./outbox.service.ts');
			await runOutbox(db, {
				...(deliverNow?.mail ? { mail: deliverNow.mail } : {}),
				...(deliverNow?.origin ? { origin: deliverNow.origin } : {})
			});
		} catch (caught) {
			console.error('[outbox] inline delivery failed:', caught);
		}
		return;
	}
	for (const listener of queueListeners) listener();
}

/** Called by `wakeOutbox` (the in-process worker). */
export function onMailQueued(listener: () => void): () => void {
	queueListeners.add(listener);
	return () => queueListeners.delete(listener);
}

/** Where the worker's links point and who sends (defaults from the configuration). */
export interface RenderContext {
	origin?: string | undefined;
	from?: string | undefined;
}

/**
 * What a renderer makes of one queued row: one message, nothing (the row is obsolete: the
 * registration is gone, the invitation answered), or one row per recipient (`expand`, each
 * payload rendered later on its own, so every recipient's message is sent exactly once).
 */
export type RenderOutcome =
	{ message: MailMessage } | { skip: string } | { expand: { payload: unknown; personId?: number | null }[] };

export type MailRenderer = (db: Db, payload: unknown, context: RenderContext) => Promise<RenderOutcome>;

const renderers = new Map<string, MailRenderer>();

/** Registers the renderer of some kinds of queued message (domains do, at server start). */
export function registerMailRenderer(kinds: readonly string[], renderer: MailRenderer): void {
	for (const kind of kinds) renderers.set(kind, renderer);
}

/** The renderer of a kind, if one is registered. */
export function mailRenderer(kind: string): MailRenderer | undefined {
	return renderers.get(kind);
}
