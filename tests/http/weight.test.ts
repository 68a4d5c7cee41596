import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesOf, translate } from '#lib/i18n/index.ts';
import { HttpClient } from '../support/client.ts';
import { BASIC_LOGINS, BASIC_PASSWORD, seedBasic } from '../support/seed.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Issue 15.15: the first page (sign-in, a home page) stays under this much JavaScript, uncompressed. */
const JS_BUDGET = 100 * 1024;

/** Every script URL a page's HTML names (modulepreload links and the inline start script's imports). */
function scriptUrls(html: string): string[] {
	const urls = new Set<string>();
	for (const [tag] of html.matchAll(/<link\b[^>]*>/g))
		if (/rel="modulepreload"/.test(tag)) urls.add(/href="([^"]+)"/.exec(tag)![1]!);
	for (const m of html.matchAll(/import\(\s*"([^"]+\.js)"\s*\)/g)) urls.add(m[1]!);
	return [...urls];
}

/**
 * The JavaScript a page loads before it is interactive: the scripts its HTML names and,
 * transitively, every module they import statically (dynamic imports are not followed).
 */
async function pageJavaScript(base: string, pageUrl: string, html: string) {
	const seen = new Map<string, number>();
	const queue = scriptUrls(html).map((u) => new URL(u, pageUrl).href);
	while (queue.length > 0) {
		const url = queue.shift()!;
		if (seen.has(url)) continue;
		const res = await fetch(url);
		expect(res.status, url).toBe(200);
		const code = await res.text();
		seen.set(url, Buffer.byteLength(code));
		for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*"(\.{1,2}\/[^"]+\.js)"/g))
			queue.push(new URL(m[1]!, url).href);
	}
	expect([...seen.keys()].every((u) => u.startsWith(base))).toBe(true);
	return { files: seen, total: [...seen.values()].reduce((a, b) => a + b, 0) };
}

/** A raw GET (node:http does not decompress), so the test sees the bytes on the wire. */
function rawGet(url: string, headers: Record<string, string>) {
	return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
		(resolve, reject) => {
			http
				.get(url, { headers }, (res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () =>
						resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
					);
				})
				.on('error', reject);
		}
	);
}

describe('page weight (issue 15.15)', () => {
	let server: TestServer;
	let client: HttpClient;
	beforeAll(async () => {
		server = await startTestServer({ seed: async (db) => void (await seedBasic(db)) });
		client = new HttpClient(server.url);
		await client.signIn(BASIC_LOGINS.participant, BASIC_PASSWORD);
	});
	afterAll(async () => {
		await server?.stop();
	});

	it.each([
		['sign-in', '/sign-in', false],
		['home (participant)', '/', true]
	] as const)('the %s page loads under 100 KB of JavaScript', async (_name, path, signedIn) => {
		const res = signedIn ? await client.get(path) : await fetch(server.url + path);
		expect(res.status).toBe(200);
		const html = await res.text();
		const { files, total } = await pageJavaScript(server.url, server.url + path, html);
		const list = [...files].map(([u, n]) => `${(n / 1024).toFixed(1)} KB ${u.slice(server.url.length)}`);
		console.log(`${path}: ${(total / 1024).toFixed(1)} KB JS in ${files.size} files; HTML ${html.length} B`);
		expect(total, `JavaScript of ${path}:\n${list.join('\n')}`).toBeLessThan(JS_BUDGET);
	});

	it('a page rendered in the browser loads no catalogue code, only its own messages in the HTML', async () => {
		const res = await client.get('/settings', { 'accept-language': 'sv' });
		expect(res.status).toBe(200);
		const html = await res.text();
		const { files, total } = await pageJavaScript(server.url, server.url + '/settings', html);
		expect(files.size).toBeGreaterThan(0);
		// Svelte and SvelteKit's client are ~110 KB; the catalogues were another 250 KB.
		expect(total).toBeLessThan(200 * 1024);
		const code = (await Promise.all([...files.keys()].map((u) => fetch(u).then((r) => r.text())))).join('\n');
		for (const key of ['auth.signIn.intro', 'error.server', 'nav.skip'] as const)
			expect(code, key).not.toContain(translate('sv', key));

		const embedded = /<script type="application\/json" id="klok-messages">([^<]*)<\/script>/.exec(html);
		expect(embedded, 'the page carries its messages').not.toBeNull();
		const payload = JSON.parse(embedded![1]!) as {
			locale: string;
			version: string;
			messages: Record<string, string>;
		};
		expect(payload.locale).toBe('sv');
		expect(payload.messages['nav.skip']).toBe(translate('sv', 'nav.skip'));
		expect(payload.messages['auth.signIn.intro']).toBeUndefined();
		expect(Object.keys(payload.messages).length).toBeLessThan(Object.keys(messagesOf('sv')).length / 5);

		// The rest of the language comes once, as cacheable JSON, for pages rendered in the browser.
		const catalogue = await fetch(`${server.url}/messages/sv?v=${payload.version}`);
		expect(catalogue.status).toBe(200);
		expect(catalogue.headers.get('cache-control')).toContain('immutable');
		expect((await catalogue.json())['auth.signIn.intro']).toBe(translate('sv', 'auth.signIn.intro'));
		expect((await fetch(`${server.url}/messages/xx?v=${payload.version}`)).status).toBe(404);
	});

	it.each(['br', 'gzip'] as const)('compresses HTML with %s when the client accepts it', async (encoding) => {
		const res = await rawGet(server.url + '/sign-in', {
			'accept-encoding': encoding,
			'accept-language': 'sv'
		});
		expect(res.status).toBe(200);
		expect(res.headers['content-encoding']).toBe(encoding);
		expect(res.headers['vary']).toMatch(/accept-encoding/i);
		const html = (
			encoding === 'br' ? zlib.brotliDecompressSync(res.body) : zlib.gunzipSync(res.body)
		).toString();
		expect(html).toMatch(/^<!doctype html>/i);
		expect(html).toContain('</html>');
		expect(res.body.length).toBeLessThan(html.length / 2);
	});

	it('compresses JSON answers too, and sends plain bytes to a client that accepts no encoding', async () => {
		const json = await rawGet(server.url + '/api/v1/openapi.json', { 'accept-encoding': 'gzip' });
		expect(json.status).toBe(200);
		expect(json.headers['content-encoding']).toBe('gzip');
		expect(JSON.parse(zlib.gunzipSync(json.body).toString()).openapi).toBeTruthy();

		const plain = await rawGet(server.url + '/sign-in', {});
		expect(plain.status).toBe(200);
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.body.toString()).toMatch(/^<!doctype html>/i);
	});
});
