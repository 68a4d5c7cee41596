import { describe, expect, it } from 'vitest';
import { groupTexts } from './free-text.ts';

describe('free-text answers grouped', () => {
	it('groups identical texts ignoring case and spacing, most frequent first, with the common wording', () => {
		expect(
			groupTexts([
				'Bra kurs',
				'  bra   kurs ',
				'Bra kurs',
				'BRA KURS',
				'För lång',
				'Äntligen',
				'äNTLIGEN',
				'',
				'   ',
				'Bra\nkurs!'
			])
		).toEqual([
			{ text: 'Bra kurs', count: 4 },
			{ text: 'Äntligen', count: 2 },
			{ text: 'Bra kurs!', count: 1 },
			{ text: 'För lång', count: 1 }
		]);
	});

	it('keeps different texts apart and an empty list empty', () => {
		expect(groupTexts([])).toEqual([]);
		expect(groupTexts(['a', 'b']).map((g) => g.count)).toEqual([1, 1]);
	});
});
