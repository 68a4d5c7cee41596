/**
 * The shared search picker's server half (`src/lib/components/SearchPicker.svelte` is the
 * other): a choice among many (people of a national programme, sessions, processes, networks)
 * is never listed in full. A term of two characters or more finds at most `PICKER_LIMIT`
 * matches; one more is asked for, so the page can say "type more to narrow the search".
 */

/** How many matches a picker shows. */
export const PICKER_LIMIT = 25;
/** The shortest term searched for. */
export const PICKER_MIN_TERM = 2;

export interface PickerMatches<T> {
	/** The term as searched (trimmed); '' when none was given. */
	query: string;
	matches: T[];
	/** More matched than are shown. */
	more: boolean;
}

/** Runs `find(term, limit + 1)` for a long enough term and cuts the answer to the limit. */
export async function pickMatches<T>(
	query: string | null | undefined,
	find: (term: string, limit: number) => Promise<T[]>,
	limit = PICKER_LIMIT
): Promise<PickerMatches<T>> {
	const term = (query ?? '').trim().slice(0, 100);
	if (term.length < PICKER_MIN_TERM) return { query: term, matches: [], more: false };
	const found = await find(term, limit + 1);
	return { query: term, matches: found.slice(0, limit), more: found.length > limit };
}
