import type { RequestEvent } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '../db/index.ts';
import { AccessDeniedError } from '../policy/policy.ts';
import { recordingFile } from '../recordings/recordings.service.ts';

/** Largest slice one response carries; players ask again for the rest. */
const MAX_CHUNK = 4 * 1024 * 1024;

/**
 * `bytes=a-b`, `bytes=a-` or `bytes=-n` (one range; several are answered with the first)
 * against `size`: the inclusive [start, end], 'unsatisfiable', or null for no/unusable header.
 */
export function parseRange(
	header: string | null,
	size: number
): { start: number; end: number } | 'unsatisfiable' | null {
	if (!header) return null;
	const m = /^bytes=(\d*)-(\d*)(?:,.*)?$/.exec(header.trim());
	if (!m || (m[1] === '' && m[2] === '')) return null;
	if (m[1] === '') {
		const suffix = Number(m[2]);
		if (suffix === 0) return 'unsatisfiable';
		return { start: Math.max(0, size - suffix), end: size - 1 };
	}
	const start = Number(m[1]);
	const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
	if (start >= size || end < start) return 'unsatisfiable';
	return { start, end };
}

/**
 * Serves an uploaded recording to signed-in members of its programme with HTTP range requests
 * (206 + Content-Range, so seeking works), `Cache-Control: private`. Anonymous: 401 (a media
 * request cannot follow a sign-in redirect); anyone else: 404.
 */
export async function serveRecording(event: RequestEvent, id: string): Promise<Response> {
	const locale = event.locals.locale;
	const base = { 'cache-control': 'private, max-age=0', 'x-content-type-options': 'nosniff' };
	if (!event.locals.actor)
		return new Response(translate(locale, 'error.unauthorized'), { status: 401, headers: base });
	let file;
	try {
		file = await recordingFile(getDb(), event.locals.actor, id);
	} catch (e) {
		if (e instanceof AccessDeniedError)
			return new Response(translate(locale, 'error.notFound'), { status: 404, headers: base });
		throw e;
	}
	const headers = { ...base, 'accept-ranges': 'bytes', 'content-type': file.contentType };
	const range = parseRange(event.request.headers.get('range'), file.size);
	if (range === 'unsatisfiable')
		return new Response(null, {
			status: 416,
			headers: { ...headers, 'content-range': `bytes */${file.size}` }
		});
	const start = range?.start ?? 0;
	// A range is answered with at most MAX_CHUNK bytes (Content-Range says how many).
	const end = range ? Math.min(range.end, start + MAX_CHUNK - 1) : file.size - 1;
	const partial = range !== null;
	const length = file.size === 0 ? 0 : end - start + 1;
	const body = length > 0 ? await file.read(start, length) : new Uint8Array();
	if (event.request.method === 'HEAD')
		return new Response(null, { status: 200, headers: { ...headers, 'content-length': String(file.size) } });
	return new Response(body as Uint8Array<ArrayBuffer>, {
		status: partial ? 206 : 200,
		headers: {
			...headers,
			'content-length': String(body?.byteLength ?? 0),
			...(partial ? { 'content-range': `bytes ${start}-${end}/${file.size}` } : {})
		}
	});
}
