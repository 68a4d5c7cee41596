import { describe, expect, it } from 'vitest';
import {
	contrast,
	DONT_KNOW,
	fillOf,
	inkOn,
	NEGATIVE,
	NEUTRAL,
	POSITIVE,
	SEQUENTIAL,
	wrap
} from './palette.ts';

describe('chart palette', () => {
	it('every fill carries its percentage at ≥ 4.5:1 contrast', () => {
		for (const fill of [...POSITIVE, ...NEGATIVE, ...SEQUENTIAL, NEUTRAL, DONT_KNOW])
			expect(contrast(fill, inkOn(fill)), fill).toBeGreaterThanOrEqual(4.5);
	});

	it('diverges: positive blues, negative oranges, "don\'t know" grey, strongest darkest', () => {
		const seg = (tone: 'positive' | 'negative' | 'dontKnow' | 'neutral', rank = 0) => ({
			label: '',
			percent: 10,
			tone,
			rank
		});
		expect(fillOf(seg('positive', 0), 0, 2)).toBe(POSITIVE[0]);
		expect(fillOf(seg('negative', 0), 3, 2)).toBe(NEGATIVE[0]);
		expect(POSITIVE).not.toContain(fillOf(seg('negative', 1), 2, 2));
		expect(fillOf(seg('dontKnow'), 4, 2)).toBe(DONT_KNOW);
		expect(fillOf(seg('neutral'), 2, 2)).toBe(NEUTRAL);
		expect(fillOf(seg('positive', 1), 1, 2)).not.toBe(fillOf(seg('positive', 0), 0, 2));
	});

	it('wraps long labels at spaces without dropping a word', () => {
		const label = 'I stort är KLURA ett välskött projekt enligt de svarande';
		const lines = wrap(label, 20);
		expect(lines.every((l) => l.length <= 20)).toBe(true);
		expect(lines.join(' ')).toBe(label);
	});
});
