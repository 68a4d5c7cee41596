import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate, type Locale } from '#lib/i18n/index.ts';
import { createSession } from '#lib/server/auth/session.service.ts';
import { LOCALE_COOKIE } from '#lib/server/web/locale.ts';
import { sheetRow, SHEET_HEAD, SHEET_TAIL, xlsxBomb, xlsxOf } from '#lib/server/imports/imports.fixtures.ts';
import { MAX_UNPACKED_MB } from '#lib/server/imports/parse.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '#lib/server/people/people.fixtures.ts';
import { testPostgresUrl } from '#lib/server/testing/db.ts';
import { HttpClient } from '../support/client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Hostile import files against the built server: a zip bomb is refused at once with a field
 * error, a file that is slow to read is read off the request thread (other requests keep being
 * answered), and nothing is stored for either. A valid file still imports, through the worker
 * as built (its own chunk in build/server/chunks).
 */
const dialects = testPostgresUrl() ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);
const locale: Locale = 'da';

for (const dialectName of dialects) {
	describe(`import limits over HTTP [${dialectName}]`, () => {
		let server: TestServer;
		let fx: ProgrammeFixture;
		let office: HttpClient;

		beforeAll(async () => {
			server = await startTestServer({
				dialect: dialectName,
				seed: async (db) => {
					fx = await buildProgrammeFixture(db, 'imp');
				}
			});
			office = new HttpClient(server.url);
			office.cookies.set(
				'klok_session',
				(await createSession(server.database.db, fx.people.office, { days: 1 })).token
			);
			office.cookies.set(LOCALE_COOKIE, locale);
		});
		afterAll(async () => {
			await server?.stop();
		});

		const upload = (fileName: string, data: Uint8Array, kind = 'people') => {
			const form = new FormData();
			form.set('kind', kind);
			form.set('file', new Blob([new Uint8Array(data)]), fileName);
			return office.fetch(`/import?programme=${fx.programmeId}&/preview`, {
				method: 'POST',
				headers: { accept: 'text/html' },
				body: form
			});
		};

		const jobs = () =>
			server.database.db.selectFrom('importJobs').select(['id', 'fileName', 'rows']).execute();

		/** Uploads while polling /healthz; returns the answer, its time and the slowest health check. */
		async function uploadWhilePolling(fileName: string, data: Uint8Array) {
			const started = performance.now();
			let done = false;
			const sending = upload(fileName, data).then(async (res) => {
				const html = await res.text();
				done = true;
				return { status: res.status, html, ms: performance.now() - started };
			});
			const health: number[] = [];
			while (!done) {
				const t = performance.now();
				const res = await fetch(server.url + '/healthz');
				await res.body?.cancel();
				expect(res.status).toBe(200);
				health.push(performance.now() - t);
				await new Promise((r) => setTimeout(r, 20));
			}
			return { ...(await sending), slowestHealthMs: Math.max(...health), healthChecks: health.length };
		}

		it('refuses a zip bomb XLSX within seconds with a translated field error; /healthz keeps answering; nothing stored', async () => {
			for (const [name, bomb] of [
				['bomb.xlsx', await xlsxBomb(200)],
				['lying-bomb.xlsx', await xlsxBomb(200, { lie: true })]
			] as const) {
				expect(bomb.length).toBeLessThan(1024 * 1024);
				const answer = await uploadWhilePolling(name, bomb);
				expect(answer.status, name).toBe(400);
				expect(answer.html).toContain(
					translate(locale, 'import.file.unpackedTooLarge', { max: MAX_UNPACKED_MB })
				);
				expect(answer.ms, name).toBeLessThan(5_000);
				expect(answer.slowestHealthMs, name).toBeLessThan(2_000);
			}
			expect(await jobs()).toEqual([]);
		});

		it('reads a file that is slow to parse off the request thread: /healthz answers meanwhile', async () => {
			// 45 MB of empty rows: within the unpacked limit, seconds of parsing, a 120 KB upload.
			const repeat = '<row r="2"><c r="A2"/></row>';
			const slow = await xlsxOf({
				head: SHEET_HEAD + sheetRow(1, { A: 'name', B: 'email', C: 'unit' }),
				repeat,
				times: Math.floor((45 * 1024 * 1024) / repeat.length),
				tail: SHEET_TAIL
			});
			const answer = await uploadWhilePolling('slow.xlsx', slow);
			expect(answer.status).toBe(400);
			expect(answer.html).toContain(translate(locale, 'import.file.empty'));
			expect(answer.healthChecks).toBeGreaterThan(1);
			expect(answer.slowestHealthMs).toBeLessThan(2_000);
			expect(await jobs()).toEqual([]);
		});

		it('still imports valid CSV and XLSX files through the worker of the built server', async () => {
			const csv = new TextEncoder().encode('name;kind\nHTTP region;region\n');
			const xlsx = await xlsxOf(
				SHEET_HEAD +
					sheetRow(1, { A: 'name', B: 'kind' }) +
					sheetRow(2, { A: 'XLSX region', B: 'region' }) +
					SHEET_TAIL
			);
			for (const [name, data] of [
				['units.csv', csv],
				['units.xlsx', xlsx]
			] as const) {
				const res = await upload(name, data, 'units');
				await res.body?.cancel();
				expect(res.status, name).toBe(303);
				expect(res.headers.get('location'), name).toMatch(/^\/import\/\d+$/);
			}
			expect((await jobs()).map((j) => [j.fileName, (JSON.parse(j.rows) as unknown[]).length])).toEqual([
				['units.csv', 1],
				['units.xlsx', 1]
			]);
		});
	});
}
