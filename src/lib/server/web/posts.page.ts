import { intlTag, type Locale } from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import { archiveIndex } from '../posts/posts.service.ts';
import { postListQuerySchema } from '../posts/posts.schema.ts';
import type { Actor } from '../policy/policy.ts';

/** The name of a month in the reader's language, e.g. "mars 2026". */
export function monthLabel(locale: Locale, year: number, month: number): string {
	return new Intl.DateTimeFormat(intlTag[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
		new Date(Date.UTC(year, month - 1, 1))
	);
}

/** The archive's index with month names, for the posts pages' side column. */
export async function archiveNav(db: Db, actor: Actor | null, programmeId: number, locale: Locale) {
	const index = await archiveIndex(db, actor, programmeId);
	return {
		...index,
		months: index.months.map((m) => ({ ...m, label: monthLabel(locale, m.year, m.month) }))
	};
}

/** The `page` query parameter, validated; anything but a page number (`-1`, `1e400`, `x`) is page 1. */
export function pageQuery(url: URL): number {
	const parsed = postListQuerySchema.shape.page.safeParse(url.searchParams.get('page') ?? undefined);
	return parsed.success ? parsed.data : 1;
}
