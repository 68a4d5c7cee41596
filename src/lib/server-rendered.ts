/**
 * HTML made on the server for a page that runs no scripts (`csr = false`), such as tables kept
 * rendered by `ContentCache`. SvelteKit serialises every page's data for hydration even when
 * the page never hydrates; for 100 KB of HTML that took half a view's time. The `transport`
 * hook (src/hooks.ts) sends this as a placeholder instead, and refuses to rebuild it in a
 * browser, so a page that turned scripts on would fail loudly rather than lose its tables.
 */
export class ServerRenderedHtml {
	constructor(readonly html: string) {}

	/**
	 * A component's server render (`render(…).body` from `svelte/server`) without Svelte's
	 * hydration markers (`<!--[-->`, `<!--]-->`, `<!---->`): nothing hydrates it, and they were a
	 * quarter of the funder report's tables. Text and attributes are escaped by Svelte, so no
	 * content can look like a marker.
	 */
	static fromRender(body: string): ServerRenderedHtml {
		return new ServerRenderedHtml(body.replace(/<!--(?:\[-?\d*|\])?-->/g, ''));
	}
}
