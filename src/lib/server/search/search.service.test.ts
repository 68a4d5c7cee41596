import { beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { ftsExpression, markedHtml, nordicStem, parseQuery } from './query.ts';
import { indexDocument, removeDocument, search, type SearchDocument } from './search.service.ts';

const PAST = '2026-03-10T09:00:00.000Z';
const FUTURE = '2099-01-01T00:00:00.000Z';

describe('search query parsing', () => {
	it('splits phrases and words, lower-cased with Nordic letters kept', () => {
		expect(parseQuery('Öppna "Bibliotek Åre" data')).toEqual({
			terms: ['öppna', 'data'],
			phrases: [['bibliotek', 'åre']]
		});
	});
	it('stems longer Nordic words on the query side and quotes FTS5 input', () => {
		expect(nordicStem('utbildningar')).toBe('utbildning');
		expect(nordicStem('biblioteken')).toBe('bibliotek');
		expect(nordicStem('åre')).toBe('åre');
		expect(ftsExpression(parseQuery('a"b OR'))).toBe('"a"* AND "b or"');
	});
	it('escapes snippets and marks matches', () => {
		expect(markedHtml('<b>\u0001x\u0002</b>')).toBe('&lt;b&gt;<mark>x</mark>&lt;/b&gt;');
	});
});

describeEachDb('search index', (ctx) => {
	let fx: ProgrammeFixture;
	const a: Record<string, Actor> = {};
	let next = 1;
	const doc = (over: Partial<SearchDocument>): SearchDocument => ({
		kind: 'post',
		refId: next++,
		programmeId: fx.programmeId,
		language: 'sv',
		title: 'Rubrik',
		body: 'Text',
		url: '/posts/0',
		audience: 'members',
		visibleFrom: PAST,
		...over
	});
	const titles = async (actor: Actor | null, q: string, extra: Record<string, unknown> = {}) =>
		(await search(ctx.db, actor, fx.programmeId, { q, ...extra })).results.map((r) => r.title);

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, 'search');
		for (const key of ['participant', 'office', 'otherOffice'] as const)
			a[key] = (await loadActor(ctx.db, fx.people[key]))!;
		const db = ctx.db;
		await db.transaction().execute(async (trx) => {
			await indexDocument(
				trx,
				doc({ title: 'Kursrapport: Ålesund och språkcafé', body: 'Vi besökte Ærø och Øresund.' })
			);
			await indexDocument(
				trx,
				doc({ title: 'Nyheter', body: 'En utbildning i digital delaktighet för alla bibliotek.' })
			);
			await indexDocument(trx, doc({ title: 'Utbildning', body: 'Kort om kursen.' }));
			await indexDocument(
				trx,
				doc({ title: 'Långt inlägg', body: 'utbildning '.repeat(30) + 'och mer utbildning.' })
			);
			await indexDocument(
				trx,
				doc({ title: 'Öppna data', body: 'Läsfrämjande arbete med öppna data i skolan.' })
			);
			await indexDocument(trx, doc({ title: 'Data öppna', body: 'Skolan, data och öppna frågor.' }));
			await indexDocument(trx, doc({ title: 'Utkast om utbildning', visibleFrom: null }));
			await indexDocument(trx, doc({ title: 'Planerad utbildning', visibleFrom: FUTURE }));
			await indexDocument(trx, doc({ title: 'Kontorets utbildning', audience: 'office' }));
			await indexDocument(trx, doc({ title: 'Offentlig utbildning', audience: 'public' }));
			await indexDocument(trx, doc({ title: 'Annat programs utbildning', programmeId: fx.otherProgrammeId }));
			await indexDocument(
				trx,
				doc({
					kind: 'activity',
					refId: 1,
					title: 'Aktivitet: utbildning i IT',
					subkind: 'lecture',
					publishedAt: '2025-05-01T00:00:00.000Z'
				})
			);
			await indexDocument(
				trx,
				doc({ title: 'Engelsk', language: 'en', body: 'Libraries teaching children to read.' })
			);
		});
	});

	it('finds Nordic letters as typed and case-insensitively, and keeps them distinct', async () => {
		expect(await titles(a.participant!, 'ålesund')).toEqual(['Kursrapport: Ålesund och språkcafé']);
		expect(await titles(a.participant!, 'ÆRØ')).toEqual(['Kursrapport: Ålesund och språkcafé']);
		expect(await titles(a.participant!, 'øresund')).toEqual(['Kursrapport: Ålesund och språkcafé']);
		expect(await titles(a.participant!, 'alesund')).toEqual([]);
		expect(await titles(a.participant!, 'LÄSFRÄMJANDE')).toEqual(['Öppna data']);
	});

	it('finds an inflected Swedish word (stemmed on PostgreSQL, prefix of the stem on SQLite)', async () => {
		const found = await titles(a.participant!, 'utbildningar');
		expect(found).toContain('Nyheter');
		expect(found).toContain('Utbildning');
	});

	it('ranks a title match first', async () => {
		const found = await titles(a.participant!, 'utbildning');
		expect(found.slice(0, 3).sort()).toEqual([
			'Aktivitet: utbildning i IT',
			'Offentlig utbildning',
			'Utbildning'
		]);
		expect(found.indexOf('Utbildning')).toBeLessThan(found.indexOf('Långt inlägg'));
	});

	it('searches phrases in order', async () => {
		expect(await titles(a.participant!, '"öppna data"')).toEqual(['Öppna data']);
		expect((await titles(a.participant!, 'öppna data')).sort()).toEqual(['Data öppna', 'Öppna data']);
	});

	it('never shows drafts, scheduled things, other audiences or other programmes', async () => {
		const participant = await titles(a.participant!, 'utbildning');
		for (const hidden of [
			'Utkast om utbildning',
			'Planerad utbildning',
			'Kontorets utbildning',
			'Annat programs utbildning'
		])
			expect(participant).not.toContain(hidden);
		expect(participant).toContain('Offentlig utbildning');
		const office = await titles(a.office!, 'utbildning');
		expect(office).toContain('Kontorets utbildning');
		expect(office).not.toContain('Utkast om utbildning');
		expect(office).not.toContain('Planerad utbildning');
		expect(await titles(null, 'utbildning')).toEqual(['Offentlig utbildning']);
		// The other programme's office sees only what is public here.
		expect(await titles(a.otherOffice!, 'utbildning')).toEqual(['Offentlig utbildning']);
	});

	it('filters by kind, sub-kind and year, pages, and highlights safely', async () => {
		expect(await titles(a.participant!, 'utbildning', { kind: 'activity' })).toEqual([
			'Aktivitet: utbildning i IT'
		]);
		expect(await titles(a.participant!, 'utbildning', { subkind: 'lecture' })).toEqual([
			'Aktivitet: utbildning i IT'
		]);
		expect(await titles(a.participant!, 'utbildning', { year: 2025 })).toEqual([
			'Aktivitet: utbildning i IT'
		]);
		const page = await search(ctx.db, a.participant!, fx.programmeId, {
			q: 'utbildning',
			pageSize: 2,
			page: 2
		});
		expect(page.total).toBe(5);
		expect(page.results).toHaveLength(2);
		const one = await search(ctx.db, a.participant!, fx.programmeId, { q: 'digital' });
		expect(one.results[0]!.snippetHtml).toContain('<mark>digital</mark>');
	});

	it('finds English documents with the English stemmer on PostgreSQL and by prefix on SQLite', async () => {
		expect(await titles(a.participant!, 'libraries')).toEqual(['Engelsk']);
		if (ctx.dialect === 'postgres') expect(await titles(a.participant!, 'library')).toEqual(['Engelsk']);
	});

	it('updates and removes entries', async () => {
		await indexDocument(ctx.db, doc({ kind: 'network', refId: 77, title: 'Nätverk för läsombud' }));
		expect(await titles(a.participant!, 'läsombud')).toEqual(['Nätverk för läsombud']);
		await indexDocument(ctx.db, doc({ kind: 'network', refId: 77, title: 'Nätverk för språkombud' }));
		expect(await titles(a.participant!, 'läsombud')).toEqual([]);
		expect(await titles(a.participant!, 'språkombud')).toEqual(['Nätverk för språkombud']);
		await removeDocument(ctx.db, 'network', 77);
		expect(await titles(a.participant!, 'språkombud')).toEqual([]);
	});

	it('returns nothing for an empty query and refuses an overlong one', async () => {
		expect((await search(ctx.db, a.participant!, fx.programmeId, { q: '  ' })).results).toEqual([]);
		await expect(search(ctx.db, a.participant!, fx.programmeId, { q: 'x'.repeat(300) })).rejects.toThrow();
	});
});
