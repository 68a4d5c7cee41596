import { describe, expect, it } from 'vitest';
import { decimalInputIn } from './number-input.ts';

describe('decimal inputs in the reader’s number format (issue 15.12)', () => {
	it('saved hours redisplay with a decimal comma in Swedish and a point in English', () => {
		expect(decimalInputIn('sv', 1.5)).toBe('1,5');
		expect(decimalInputIn('sv', '1.5')).toBe('1,5');
		expect(decimalInputIn('nb', 1500.25)).toBe('1500,25');
		expect(decimalInputIn('en', 1.5)).toBe('1.5');
		expect(decimalInputIn('sv', null)).toBe('');
		// What the person typed after an error comes back as typed.
		expect(decimalInputIn('sv', 'tio')).toBe('tio');
	});
});
