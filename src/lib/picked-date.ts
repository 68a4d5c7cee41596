/**
 * Dates a person picks (a survey's opening and closing day, …) are days in the programme's
 * time zone, inclusive, and are shown as picked (issue 15.13). Stored as instants: the first
 * and the last millisecond of that local day, so "closes 20 December" stays open all of
 * 20 December in Stockholm and never reads "21 Dec 00:59".
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes the zone is ahead of UTC at `instant`. */
function offsetMinutes(timeZone: string, instant: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(new Date(instant));
	const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
	return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The instant local midnight starts `date` (YYYY-MM-DD) in `timeZone`. */
function localMidnight(date: string, timeZone: string): number {
	const m = DATE.exec(date);
	if (!m) throw new RangeError(`not a date: ${date}`);
	const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	// Twice: the offset at the guess is right unless a DST change lies between.
	const guess = wall - offsetMinutes(timeZone, wall) * 60_000;
	return wall - offsetMinutes(timeZone, guess) * 60_000;
}

/** The first instant of the picked day (an opening date), UTC ISO. */
export function pickedDayStart(date: string, timeZone: string): string {
	return new Date(localMidnight(date, timeZone)).toISOString();
}

/** The last instant of the picked day (a closing date, inclusive), UTC ISO. */
export function pickedDayEnd(date: string, timeZone: string): string {
	const m = DATE.exec(date);
	if (!m) throw new RangeError(`not a date: ${date}`);
	const next = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1))
		.toISOString()
		.slice(0, 10);
	return new Date(localMidnight(next, timeZone) - 1).toISOString();
}

/** The day (YYYY-MM-DD) an instant falls on in `timeZone`: the date as it was picked. */
export function pickedDateOf(iso: string | null | undefined, timeZone: string): string {
	if (!iso) return '';
	const instant = new Date(iso);
	if (Number.isNaN(instant.getTime())) return '';
	return new Date(instant.getTime() + offsetMinutes(timeZone, instant.getTime()) * 60_000)
		.toISOString()
		.slice(0, 10);
}
