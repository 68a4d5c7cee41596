import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createDb, type Db, type DialectName } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { ProgrammeTable } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';

/** A freshly migrated, empty database of one dialect, and how to throw it away. */
export interface TestDatabase {
	db: Db;
	dialect: DialectName;
	/** Connection string (PostgreSQL) or file path (SQLite), for starting a server on it. */
	url: string;
	destroy(): Promise<void>;
}

let warned = false;

/** The PostgreSQL server URL tests may create databases on, or undefined (loudly). */
export function testPostgresUrl(): string | undefined {
	const url = process.env.TEST_DATABASE_URL;
	if (!url && !warned) {
		warned = true;
		console.warn(
			'\n*** TEST_DATABASE_URL is not set: PostgreSQL tests are SKIPPED (shown as skipped). ***\n'
		);
	}
	return url || undefined;
}

/**
 * Migrated template databases made once per test run by tests/global-setup.ts (a SQLite file,
 * a PostgreSQL database name), so that a test file copies one instead of running every
 * migration again (PostgreSQL: ~0.9 s per database, ~80 databases per run). Without them
 * (plain scripts, a failed setup) every database is migrated from scratch, as before.
 */
export const SQLITE_TEMPLATE_ENV = 'KLOK_TEST_SQLITE_TEMPLATE';
export const POSTGRES_TEMPLATE_ENV = 'KLOK_TEST_PG_TEMPLATE';

/** Creates an empty, migrated SQLite database in a temporary file. */
export async function createSqliteTestDatabase(): Promise<TestDatabase> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klok-test-'));
	const file = path.join(dir, 'klok.sqlite');
	const template = process.env[SQLITE_TEMPLATE_ENV];
	if (template && fs.existsSync(template)) fs.copyFileSync(template, file);
	const db = createDb({ sqlitePath: file });
	// A no-op on a copy of the template (all applied), a full migration otherwise.
	await migrateToLatest(db);
	return {
		db,
		dialect: 'sqlite',
		url: file,
		async destroy() {
			await db.destroy();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** Creates a new PostgreSQL database next to `serverUrl`'s, migrated; dropped on destroy. */
export async function createPostgresTestDatabase(serverUrl: string): Promise<TestDatabase> {
	const name = `klok_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	const template = process.env[POSTGRES_TEMPLATE_ENV];
	try {
		await admin.query(
			template && /^\w+$/.test(template)
				? `create database ${name} template ${template}`
				: `create database ${name}`
		);
	} finally {
		await admin.end();
	}
	const url = new URL(serverUrl);
	url.pathname = '/' + name;
	const db = createDb({ databaseUrl: url.toString(), poolSize: 20 });
	await migrateToLatest(db);
	return {
		db,
		dialect: 'postgres',
		url: url.toString(),
		async destroy() {
			await db.destroy();
			const c = new pg.Client({ connectionString: serverUrl });
			await c.connect();
			await c.query(`drop database if exists ${name} with (force)`);
			await c.end();
		}
	};
}

/**
 * Migrates a template of each dialect for this test run (tests/global-setup.ts) and publishes
 * them through the environment the test workers inherit. Returns how to throw them away.
 */
export async function createTestTemplates(): Promise<() => Promise<void>> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klok-template-'));
	const file = path.join(dir, 'template.sqlite');
	const sqlite = createDb({ sqlitePath: file });
	await migrateToLatest(sqlite);
	await sqlite.destroy(); // closes cleanly: the WAL is checkpointed into the file
	process.env[SQLITE_TEMPLATE_ENV] = file;
	let pgName: string | undefined;
	const serverUrl = process.env.TEST_DATABASE_URL;
	if (serverUrl) {
		pgName = `klok_template_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
		const admin = new pg.Client({ connectionString: serverUrl });
		await admin.connect();
		await admin.query(`create database ${pgName}`);
		await admin.end();
		const url = new URL(serverUrl);
		url.pathname = '/' + pgName;
		const db = createDb({ databaseUrl: url.toString(), poolSize: 1 });
		await migrateToLatest(db);
		await db.destroy(); // a template must have no open connections
		process.env[POSTGRES_TEMPLATE_ENV] = pgName;
	}
	return async () => {
		delete process.env[SQLITE_TEMPLATE_ENV];
		delete process.env[POSTGRES_TEMPLATE_ENV];
		fs.rmSync(dir, { recursive: true, force: true });
		if (serverUrl && pgName) {
			const c = new pg.Client({ connectionString: serverUrl });
			await c.connect();
			await c.query(`drop database if exists ${pgName} with (force)`);
			await c.end();
		}
	};
}

/**
 * Runs a suite once per dialect: SQLite always, PostgreSQL when TEST_DATABASE_URL is set
 * (otherwise the PostgreSQL suite is reported as skipped, never silently passed).
 *
 * @example
 * describeEachDb('people repository', (ctx) => {
 *   it('finds by e-mail', async () => { expect(await findPersonIdByEmail(ctx.db, 'a@x.se')).toBe(…); });
 * });
 */
export function describeEachDb(
	title: string,
	body: (ctx: { readonly db: Db; readonly dialect: DialectName; readonly url: string }) => void
): void {
	const pgUrl = testPostgresUrl();
	const variants: { dialect: DialectName; make: () => Promise<TestDatabase> }[] = [
		{ dialect: 'sqlite', make: createSqliteTestDatabase }
	];
	if (pgUrl) variants.push({ dialect: 'postgres', make: () => createPostgresTestDatabase(pgUrl) });

	for (const variant of variants) {
		describe(`${title} [${variant.dialect}]`, () => {
			let current: TestDatabase | undefined;
			const ctx = {
				get db(): Db {
					if (!current) throw new Error('test database not ready');
					return current.db;
				},
				get url(): string {
					if (!current) throw new Error('test database not ready');
					return current.url;
				},
				dialect: variant.dialect
			};
			beforeAll(async () => {
				current = await variant.make();
			}, 60_000);
			afterAll(async () => {
				await current?.destroy();
			});
			body(ctx);
		});
	}
	if (!pgUrl)
		describe(`${title} [postgres]`, () => {
			it.skip('SKIPPED: TEST_DATABASE_URL is not set', () => {});
		});
}

/**
 * A bare programme for a test (the year 2026, Swedish, Stockholm time unless `values` say
 * otherwise), straight into its table: for tests of the database layer and of isolation between
 * programmes, where the seeds' whole organisation is not wanted.
 */
export async function insertTestProgramme(
	db: Db,
	values: Partial<Insertable<ProgrammeTable>> = {}
): Promise<number> {
	const row = await db
		.insertInto('programmes')
		.values({
			name: 'Test programme',
			startsOn: '2026-01-01',
			endsOn: '2026-12-31',
			defaultLocale: 'sv',
			timeZone: 'Europe/Stockholm',
			updatedAt: nowIso(),
			...values
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}
