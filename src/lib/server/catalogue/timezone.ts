/**
 * Times are entered and shown in the programme's time zone and stored as UTC ISO strings.
 * These helpers convert between the two with `Intl` only (no library), handling daylight
 * saving time: a local time that does not exist (spring forward gap) is refused, and an
 * ambiguous one (autumn fall back) resolves to the earlier instant.
 */

/** Formatters are costly to build; one per zone is kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (Stockholm summer: +120). */
export function zoneOffsetMinutes(timeZone: string, instant: Date): number {
	const parts = formatter(timeZone).formatToParts(instant);
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second')
	);
	return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Is `value` a well-formed local date-time (`YYYY-MM-DDTHH:mm`, as `<input type="datetime-local">` sends)? */
export function isLocalDateTime(value: string): boolean {
	const m = LOCAL_PATTERN.exec(value);
	if (!m) return false;
	const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
	const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
	return (
		date.getUTCFullYear() === y &&
		date.getUTCMonth() === mo! - 1 &&
		date.getUTCDate() === d &&
		h! < 24 &&
		mi! < 60 &&
		s! < 60
	);
}

/**
 * `YYYY-MM-DDTHH:mm` in `timeZone` → UTC ISO string (`…Z`), or null when the text is not a
 * valid date-time or the local time does not exist that day (skipped by a DST change).
 */
export function localToUtc(local: string, timeZone: string): string | null {
	if (!isLocalDateTime(local)) return null;
	const m = LOCAL_PATTERN.exec(local)!;
	const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
	const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
	// The offset can differ either side of a DST change; try both and keep the ones that map back.
	const candidates = new Set<number>();
	for (const probe of [wall - 86_400_000, wall, wall + 86_400_000]) {
		const offset = zoneOffsetMinutes(timeZone, new Date(probe));
		candidates.add(wall - offset * 60_000);
	}
	const valid = [...candidates]
		.filter((t) => utcToLocal(new Date(t).toISOString(), timeZone) === local.replace(' ', 'T').slice(0, 16))
		.sort((a, b) => a - b);
	if (valid.length === 0) return null;
	return new Date(valid[0]!).toISOString();
}

/** UTC ISO string → `YYYY-MM-DDTHH:mm` in `timeZone` (the value for `<input type="datetime-local">`). */
export function utcToLocal(iso: string, timeZone: string): string {
	const instant = new Date(iso);
	if (Number.isNaN(instant.getTime())) return '';
	const local = new Date(instant.getTime() + zoneOffsetMinutes(timeZone, instant) * 60_000);
	return local.toISOString().slice(0, 16);
}
