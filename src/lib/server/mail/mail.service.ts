import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';

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
}

export interface SendResult {
	/** The outbox row. */
	id: number;
	sent: boolean;
	error: string | null;
}

/** Mail settings from the environment: `SMTP_URL` (optional) and `MAIL_FROM`. */
export function mailOptionsFromConfig(): MailOptions {
	return { smtpUrl: config().SMTP_URL, from: config().MAIL_FROM };
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
 * `sent_at` or the error. Never throws for a delivery failure: the message stays in the
 * outbox (readable by the programme office) and the failure is logged.
 */
export async function sendMail(
	db: Db,
	message: MailMessage,
	options: MailOptions = mailOptionsFromConfig()
): Promise<SendResult> {
	const row = await db
		.insertInto('outbox')
		.values({
			programmeId: message.programmeId ?? null,
			personId: message.personId ?? null,
			toAddress: message.to,
			subject: message.subject,
			textBody: message.text,
			htmlBody: message.html ?? null,
			kind: message.kind,
			attachments: message.attachments?.length ? JSON.stringify(message.attachments) : null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	if (!options.smtpUrl) return { id: row.id, sent: false, error: null };

	try {
		await transportFor(options.smtpUrl).sendMail({
			from: options.from ?? config().MAIL_FROM,
			to: message.to,
			subject: message.subject,
			text: message.text,
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
		await db.updateTable('outbox').set({ sentAt: nowIso(), error: null }).where('id', '=', row.id).execute();
		return { id: row.id, sent: true, error: null };
	} catch (caught) {
		const error =
			(caught instanceof Error ? caught.message : String(caught)).slice(0, 1000) || 'unknown error';
		console.error(`[mail] delivery of outbox message ${row.id} (${message.kind}) failed: ${error}`);
		await db.updateTable('outbox').set({ error }).where('id', '=', row.id).execute();
		return { id: row.id, sent: false, error };
	}
}

/** Escapes text for the simple HTML versions of messages. */
export function escapeHtml(value: string): string {
	return value.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c
	);
}
