import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Db } from '#lib/server/db/index.ts';
import {
	createPostgresTestDatabase,
	createSqliteTestDatabase,
	testPostgresUrl,
	type TestDatabase
} from '#lib/server/testing/db.ts';

/**
 * Runs the BUILT app (`build/index.js` through `scripts/serve.mjs`, exactly what `npm start` serves) as a child
 * process on a free port and a fresh database, for HTTP and browser tests.
 *
 * @example
 * const server = await startTestServer({ seed: (db) => seedDemo(db, { people: 60 }) });
 * const res = await fetch(server.url + '/healthz');
 * await server.stop();
 */
export interface TestServer {
	/** Base URL, e.g. `http://127.0.0.1:41234` (also the server's ORIGIN). */
	url: string;
	port: number;
	/** The database the server runs on (open in the test process too, for assertions). */
	database: TestDatabase;
	/** Everything the server printed so far (for failure messages). */
	output(): string;
	/** Stops the server; destroys the database when this server created it. */
	stop(): Promise<void>;
}

export interface StartOptions {
	/** Which database to create; defaults to SQLite. Ignored when `database` is given. */
	dialect?: 'sqlite' | 'postgres';
	/** Run on an existing database (e.g. two servers sharing one). Not destroyed on stop. */
	database?: TestDatabase;
	/** Fills the database before the server starts. */
	seed?: (db: Db) => Promise<void>;
	/** Extra environment for the server. */
	env?: Record<string, string>;
}

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const built = path.join(repoRoot, 'build', 'index.js');
/** Runs build/index.js and applies ORIGIN, exactly as `npm start` does. */
const entry = path.join(repoRoot, 'scripts', 'serve.mjs');

/** Creates a fresh migrated test database of the given dialect. */
export async function createTestDatabase(dialectName: 'sqlite' | 'postgres'): Promise<TestDatabase> {
	if (dialectName === 'sqlite') return createSqliteTestDatabase();
	const url = testPostgresUrl();
	if (!url) throw new Error('TEST_DATABASE_URL is not set; cannot create a PostgreSQL test database');
	return createPostgresTestDatabase(url);
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
		});
	});
}

/** Environment variables of the test process that must not leak into the server. */
const SCRUBBED = ['DATABASE_URL', 'SQLITE_PATH', 'SMTP_URL', 'ORIGIN', 'PORT', 'HOST', 'NODE_OPTIONS'];

/** Starts the built server and waits until `/healthz` answers 200. */
export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
	if (!fs.existsSync(built))
		throw new Error('build/index.js is missing: run `npx vite build` first (`npm test` does it).');
	const owned = !options.database;
	const database = options.database ?? (await createTestDatabase(options.dialect ?? 'sqlite'));
	try {
		if (options.seed) await options.seed(database.db);
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		const env: Record<string, string> = {};
		for (const [k, v] of Object.entries(process.env))
			if (v !== undefined && !SCRUBBED.includes(k) && !k.startsWith('VITEST')) env[k] = v;
		Object.assign(env, {
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: url,
			KLOK_NO_DEMO: '1',
			LOG_LEVEL: 'warn',
			...(database.dialect === 'postgres' ? { DATABASE_URL: database.url } : { SQLITE_PATH: database.url }),
			...options.env
		});
		const child = spawn(process.execPath, [entry], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout?.on('data', (c) => (output += c));
		child.stderr?.on('data', (c) => (output += c));
		await waitUntilHealthy(url, child, () => output);
		return {
			url,
			port,
			database,
			output: () => output,
			async stop() {
				await stopProcess(child);
				if (owned) await database.destroy();
			}
		};
	} catch (e) {
		if (owned) await database.destroy();
		throw e;
	}
}

async function waitUntilHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
	const deadline = Date.now() + 30_000;
	let exited: number | null = null;
	child.once('exit', (code) => (exited = code ?? -1));
	while (Date.now() < deadline) {
		if (exited !== null) throw new Error(`The server exited with code ${exited}:\n${output()}`);
		try {
			const res = await fetch(url + '/healthz');
			if (res.status === 200) return;
			await res.body?.cancel();
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	await stopProcess(child);
	throw new Error(`The server did not become healthy within 30 s:\n${output()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
	await exited;
	clearTimeout(timer);
}
