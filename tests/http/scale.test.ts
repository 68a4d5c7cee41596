import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '#lib/server/demo/demo.ts';
import { testPostgresUrl } from '#lib/server/testing/db.ts';
import { linksBehind, scalePages, type RolePages } from '#lib/server/testing/scale-pages.ts';
import { HttpClient } from '../support/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../support/demo.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * A national programme, not timed (timings are `npm run bench:scale`): the demo generator
 * builds 20,000 staff with the national catalogue (~2,000 sessions, ~200,000 registrations,
 * 40-20-40 forms, plans, processes, surveys), the built server starts on it, every demo role
 * signs in through the form and requests every page of its menu plus the detail pages behind
 * it, every report export and the learning overviews (testing/scale-pages.ts). Any answer other than 2xx fails and is
 * named with the server's log lines for it, so an unbounded query (an id list of every person,
 * a whole table in memory) is caught before it ships.
 */
const isRedirect = (status: number) => status >= 300 && status < 400;
const PEOPLE = Number(process.env.KLOK_SCALE_PEOPLE ?? 20_000);
const dialects = testPostgresUrl() ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

for (const dialectName of dialects) {
	describe(`every role's pages at ${PEOPLE.toLocaleString('en')} people [${dialectName}]`, () => {
		let server: TestServer;
		let pages: RolePages[];

		beforeAll(async () => {
			server = await startTestServer({
				dialect: dialectName,
				seed: async (db) => void (await seedDemo(db, { people: PEOPLE })),
				env: { KLOK_REMINDERS: 'off' }
			});
			pages = await scalePages(server.database.db);
		}, 300_000);
		afterAll(async () => {
			await server?.stop();
		});

		it.each(DEMO_LOGINS.map((l) => l.role))(
			'%s: every page of the menu and behind it answers 2xx',
			async (role) => {
				const mine = pages.find((p) => p.role === role)!;
				const client = new HttpClient(server.url);
				await client.signIn(mine.email, DEMO_PASSWORD);
				const failures: string[] = [];
				const queue = [...mine.paths];
				for (let i = 0; i < queue.length; i++) {
					const path = queue[i]!;
					const before = server.output().length;
					let res = await client.get(path, { accept: 'text/html', 'accept-language': 'sv' });
					// A menu entry may lead on (/plans/me → the person's plan), like a browser follows it.
					for (let hop = 0; hop < 3 && isRedirect(res.status); hop++) {
						const location = res.headers.get('location') ?? '';
						await res.body?.cancel();
						if (location.startsWith('/sign-in')) break;
						res = await client.get(location, { accept: 'text/html', 'accept-language': 'sv' });
					}
					const body = await res.text();
					if (res.status < 200 || res.status > 299) {
						const log = server.output().slice(before).trim().split('\n').slice(0, 12).join('\n    ');
						failures.push(`${role} GET ${path}: HTTP ${res.status}${log ? `\n    ${log}` : ''}`);
					} else for (const link of linksBehind(path, body)) if (!queue.includes(link)) queue.push(link);
				}
				expect(queue.length, `${role} has pages to visit`).toBeGreaterThan(3);
				expect(failures, failures.join('\n')).toEqual([]);
			},
			240_000
		);
	});
}
