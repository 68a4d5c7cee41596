import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCell, type FunderFigures } from '#lib/funder-figures.ts';
import { testPostgresUrl } from '#lib/server/testing/db.ts';
import { HttpClient } from '../support/client.ts';
import { DEMO_PASSWORD, demoLogin, seedDemo } from '../support/demo.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const dialects = testPostgresUrl() ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

const ENTITIES: Record<string, string> = {
	'&lt;': '<',
	'&gt;': '>',
	'&quot;': '"',
	'&#39;': "'",
	'&amp;': '&'
};
/** The text of an HTML fragment: tags dropped, Svelte's entities decoded in one pass. */
const unescape = (s: string) =>
	s
		.replace(/<[^>]*>/g, '')
		.replace(/&(?:lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e]!)
		.trim();

/** The cell texts of each row (head first) of the page's table `id`. */
function pageTable(html: string, id: string): string[][] {
	const section = new RegExp(`<section aria-labelledby="table-${id}">([\\s\\S]*?)</section>`).exec(html)?.[1];
	if (!section) throw new Error(`the page has no table ${id}`);
	return [...section.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
		[...row[1]!.matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => unescape(cell[1]!))
	);
}

/** The rows the page must show for a table of the figures, formatted as the PDF formats them. */
function expectedTable(f: FunderFigures, table: FunderFigures['tables'][number]): string[][] {
	const rows = [...table.rows, ...(table.total ? [table.total] : [])];
	return [
		table.columns.map((c) => c.label),
		...rows.map((cells) =>
			table.columns.map((c, i) => formatCell(cells[i] ?? null, c.kind, f.locale, f.currency))
		)
	];
}

for (const dialect of dialects)
	describe(`funder report page over HTTP [${dialect}]`, () => {
		let server: TestServer;
		let office: HttpClient;
		let reportId: number;

		beforeAll(async () => {
			server = await startTestServer({
				dialect,
				seed: async (db) => void (await seedDemo(db, { people: 120 }))
			});
			office = new HttpClient(server.url);
			await office.signIn(demoLogin('office'), DEMO_PASSWORD);
			reportId = (await server.database.db.selectFrom('funderReports').select('id').executeTakeFirstOrThrow())
				.id;
		});
		afterAll(async () => {
			await server?.stop();
		});

		const figures = async (): Promise<FunderFigures> => {
			const res = await office.get(`/api/v1/funder-reports/${reportId}`, { accept: 'application/json' });
			expect(res.status).toBe(200);
			return (await res.json()) as FunderFigures;
		};
		const page = async (query = ''): Promise<string> => {
			const res = await office.get(`/reports/funder/${reportId}${query}`, { accept: 'text/html' });
			expect(res.status).toBe(200);
			return res.text();
		};

		it('shows every headline figure and every table cell of the API’s figures, formatted as the PDF formats them', async () => {
			const [f, html] = await Promise.all([figures(), page()]);
			expect(f.tables.length).toBeGreaterThan(5);
			const plain = (t: string) => t.replace(/\s+/g, ' ');
			const text = plain(unescape(html));
			for (const h of f.headline)
				expect(text).toContain(plain(`${h.label} ${formatCell(h.value, h.kind, f.locale, f.currency)}`));
			for (const table of f.tables)
				expect(pageTable(html, table.id), table.id).toEqual(expectedTable(f, table));
			// Rendered on the server only: no hydration data, no copy of the figures in a script.
			expect(html).not.toContain('__sveltekit_');
			const texts = html.indexOf('texts-heading');
			const tables = html.slice(
				html.indexOf('<section aria-labelledby="table-'),
				html.lastIndexOf('</section>', texts)
			);
			expect(tables.includes('<!--'), 'hydration markers in the tables').toBe(false);
		});

		it('shows changed figures at once (the kept rendering follows the data) and a frozen version as frozen', async () => {
			const before = await figures();
			const freeze = await office.postForm(`/reports/funder/${reportId}?/freeze`, {});
			expect(freeze.status).toBe(303);
			const version = /version=(\d+)/.exec(freeze.headers.get('location') ?? '')?.[1];
			expect(version).toBeDefined();
			const frozenHtml = await page(`?version=${version}`);

			// Attendance of someone new in the period: one more unique participant.
			const db = server.database.db;
			const report = await db
				.selectFrom('funderReports')
				.select(['programmeId', 'periodStart', 'periodEnd'])
				.where('id', '=', reportId)
				.executeTakeFirstOrThrow();
			const session = await db
				.selectFrom('sessions')
				.innerJoin('activities', 'activities.id', 'sessions.activityId')
				.select('sessions.id')
				.where('activities.programmeId', '=', report.programmeId)
				.where('sessions.startsAt', '>=', `${report.periodStart}T12:00:00Z`)
				.where('sessions.startsAt', '<', `${report.periodEnd}T00:00:00Z`)
				.where('sessions.startsAt', '<', new Date().toISOString())
				.where('sessions.status', '!=', 'cancelled')
				.orderBy('sessions.id')
				.executeTakeFirstOrThrow();
			const newcomer = await db
				.selectFrom('people')
				.select('id')
				.where('programmeId', '=', report.programmeId)
				.where('deactivatedAt', 'is', null)
				.where(({ not, exists, selectFrom }) =>
					not(
						exists(
							selectFrom('registrations').select('id').whereRef('registrations.personId', '=', 'people.id')
						)
					)
				)
				.orderBy('id')
				.executeTakeFirstOrThrow();
			await db
				.insertInto('registrations')
				.values({
					sessionId: session.id,
					personId: newcomer.id,
					status: 'attended',
					hoursCredited: 3,
					updatedAt: new Date().toISOString()
				})
				.execute();

			const after = await figures();
			const participants = (f: FunderFigures) =>
				f.headline.find((h) => h.label === before.headline[0]!.label)!;
			expect(participants(after).value).toBe(participants(before).value + 1);
			const html = await page();
			for (const table of after.tables)
				expect(pageTable(html, table.id), table.id).toEqual(expectedTable(after, table));
			// The frozen version still shows the figures as they were.
			const frozen = (await (
				await office.get(`/api/v1/funder-reports/${reportId}?version=${version}`, {
					accept: 'application/json'
				})
			).json()) as FunderFigures;
			expect(frozen.headline).toEqual(before.headline);
			for (const table of frozen.tables)
				expect(pageTable(await page(`?version=${version}`), table.id), table.id).toEqual(
					expectedTable(frozen, table)
				);
			expect(frozenHtml).toContain(`format=csv&amp;table=${frozen.tables[0]!.id}&amp;version=${version}`);
		});
	});
