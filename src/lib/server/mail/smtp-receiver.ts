import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { setMailOptions, type MailOptions } from './mail.service.ts';

/** A message as received by the test SMTP server. */
export interface ReceivedMail {
	from: string | null;
	to: string[];
	/** The raw RFC 5322 message (headers and body). */
	raw: string;
}

export interface SmtpReceiver {
	url: string;
	/** Mail options that deliver here: pass as `mail`, or to `setMailOptions` for the app's default. */
	mailOptions: MailOptions;
	messages: ReceivedMail[];
	close(): Promise<void>;
}

/**
 * A real SMTP server on a random localhost port, for tests and local experiments: it accepts
 * every message and keeps it in `messages`. `asDefault` also makes it where this process's
 * mail goes by default (`setMailOptions`) until `close`. Not used by the application itself.
 */
export async function startSmtpReceiver(options: { asDefault?: boolean } = {}): Promise<SmtpReceiver> {
	const messages: ReceivedMail[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const from = session.envelope.mailFrom;
				messages.push({
					from: from ? from.address : null,
					to: session.envelope.rcptTo.map((r) => r.address),
					raw: Buffer.concat(chunks).toString('utf8')
				});
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.server.address() as AddressInfo;
	const url = `smtp://127.0.0.1:${port}`;
	const mailOptions: MailOptions = { smtpUrl: url, from: 'Klok <klok@example.org>' };
	// As the default, queued mail is delivered right after each commit (no worker to wait for).
	if (options.asDefault) setMailOptions({ ...mailOptions, inline: true });
	return {
		url,
		mailOptions,
		messages,
		close: () =>
			new Promise<void>((resolve) => {
				if (options.asDefault) setMailOptions(undefined);
				server.close(() => resolve());
			})
	};
}

/** Decodes a quoted-printable body part (what nodemailer uses for non-ASCII text). */
export function decodeQuotedPrintable(raw: string): string {
	const bytes = raw
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
	return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** One leaf part of a received MIME message, decoded. */
export interface MimePart {
	headers: Record<string, string>;
	contentType: string;
	body: string;
}

function parseHeaders(block: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
	switch ((encoding ?? '').toLowerCase()) {
		case 'base64':
			return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
		case 'quoted-printable':
			return decodeQuotedPrintable(body);
		default:
			return body;
	}
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=) in a header value. */
export function decodeHeader(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
			kind.toLowerCase() === 'b'
				? Buffer.from(text, 'base64').toString('utf8')
				: decodeBody(text.replace(/_/g, ' '), 'quoted-printable')
		);
}

/** A received message: its decoded headers and leaf parts (text, html, attachments). */
export function parseMime(raw: string): { headers: Record<string, string>; parts: MimePart[] } {
	const crlf = raw.replace(/\r?\n/g, '\r\n');
	const split = crlf.indexOf('\r\n\r\n');
	const headers = parseHeaders(crlf.slice(0, split));
	const parts: MimePart[] = [];
	const walk = (partHeaders: Record<string, string>, body: string) => {
		const contentType = partHeaders['content-type'] ?? 'text/plain';
		const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
		if (/^multipart\//i.test(contentType) && boundary) {
			const sections = body.split(`--${boundary}`).slice(1);
			for (const section of sections) {
				if (section.startsWith('--')) break;
				const at = section.indexOf('\r\n\r\n');
				walk(parseHeaders(section.slice(2, at)), section.slice(at + 4).replace(/\r\n$/, ''));
			}
			return;
		}
		parts.push({
			headers: partHeaders,
			contentType,
			body: decodeBody(body, partHeaders['content-transfer-encoding'])
		});
	};
	walk(headers, crlf.slice(split + 4));
	return { headers, parts };
}

/** A received message decoded: subject, Klok's kind (`X-Klok-Kind`), text, HTML and the other parts. */
export interface DecodedMail {
	to: string[];
	subject: string;
	kind: string | null;
	text: string;
	html: string;
	/** Every leaf part that is neither the text nor the HTML version (e.g. an .ics invitation). */
	attachments: MimePart[];
}

export function decodeMail(mail: ReceivedMail): DecodedMail {
	const mime = parseMime(mail.raw);
	const text = mime.parts.find((p) => p.contentType.startsWith('text/plain'));
	const html = mime.parts.find((p) => p.contentType.startsWith('text/html'));
	return {
		to: mail.to,
		subject: decodeHeader(mime.headers.subject ?? ''),
		kind: mime.headers['x-klok-kind'] ?? null,
		text: text?.body ?? '',
		html: html?.body ?? '',
		attachments: mime.parts.filter((p) => p !== text && p !== html)
	};
}

/**
 * The newest link mailed to `to` whose path matches `path`, e.g.
 * `(await mailedLink(receiver, email, /^\/s\/([\w-]+)$/)).match[1]` is a survey token. Only
 * messages of `kind` count when given. Waits up to `timeoutMs` (a server sends in the
 * background); throws when no such link arrives.
 */
export async function mailedLink(
	receiver: Pick<SmtpReceiver, 'messages'>,
	to: string,
	path: RegExp,
	options: { kind?: string; timeoutMs?: number } = {}
): Promise<{ url: string; match: RegExpExecArray }> {
	const address = to.toLowerCase();
	const deadline = Date.now() + (options.timeoutMs ?? 2_000);
	for (;;) {
		for (const mail of [...receiver.messages].reverse()) {
			if (!mail.to.some((r) => r.toLowerCase() === address)) continue;
			const decoded = decodeMail(mail);
			if (options.kind && decoded.kind !== options.kind) continue;
			for (const url of (decoded.text || decoded.html).match(/https?:\/\/[^\s<>"]+/g) ?? []) {
				const match = path.exec(new URL(url).pathname);
				if (match) return { url, match };
			}
		}
		if (Date.now() > deadline)
			throw new Error(`no mail to ${to}${options.kind ? ` (${options.kind})` : ''} with a link to ${path}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
