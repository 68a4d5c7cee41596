import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createDb, type Db, type DialectName } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

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

/** Creates an empty, migrated SQLite database in a temporary file. */
export async function createSqliteTestDatabase(): Promise<TestDatabase> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klok-test-'));
	const file = path.join(dir, 'klok.sqlite');
	const db = createDb({ sqlitePath: file });
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
	await admin.query(`create database ${name}`);
	await admin.end();
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
 * Runs a suite once per dialect: SQLite always, PostgreSQL when TEST_DATABASE_URL is set
 * (otherwise the PostgreSQL suite is reported as skipped, never silently passed).
 *
 * @example
 * describeEachDb('people repository', (ctx) => {
 *   it('finds by e-mail', async () => {
 *     expect(await findPersonIdByEmail(ctx.db, 'ada@example.org')).toBeUndefined();
 *   });
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
