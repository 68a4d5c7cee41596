import { describe, expect, it } from 'vitest';
import { isLocalDateTime, localToUtc, utcToLocal, zoneOffsetMinutes } from './timezone.ts';

const STHLM = 'Europe/Stockholm';

describe('time zone conversion', () => {
	it('converts winter and summer times in Stockholm', () => {
		expect(localToUtc('2026-01-15T09:00', STHLM)).toBe('2026-01-15T08:00:00.000Z');
		expect(localToUtc('2026-06-15T09:00', STHLM)).toBe('2026-06-15T07:00:00.000Z');
		expect(utcToLocal('2026-01-15T08:00:00.000Z', STHLM)).toBe('2026-01-15T09:00');
		expect(utcToLocal('2026-06-15T07:00:00.000Z', STHLM)).toBe('2026-06-15T09:00');
	});

	it('handles the day of the spring change (29 March 2026, 02:00 → 03:00)', () => {
		expect(localToUtc('2026-03-29T01:30', STHLM)).toBe('2026-03-29T00:30:00.000Z');
		expect(localToUtc('2026-03-29T03:30', STHLM)).toBe('2026-03-29T01:30:00.000Z');
		// 02:30 does not exist that night.
		expect(localToUtc('2026-03-29T02:30', STHLM)).toBeNull();
	});

	it('resolves the repeated hour of the autumn change (25 October 2026) to the earlier instant', () => {
		expect(localToUtc('2026-10-25T02:30', STHLM)).toBe('2026-10-25T00:30:00.000Z');
		expect(utcToLocal('2026-10-25T01:30:00.000Z', STHLM)).toBe('2026-10-25T02:30');
		expect(localToUtc('2026-10-25T04:00', STHLM)).toBe('2026-10-25T03:00:00.000Z');
	});

	it('round-trips every hour of a year', () => {
		for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000) {
			const iso = new Date(t).toISOString();
			const local = utcToLocal(iso, STHLM);
			const back = localToUtc(local, STHLM);
			// The repeated autumn hour maps back to its first occurrence.
			expect(back === iso || (back !== null && Date.parse(iso) - Date.parse(back) === 3_600_000)).toBe(true);
		}
	});

	it('works in other zones (New York, UTC) and refuses malformed text', () => {
		expect(localToUtc('2026-07-01T12:00', 'America/New_York')).toBe('2026-07-01T16:00:00.000Z');
		expect(localToUtc('2026-07-01T12:00', 'UTC')).toBe('2026-07-01T12:00:00.000Z');
		expect(zoneOffsetMinutes(STHLM, new Date('2026-07-01T00:00:00Z'))).toBe(120);
		expect(localToUtc('2026-02-30T12:00', STHLM)).toBeNull();
		expect(localToUtc('tomorrow', STHLM)).toBeNull();
		expect(isLocalDateTime('2026-07-01T24:00')).toBe(false);
	});
});
