import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import pg from 'pg';
import { binOf, newestMtime, root, runNode, section } from '../../scripts/lib.mjs';

/**
 * What the benchmarks share: building the app when stale, starting the built server
 * (`scripts/serve.mjs`, as `npm start` runs it), a scratch PostgreSQL database, the machine
 * description and the BENCHMARKS.md section writer. The round-robin proxy is ./proxy.ts.
 */

/** Builds the app when `build/` is missing or older than the sources (skipped with `skipEnv=1`). */
export function buildIfStale(skipEnv = 'BENCH_SKIP_BUILD'): Promise<void> {
	const entry = path.join(root, 'build', 'index.js');
	const stale =
		!fs.existsSync(entry) ||
		newestMtime(['src', 'static', 'vite.config.ts', 'package.json', 'tsconfig.json']) >
			fs.statSync(entry).mtimeMs;
	if (!stale || process.env[skipEnv] === '1') return Promise.resolve();
	section('Building the app (vite build)');
	return runNode([binOf('vite'), 'build']).then(({ code }) => {
		if (code !== 0) throw new Error(`vite build failed (exit code ${code})`);
	});
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
		});
	});
}

export interface App {
	url: string;
	child: ChildProcess;
	output(): string;
}

/** Starts `scripts/serve.mjs` (the built server, as `npm start` runs it) and waits for /healthz. */
export async function startApp(
	dbEnv: Record<string, string>,
	origin?: string,
	port?: number,
	/** Flags for node itself (e.g. `--cpu-prof`). */
	nodeArgs: string[] = []
): Promise<App> {
	port ??= await freePort();
	const url = `http://127.0.0.1:${port}`;
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env))
		if (v !== undefined && !['DATABASE_URL', 'SQLITE_PATH', 'SMTP_URL', 'ORIGIN', 'NODE_OPTIONS'].includes(k))
			env[k] = v;
	Object.assign(env, {
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: origin ?? url,
		KLOK_NO_DEMO: '1',
		LOG_LEVEL: 'warn',
		...dbEnv
	});
	const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'scripts', 'serve.mjs')], {
		cwd: root,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (c) => (output += c));
	child.stderr?.on('data', (c) => (output += c));
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
		try {
			const res = await fetch(url + '/healthz');
			await res.body?.cancel();
			if (res.status === 200) return { url, child, output: () => output };
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	child.kill('SIGKILL');
	throw new Error(`the server did not become healthy within 30 s:\n${output}`);
}

export async function stopApp(app: App): Promise<void> {
	if (app.child.exitCode !== null || app.child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => app.child.once('exit', () => resolve()));
	app.child.kill('SIGTERM');
	const timer = setTimeout(() => app.child.kill('SIGKILL'), 5_000);
	await exited;
	clearTimeout(timer);
}

/** A fresh, empty database on a PostgreSQL server; `drop()` removes it (connections forced off). */
export async function createScratchPostgres(
	serverUrl: string,
	prefix: string
): Promise<{ url: string; drop(): Promise<void> }> {
	const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	await admin.end();
	const url = new URL(serverUrl);
	url.pathname = '/' + name;
	return {
		url: url.toString(),
		async drop() {
			const c = new pg.Client({ connectionString: serverUrl });
			await c.connect();
			await c.query(`drop database if exists ${name} with (force)`);
			await c.end();
		}
	};
}

export function round(value: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

export function machine() {
	const cpus = os.cpus();
	return {
		cores: cpus.length,
		cpu: cpus[0]?.model ?? 'unknown',
		memoryGb: round(os.totalmem() / 2 ** 30, 1),
		node: process.version,
		platform: `${os.platform()} ${os.release()}`,
		/** 1-minute load average when the run started: other work on the machine skews the numbers. */
		loadAverage: round(os.loadavg()[0] ?? 0, 2)
	};
}

/** Replaces the block between `begin` and `end` in BENCHMARKS.md (appends it when missing), formatted. */
export async function writeBenchmarksSection(begin: string, end: string, lines: string[]): Promise<void> {
	const md = path.join(root, 'BENCHMARKS.md');
	const block = [begin, ...lines, end].join('\n');
	let text = fs.existsSync(md) ? fs.readFileSync(md, 'utf8') : '# Benchmarks\n';
	const start = text.indexOf(begin);
	const stop = text.indexOf(end);
	if (start >= 0 && stop > start) text = text.slice(0, start) + block + text.slice(stop + end.length);
	else text = text.trimEnd() + '\n\n' + block + '\n';
	// Formatted like the rest of the repository, so `npm run lint` (prettier --check) stays green.
	const options = (await prettier.resolveConfig(md)) ?? {};
	fs.writeFileSync(md, await prettier.format(text, { ...options, filepath: md }));
}

/** Writes raw results as formatted JSON to bench/results/<name>-<date>.json; returns the path. */
export async function writeResultsJson(name: string, date: string, data: unknown): Promise<string> {
	const dir = path.join(root, 'bench', 'results');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}-${date.slice(0, 10)}.json`);
	const options = (await prettier.resolveConfig(file)) ?? {};
	fs.writeFileSync(file, await prettier.format(JSON.stringify(data), { ...options, filepath: file }));
	return file;
}
