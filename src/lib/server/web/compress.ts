import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import zlib from 'node:zlib';

/**
 * Compresses HTML, JSON and other text answers for clients that accept it (issue 15.15).
 * adapter-node serves the built assets precompressed, but server-rendered pages and API
 * answers leave `handle` uncompressed. Brotli at a moderate quality (11 costs far too much
 * CPU per request), else gzip. Each chunk is flushed, so a streamed page still streams.
 */
const COMPRESSIBLE =
	/^(text\/(html|plain|csv|calendar|css)|application\/(json|xml|[\w.+-]+\+json|javascript))\b/i;
const MIN_BYTES = 1024;

export type Encoding = 'br' | 'gzip';

/** The encoding to use for an Accept-Encoding header (q-values honoured), or null. */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
	if (!acceptEncoding) return null;
	const q = new Map<string, number>();
	for (const part of acceptEncoding.toLowerCase().split(',')) {
		const [name = '', ...params] = part.trim().split(';');
		const qp = params.find((p) => p.trim().startsWith('q='));
		q.set(name.trim(), qp ? Number(qp.trim().slice(2)) || 0 : 1);
	}
	const accepts = (e: Encoding) => (q.get(e) ?? q.get('*') ?? 0) > 0;
	if (accepts('br')) return 'br';
	if (accepts('gzip')) return 'gzip';
	return null;
}

export function compressResponse(request: Request, response: Response): Response {
	if (!response.body || request.method === 'HEAD') return response;
	const headers = response.headers;
	if (response.status < 200 || response.status === 204 || response.status === 206 || response.status === 304)
		return response;
	if (headers.has('content-encoding') || /no-transform/i.test(headers.get('cache-control') ?? ''))
		return response;
	if (!COMPRESSIBLE.test(headers.get('content-type') ?? '')) return response;
	const length = headers.get('content-length');
	if (length !== null && Number(length) < MIN_BYTES) return response;
	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	vary(headers);
	if (!encoding) return response;

	const compressor =
		encoding === 'br'
			? zlib.createBrotliCompress({
					flush: zlib.constants.BROTLI_OPERATION_FLUSH,
					params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 }
				})
			: zlib.createGzip({ flush: zlib.constants.Z_SYNC_FLUSH });
	const source = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
	source.on('error', (e) => compressor.destroy(e));
	const body = Readable.toWeb(source.pipe(compressor)) as ReadableStream<Uint8Array>;
	const out = new Headers(headers);
	out.set('content-encoding', encoding);
	out.delete('content-length');
	return new Response(body, { status: response.status, statusText: response.statusText, headers: out });
}

function vary(headers: Headers): void {
	const current = headers.get('vary');
	if (!current) headers.set('vary', 'Accept-Encoding');
	else if (!/accept-encoding|\*/i.test(current)) headers.set('vary', `${current}, Accept-Encoding`);
}
