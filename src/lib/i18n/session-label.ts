import { formatDate, type Locale } from './core.ts';

/**
 * How a session is named everywhere (issue 15.1): the activity's title, then the session's own
 * title when it has one ("Språkcafé som metod – Träff 2"), so "Träff 2" never stands alone.
 */
export interface SessionNameParts {
	activityTitle: string;
	sessionTitle?: string | null | undefined;
}

export function sessionName({ activityTitle, sessionTitle }: SessionNameParts): string {
	const own = sessionTitle?.trim();
	if (!own || own === activityTitle.trim()) return activityTitle;
	return `${activityTitle} – ${own}`;
}

export interface SessionLabelParts {
	/** The session's name as `sessionName` gives it (activity first). */
	name: string;
	startsAt: string;
	place?: string | null | undefined;
	online?: boolean | undefined;
}

/** The full label for a choice or a list: "Activity – Träff 2 · 3 Feb 2027 09:00 · Växjö". */
export function sessionLabel(
	locale: Locale,
	{ name, startsAt, place }: SessionLabelParts,
	timeZone?: string
): string {
	const when = formatDate(locale, startsAt, { time: true, ...(timeZone ? { timeZone } : {}) });
	return [name, when, place?.trim() || null].filter(Boolean).join(' · ');
}
