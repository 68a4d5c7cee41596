import { describe, expect, it } from 'vitest';
import { pickedDateOf, pickedDayEnd, pickedDayStart } from './picked-date.ts';

describe('picked dates are days in the programme time zone (issue 15.13)', () => {
	it('a closing day lasts until its last local millisecond and reads back as picked', () => {
		const end = pickedDayEnd('2026-12-20', 'Europe/Stockholm');
		expect(end).toBe('2026-12-20T22:59:59.999Z');
		expect(pickedDateOf(end, 'Europe/Stockholm')).toBe('2026-12-20');
		// The old rule (UTC end of day) read as the 21st in Stockholm.
		expect(pickedDateOf('2026-12-20T23:59:59.999Z', 'Europe/Stockholm')).toBe('2026-12-21');
	});

	it('an opening day starts at local midnight, in summer time too', () => {
		expect(pickedDayStart('2026-06-10', 'Europe/Oslo')).toBe('2026-06-09T22:00:00.000Z');
		expect(pickedDateOf(pickedDayStart('2026-06-10', 'Europe/Oslo'), 'Europe/Oslo')).toBe('2026-06-10');
		// The day DST begins (29 March 2026) is 23 hours long.
		const start = Date.parse(pickedDayStart('2026-03-29', 'Europe/Copenhagen'));
		const end = Date.parse(pickedDayEnd('2026-03-29', 'Europe/Copenhagen'));
		expect(end + 1 - start).toBe(23 * 3_600_000);
		expect(pickedDateOf(null, 'Europe/Stockholm')).toBe('');
	});
});
