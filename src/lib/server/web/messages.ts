import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { LOCALES, messagesOf, onMessageUsed, type Locale } from '#lib/i18n/index.ts';
import { MESSAGES_ELEMENT_ID, type PageMessages } from '#lib/i18n/page-messages.svelte.ts';

/**
 * Sends the browser only the messages a page uses (issue 15.15): while a page renders, every
 * key translated is collected, and the page carries those texts in its HTML. The whole
 * catalogue of a language is a separate immutable JSON file (`/messages/<locale>?v=…`).
 */
const used = new AsyncLocalStorage<Set<string>>();
onMessageUsed((key) => used.getStore()?.add(key));

/** Runs `render` collecting the message keys translated meanwhile. */
export function collectingMessages<T>(render: (keys: Set<string>) => T): T {
	const keys = new Set<string>();
	return used.run(keys, () => render(keys));
}

const catalogues = new Map<Locale, string>(LOCALES.map((l) => [l, JSON.stringify(messagesOf(l))]));

/** Changes whenever any catalogue does (a new deployment), so the files can be cached forever. */
export const messagesVersion = createHash('sha256')
	.update([...catalogues.values()].join('\n'))
	.digest('base64url')
	.slice(0, 12);

/** One language's whole catalogue as JSON. */
export function catalogueJson(locale: Locale): string {
	return catalogues.get(locale)!;
}

/** What the head of a page that runs the app's scripts preloads (`<link rel="modulepreload">`). */
const CLIENT_ENTRY = '_app/immutable/entry/start.';

/** `</head>` preceded by the page's messages (JSON data, which CSP does not treat as script). */
export function withPageMessages(html: string, locale: Locale, keys: Set<string>): string {
	const at = html.indexOf('</head>');
	// A page without the app's scripts (`csr = false`) renders nothing in the browser. Its head
	// then preloads no client entry; looking there, not through the whole body, keeps a 100 KB
	// report page from being scanned once more on every view.
	if (at < 0 || html.lastIndexOf(CLIENT_ENTRY, at) < 0) return html;
	const payload: PageMessages = { locale, version: messagesVersion, messages: messagesOf(locale, keys) };
	const json = JSON.stringify(payload).replace(/</g, '\\u003c');
	return (
		html.slice(0, at) +
		`<script type="application/json" id="${MESSAGES_ELEMENT_ID}">${json}</script>` +
		html.slice(at)
	);
}
