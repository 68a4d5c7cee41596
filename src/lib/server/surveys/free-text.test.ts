import { describe, expect, it } from 'vitest';
import { groupTextCounts, groupTexts } from './free-text.ts';

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

	it('gives the same groups from texts the database already counted', () => {
		const counted = [
			{ text: 'Bra kurs', count: 3 },
			{ text: '  bra   kurs ', count: 1 },
			{ text: 'BRA KURS', count: 4 },
			{ text: 'För lång', count: 2 },
			{ text: '   ', count: 5 }
		];
		const expanded = counted.flatMap((c) => Array.from({ length: c.count }, () => c.text));
		expect(groupTextCounts(counted)).toEqual(groupTexts(expanded));
		// The wording most people used is shown: "BRA KURS" (4) over "Bra kurs" (3).
		expect(groupTextCounts(counted)[0]).toEqual({ text: 'BRA KURS', count: 8 });
	});
});
