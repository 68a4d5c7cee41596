/** Colours, contrast and label wrapping of the server-rendered charts (pure; tested in palette.test.ts). */

/**
 * Where a segment sits on its scale: `positive`/`negative` sides of an agreement scale (rank 0
 * = strongest), `neutral` its middle, `dontKnow` "don't know" (neutral grey). Without a tone,
 * segments take a sequential ramp (e.g. the learning index).
 */
export type Tone = 'positive' | 'neutral' | 'negative' | 'dontKnow';
/** One segment of a bar: an answer option's share of the bar's base. */
export interface Segment {
	label: string;
	/** Percent of the base (0–100); segments of one bar add up to about 100. */
	percent: number;
	tone?: Tone;
	/** Distance from the scale's end on its side (0 = strongest). */
	rank?: number;
}

export const POSITIVE = ['#08306b', '#2171b5', '#6baed6', '#c6dbef'];
export const NEGATIVE = ['#7f2704', '#a63603', '#fd8d3c', '#fdd0a2'];
export const NEUTRAL = '#e7e7e7';
export const DONT_KNOW = '#a3a3a3';
export const SEQUENTIAL = [
	'#08306b',
	'#2171b5',
	'#6baed6',
	'#c6dbef',
	'#fdd0a2',
	'#fd8d3c',
	'#a63603',
	'#a3a3a3'
];

/** Fill of a segment: diverging for agreement scales, sequential otherwise. */
export function fillOf(s: Segment, index: number, sideSize: number): string {
	const pick = (ramp: string[], rank: number) => {
		// Spread a short side over the ramp, strongest darkest (2 → darkest and third).
		const step = sideSize <= 1 ? 0 : (ramp.length - 1) / Math.max(1, sideSize - 1);
		return ramp[Math.min(ramp.length - 1, Math.round(rank * Math.min(step, 1.5)))]!;
	};
	switch (s.tone) {
		case 'positive':
			return pick(POSITIVE, s.rank ?? 0);
		case 'negative':
			return pick(NEGATIVE, s.rank ?? 0);
		case 'neutral':
			return NEUTRAL;
		case 'dontKnow':
			return DONT_KNOW;
		default:
			return SEQUENTIAL[index % SEQUENTIAL.length]!;
	}
}

const channel = (c: number) => {
	const v = c / 255;
	return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
/** WCAG relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
	const n = parseInt(hex.slice(1), 16);
	return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}
/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
	const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
	return (x + 0.05) / (y + 0.05);
}
/** Text colour on a fill: whichever of near-black and white contrasts more (always ≥ 4.5:1 here). */
export function inkOn(fill: string): string {
	return contrast(fill, '#111111') >= contrast(fill, '#ffffff') ? '#111111' : '#ffffff';
}

/** Splits a label into lines of at most `max` characters, at spaces (never cut off). */
export function wrap(text: string, max: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line && (line + ' ' + word).length > max) {
			lines.push(line);
			line = word;
		} else line = line ? line + ' ' + word : word;
	}
	if (line) lines.push(line);
	return lines.length ? lines : [''];
}
