import { addMessages, isLocale, type Dictionary, type Locale } from './core.ts';

/**
 * The browser's share of the catalogues (issue 15.15). The server renders a page and puts the
 * messages it used into the HTML (`<script type="application/json" id="klok-messages">`), so
 * hydration needs no catalogue JavaScript; the whole catalogue of the user's language is then
 * fetched once (an immutable JSON file) for the pages navigated to in the browser.
 */
export const MESSAGES_ELEMENT_ID = 'klok-messages';

/** What the server embeds in a page. */
export interface PageMessages {
	locale: Locale;
	/** Changes with the catalogues; part of the catalogue file's URL, so it can be cached forever. */
	version: string;
	messages: Dictionary;
}

/** The URL of one language's whole catalogue. */
export const catalogueUrl = (locale: Locale, version: string) => `/messages/${locale}?v=${version}`;

// Read by `t()`, so text rendered before a catalogue arrived is rendered again once it has.
let generation = $state(0);
export const messagesGeneration = () => generation;

let version = '';
// Not state: only `generation` drives re-rendering.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const loaded = new Map<Locale, Promise<void>>();

function readEmbedded(): void {
	const element = typeof document === 'undefined' ? null : document.getElementById(MESSAGES_ELEMENT_ID);
	if (!element?.textContent) return;
	const embedded = JSON.parse(element.textContent) as PageMessages;
	version = embedded.version;
	if (isLocale(embedded.locale)) addMessages(embedded.locale, embedded.messages);
}
readEmbedded();

/** Loads the whole catalogue of `locale` once (resolves at once in the server, or when it is there). */
export function loadCatalogue(locale: Locale): Promise<void> {
	if (typeof document === 'undefined' || !version) return Promise.resolve();
	let promise = loaded.get(locale);
	if (!promise) {
		promise = fetch(catalogueUrl(locale, version))
			.then((res) =>
				res.ok ? (res.json() as Promise<Dictionary>) : Promise.reject(new Error(res.statusText))
			)
			.then((messages) => {
				addMessages(locale, messages);
				generation++;
			})
			.catch(() => {
				// Offline or a new deployment: try again on the next navigation.
				loaded.delete(locale);
			});
		loaded.set(locale, promise);
	}
	return promise;
}
