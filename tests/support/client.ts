/**
 * A tiny HTTP client with a cookie jar, for talking to a test server like a browser without
 * JavaScript would: redirects are not followed (tests assert them), form posts carry the
 * `origin` header SvelteKit's CSRF check wants, and `set-cookie` answers are remembered.
 *
 * @example
 * const client = new HttpClient(server.url);
 * await client.signIn('office@demo.klok', 'demo');
 * expect((await client.get('/')).status).toBe(200);
 */
export class HttpClient {
	/** Cookie name → value. */
	readonly cookies = new Map<string, string>();

	constructor(readonly baseUrl: string) {}

	/** A client on another server (e.g. a second instance) carrying this client's cookies. */
	withBaseUrl(baseUrl: string): HttpClient {
		const other = new HttpClient(baseUrl);
		for (const [k, v] of this.cookies) other.cookies.set(k, v);
		return other;
	}

	/** Sends a request with the jar's cookies and records the cookies the answer sets. */
	async fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		if (this.cookies.size > 0)
			headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
		const method = (init.method ?? 'GET').toUpperCase();
		if (method !== 'GET' && method !== 'HEAD' && !headers.has('origin')) headers.set('origin', this.baseUrl);
		const response = await fetch(new URL(pathname, this.baseUrl), { ...init, headers, redirect: 'manual' });
		this.remember(response);
		return response;
	}

	get(pathname: string, headers?: HeadersInit): Promise<Response> {
		return this.fetch(pathname, { headers });
	}

	/**
	 * Posts a form the way a browser without JavaScript does. The `accept` header matters:
	 * without `text/html` SvelteKit answers a form action as JSON (like `use:enhance`).
	 */
	postForm(pathname: string, fields: Record<string, string>): Promise<Response> {
		return this.fetch(pathname, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html,application/xhtml+xml'
			},
			body: new URLSearchParams(fields).toString()
		});
	}

	/** GET with `accept: application/json`, parsed. */
	async getJson<T = any>(pathname: string): Promise<{ status: number; body: T }> {
		const res = await this.get(pathname, { accept: 'application/json' });
		const text = await res.text();
		return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
	}

	/**
	 * Signs in through the real `/sign-in` form. Throws (with the page's status) unless the
	 * server answers with a redirect and a session cookie.
	 */
	async signIn(email: string, password: string): Promise<void> {
		const res = await this.postForm('/sign-in', { email, password });
		await res.body?.cancel();
		if (res.status !== 303 || !this.cookies.has('klok_session'))
			throw new Error(`sign-in as ${email} failed: HTTP ${res.status}, cookies: ${[...this.cookies.keys()]}`);
	}

	/** Signs out through the header's sign-out form. */
	async signOut(): Promise<Response> {
		const res = await this.postForm('/sign-out', {});
		await res.body?.cancel();
		return res;
	}

	private remember(response: Response): void {
		for (const line of response.headers.getSetCookie()) {
			const [pair = '', ...attributes] = line.split(';');
			const eq = pair.indexOf('=');
			if (eq < 1) continue;
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const expired = attributes.some((a) => {
				const [k = '', v = ''] = a.trim().split('=');
				if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
				if (k.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
				return false;
			});
			if (expired || value === '') this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
	}
}
