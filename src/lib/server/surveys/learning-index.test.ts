import { describe, expect, it } from 'vitest';
import { indexFromTopCounts, learningLevel, percentOf } from './learning-index.ts';

describe('experienced-learning index', () => {
	it('buckets < 3 low, 3–5 medium, > 5 high', () => {
		expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map(learningLevel)).toEqual([
			'low',
			'low',
			'low',
			'medium',
			'medium',
			'medium',
			'high',
			'high',
			'high'
		]);
	});

	it("reproduces the seed's 21 % / 67 % / 11 % style distribution", () => {
		// 4 low, 13 medium, 2 high of 19.
		const d = indexFromTopCounts([...Array(4).fill(1), ...Array(13).fill(4), 7, 8]);
		expect(d.n).toBe(19);
		expect(d.levels.map((l) => [l.level, l.count, l.percent])).toEqual([
			['low', 4, 21.1],
			['medium', 13, 68.4],
			['high', 2, 10.5]
		]);
	});

	it('percentOf rounds to one decimal and survives an empty base', () => {
		expect(percentOf(545, 603)).toBe(90.4);
		expect(percentOf(1, 0)).toBe(0);
	});
});
