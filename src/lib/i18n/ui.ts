import { page } from '$app/state';
import {
	formatDate,
	formatNumber,
	translate,
	translatePlural,
	type Locale,
	type PluralKey,
	type MessageParams
} from './core.ts';
import type { MessageKey } from './index.ts';
import { messagesGeneration } from './page-messages.svelte.ts';

/**
 * Component-side translation. Reads the request's locale from the root layout's data, so it
 * is correct during server rendering and follows a language switch in the browser.
 */
function currentLocale(): Locale {
	return page.data.locale ?? 'sv';
}

export function t(key: MessageKey, params?: MessageParams): string {
	messagesGeneration();
	return translate(currentLocale(), key, params);
}

export function fmtNumber(value: number, options?: Intl.NumberFormatOptions): string {
	return formatNumber(currentLocale(), value, options);
}

export function fmtDate(
	value: string | null | undefined,
	options?: { time?: boolean; timeZone?: string }
): string {
	return formatDate(currentLocale(), value, options);
}

/** A counted message with the language's plural rules (`Intl.PluralRules`). */
export function tp(key: PluralKey, count: number, params?: MessageParams): string {
	messagesGeneration();
	return translatePlural(currentLocale(), key, count, params);
}
