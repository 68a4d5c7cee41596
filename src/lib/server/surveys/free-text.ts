/**
 * Free-text answers grouped (issue 15.14): identical texts, compared after trimming, collapsing
 * whitespace and ignoring case (Unicode NFC, locale-independent lower case), become one entry
 * with a count, most frequent first, then alphabetically. The entry shows the wording most
 * people used (the first in sort order on a tie), trimmed and with single spaces.
 */
export interface TextGroup {
	text: string;
	count: number;
}

const tidy = (s: string) => s.normalize('NFC').trim().replace(/\s+/gu, ' ');

export function groupTexts(answers: readonly string[]): TextGroup[] {
	return groupTextCounts(answers.map((text) => ({ text, count: 1 })));
}

/** `groupTexts` over texts already counted (identical texts grouped by the database). */
export function groupTextCounts(answers: readonly TextGroup[]): TextGroup[] {
	const groups = new Map<string, { count: number; variants: Map<string, number> }>();
	for (const answer of answers) {
		const shown = tidy(answer.text);
		if (shown === '') continue;
		const key = shown.toLowerCase();
		const g = groups.get(key) ?? { count: 0, variants: new Map<string, number>() };
		g.count += answer.count;
		g.variants.set(shown, (g.variants.get(shown) ?? 0) + answer.count);
		groups.set(key, g);
	}
	const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	return [...groups.values()]
		.map((g) => ({
			text: [...g.variants].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]))[0]![0],
			count: g.count
		}))
		.sort((a, b) => b.count - a.count || byText(a.text.toLowerCase(), b.text.toLowerCase()));
}
