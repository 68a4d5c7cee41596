import { describe, expect, it } from 'vitest';
import { isShowable, mergeSmallValues, protectGroups } from './protection.ts';

const g = (key: string, n: number) => ({ key, n });
const keys = (list: { key: string }[]) => list.map((x) => x.key);

describe('protectGroups', () => {
	it('shows every group when all have at least k', () => {
		const p = protectGroups([g('a', 5), g('b', 12)], 5);
		expect(keys(p.shown)).toEqual(['a', 'b']);
		expect(p.hidden).toEqual([]);
		expect(p.otherShown).toBe(false);
		expect(p.allHidden).toBe(false);
	});

	it('hides a small group AND the next smallest, so total minus the rest reveals nothing', () => {
		const p = protectGroups([g('a', 40), g('b', 3), g('c', 6), g('d', 8)], 5);
		expect(keys(p.shown)).toEqual(['a', 'd']);
		expect(p.hidden.map((h) => [h.key, h.reason])).toEqual([
			['b', 'small'],
			['c', 'subtraction']
		]);
		// The hidden groups together are ≥ k, so the merged "other" may be shown.
		expect(p.otherN).toBe(9);
		expect(p.otherShown).toBe(true);
		// Subtraction check: the hidden groups can't be told apart from what is shown.
		const shownSum = p.shown.reduce((s, x) => s + x.n, 0);
		expect(57 - shownSum).toBe(p.otherN);
		expect(p.hidden.length).toBeGreaterThanOrEqual(2);
	});

	it('keeps hiding until the hidden groups hold k together', () => {
		const p = protectGroups([g('a', 1), g('b', 1), g('c', 2), g('d', 20)], 5);
		// a+b+c = 4 < 5: d must go too, leaving nothing shown on its own.
		expect(keys(p.shown)).toEqual([]);
		expect(p.otherN).toBe(24);
		expect(p.otherShown).toBe(true);
	});

	it('two small groups that together reach k need no extra suppression', () => {
		const p = protectGroups([g('a', 3), g('b', 2), g('c', 30)], 5);
		expect(keys(p.shown)).toEqual(['c']);
		expect(p.hidden.every((h) => h.reason === 'small')).toBe(true);
		expect(p.otherN).toBe(5);
	});

	it('hides everything when the whole breakdown is below k', () => {
		const p = protectGroups([g('a', 2), g('b', 2)], 5);
		expect(p.allHidden).toBe(true);
		expect(p.shown).toEqual([]);
		expect(p.otherShown).toBe(false);
	});

	it('ignores empty groups and honours another k', () => {
		const p = protectGroups([g('a', 0), g('b', 9), g('c', 10)], 10);
		// b (9) is small; c is the only other group, so it is hidden too (else 19 − 10 = b).
		expect(keys(p.shown)).toEqual([]);
		expect(p.hidden.map((h) => [h.key, h.reason])).toEqual([
			['b', 'small'],
			['c', 'subtraction']
		]);
		expect(p.otherN).toBe(19);
	});

	it('with k = 10 a lone group of 9 pulls in the next group', () => {
		const p = protectGroups([g('b', 9), g('c', 10), g('d', 11)], 10);
		expect(keys(p.shown)).toEqual(['d']);
		expect(p.otherN).toBe(19);
	});
});

describe('isShowable and mergeSmallValues', () => {
	it('isShowable compares with k', () => {
		expect(isShowable(4, 5)).toBe(false);
		expect(isShowable(5, 5)).toBe(true);
	});

	it('maps small values (and one more, by subtraction) to other', () => {
		const values = [...Array(10).fill('A'), ...Array(6).fill('B'), 'C', 'C', null];
		const map = mergeSmallValues(values, 5);
		expect(map.get('A')).toBe('A');
		expect(map.get('C')).toBe('other');
		expect(map.get(null)).toBe('other');
		// C (2) + null (1) = 3 < 5, so B (6) is merged as well.
		expect(map.get('B')).toBe('other');
	});
});
