import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as received by the test SMTP server. */
export interface ReceivedMail {
	from: string | null;
	to: string[];
	/** The raw RFC 5322 message (headers and body). */
	raw: string;
}

/**
 * A real SMTP server on a random localhost port, for tests and local experiments: it accepts
 * every message and keeps it in `messages`. Not used by the application itself.
 */
export async function startSmtpReceiver(): Promise<{
	url: string;
	messages: ReceivedMail[];
	close(): Promise<void>;
}> {
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
	return {
		url: `smtp://127.0.0.1:${port}`,
		messages,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** Decodes a quoted-printable body part (what nodemailer uses for non-ASCII text). */
export function decodeQuotedPrintable(raw: string): string {
	const bytes = raw
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
	return Buffer.from(bytes, 'latin1').toString('utf8');
}
