import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { listTracks } from '#lib/server/catalogue/catalogue.service.ts';
import { RuleError } from '#lib/server/core/errors.ts';
import { search } from '#lib/server/search/search.service.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

/** Full-text search of the programme (a GET form: every search is a link, works without JavaScript). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const db = getDb();
	const raw = Object.fromEntries(url.searchParams);
	let errors: Record<string, string[]> = {};
	const result = await orNotFound(locals.locale, async () => {
		try {
			return await search(db, actor, programmeId, raw);
		} catch (e) {
			if (!(e instanceof RuleError)) throw e;
			errors = e.fieldErrors(locals.locale);
			return null;
		}
	});
	const tracks = await listTracks(db, programmeId);
	const year = new Date().getUTCFullYear();
	return {
		result,
		errors,
		query: {
			q: String(raw.q ?? ''),
			kind: String(raw.kind ?? ''),
			subkind: String(raw.subkind ?? ''),
			trackId: String(raw.trackId ?? ''),
			year: String(raw.year ?? '')
		},
		tracks: tracks.map((t) => ({ id: t.id, name: t.name })),
		years: Array.from({ length: 6 }, (_, i) => year + 1 - i)
	};
};
