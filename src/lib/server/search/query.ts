/**
 * The user's search text as terms and phrases, and what each engine is given. Pure functions
 * (tested without a database).
 *
 * SQLite has no Nordic stemmer, so terms are stemmed on the query side only: a few common
 * Swedish, Danish and Norwegian inflection endings are cut from longer words and the rest is
 * matched as a prefix ("utbildningar" → `utbildning*`, which also finds "utbildningen").
 * PostgreSQL gets the text as typed for `websearch_to_tsquery` and stems with the document's
 * language configuration.
 */

export interface ParsedQuery {
	/** Single words, lower-cased. */
	terms: string[];
	/** Quoted phrases, each a list of lower-cased words. */
	phrases: string[][];
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Splits `text` into quoted phrases and single words (letters and digits; the rest separates). */
export function parseQuery(text: string): ParsedQuery {
	const terms: string[] = [];
	const phrases: string[][] = [];
	const rest = text.replace(/"([^"]*)"?/g, (_, inner: string) => {
		const words = inner.toLocaleLowerCase('sv').match(WORD) ?? [];
		if (words.length > 1) phrases.push(words);
		else if (words.length === 1) terms.push(words[0]!);
		return ' ';
	});
	for (const w of rest.toLocaleLowerCase('sv').match(WORD) ?? []) if (!terms.includes(w)) terms.push(w);
	return { terms: terms.slice(0, 12), phrases: phrases.slice(0, 4) };
}

/** Inflection endings cut from the end of a query word, longest first (sv, da, nb). */
const ENDINGS = [
	'arnas',
	'ernas',
	'ornas',
	'arna',
	'erna',
	'orna',
	'ende',
	'ene',
	'ar',
	'er',
	'or',
	'en',
	'et',
	'na',
	'ns',
	'a',
	'e',
	's'
];

/** The query-side stem for SQLite prefix matching: at least four letters stay. */
export function nordicStem(word: string): string {
	if (word.length < 6) return word;
	for (const ending of ENDINGS)
		if (word.endsWith(ending) && word.length - ending.length >= 4) return word.slice(0, -ending.length);
	return word;
}

const quote = (s: string) => '"' + s.replace(/"/g, '""') + '"';

/** The FTS5 MATCH expression: every term (as a stemmed prefix) and every phrase must occur. */
export function ftsExpression(q: ParsedQuery): string | null {
	const parts = [
		...q.terms.map((t) => quote(nordicStem(t)) + '*'),
		...q.phrases.map((p) => quote(p.join(' ')))
	];
	return parts.length ? parts.join(' AND ') : null;
}

/** The same expression restricted to the title column (title matches rank first). */
export function ftsTitleExpression(q: ParsedQuery): string | null {
	const all = ftsExpression(q);
	return all ? `{title} : (${all})` : null;
}

/** Highlight markers the engines put around matches; replaced by `<mark>` after escaping. */
export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

/** Escapes a snippet with markers into HTML with `<mark>` around the matches (safe for `{@html}`). */
export function markedHtml(text: string): string {
	const escaped = text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
	return escaped.split(MARK_START).join('<mark>').split(MARK_END).join('</mark>');
}
