import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPostgresUrl } from '#lib/server/testing/db.ts';
import { seedRush, verifyRush, type RushSeed } from '../../bench/registration-rush/rush.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * A small registration rush (not timed; `npm run bench:rush` is the timed one): 200 people
 * register at the same moment for a 10-seat session over real HTTP against the built server.
 * Exactly 10 get a seat, 190 wait in arrival order, nobody gets a 5xx. On SQLite and on
 * PostgreSQL (skipped loudly without TEST_DATABASE_URL).
 */

const PEOPLE = 200;
const SEATS = 10;

const pgUrl = testPostgresUrl();
if (!pgUrl)
	console.warn(
		'\n!!! tests/http/registration-rush.test.ts: TEST_DATABASE_URL is not set, so the PostgreSQL\n' +
			'!!! registration rush is SKIPPED. Set TEST_DATABASE_URL to run it.\n'
	);

for (const dialect of ['sqlite', 'postgres'] as const) {
	describe.runIf(dialect === 'sqlite' || pgUrl)(`registration rush over HTTP [${dialect}]`, () => {
		let server: TestServer;
		let seed: RushSeed;

		beforeAll(async () => {
			server = await startTestServer({
				dialect,
				seed: async (db) => {
					seed = await seedRush(db, { participants: PEOPLE, capacity: SEATS });
				}
			});
		});
		afterAll(async () => {
			await server?.stop();
		});

		it(`${PEOPLE} people at once for ${SEATS} seats: ${SEATS} confirmed, the rest waitlisted in arrival order`, async () => {
			const answers = await Promise.all(
				seed.participants.map(async (p) => {
					const res = await fetch(`${server.url}/api/v1/sessions/${seed.sessionId}/registrations`, {
						method: 'POST',
						headers: {
							authorization: `Bearer ${p.token}`,
							'content-type': 'application/json',
							accept: 'application/json'
						},
						body: '{}'
					});
					const text = await res.text();
					return { status: res.status, text };
				})
			);
			const failures = answers.filter((a) => a.status >= 300);
			expect(
				failures.slice(0, 3),
				`${failures.length} answers were not 2xx; server output:\n${server.output().slice(-2000)}`
			).toEqual([]);
			expect(answers.filter((a) => a.status >= 500)).toHaveLength(0);

			const verdict = await verifyRush(server.database.db, seed, { capacity: SEATS });
			expect(verdict.problems).toEqual([]);
			expect(verdict).toMatchObject({
				registrations: PEOPLE,
				confirmed: SEATS,
				waitlisted: PEOPLE - SEATS,
				confirmedCount: SEATS,
				waitlistCounter: PEOPLE - SEATS
			});
		});

		it('registering again during the rush aftermath is harmless (same registration, no new seat)', async () => {
			const first = seed.participants[0]!;
			const last = seed.participants[PEOPLE - 1]!;
			for (const p of [first, last]) {
				const res = await fetch(`${server.url}/api/v1/sessions/${seed.sessionId}/registrations`, {
					method: 'POST',
					headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' },
					body: '{}'
				});
				await res.body?.cancel();
				expect(res.status).toBeLessThan(300);
			}
			const verdict = await verifyRush(server.database.db, seed, { capacity: SEATS });
			expect(verdict.problems).toEqual([]);
		});
	});
}
