// `npm start`: build when needed, migrate, create the demo on an empty database, then serve.
// Environment variables for adapter-node (PORT, HOST, ORIGIN, PROTOCOL_HEADER, HOST_HEADER,
// ADDRESS_HEADER, XFF_DEPTH, BODY_SIZE_LIMIT, …) and Klok (see README) pass through.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { binOf, newestMtime, requireNode, root, runNode, section } from './lib.mjs';

requireNode();

/** Sources whose change makes the built server stale. */
const SOURCES = ['src', 'static', 'vite.config.ts', 'package.json', 'tsconfig.json'];
const builtEntry = path.join(root, 'build', 'index.js');

function buildIsStale() {
	if (!fs.existsSync(builtEntry)) return true;
	return newestMtime(SOURCES) > fs.statSync(builtEntry).mtimeMs;
}

/**
 * Runs one `node` step and stops everything when it fails.
 * @param {string} title
 * @param {string[]} args
 */
async function step(title, args) {
	section(title);
	const { code } = await runNode(args);
	if (code !== 0) {
		console.error(`\n${title} failed (exit code ${code}).`);
		process.exit(code);
	}
}

if (buildIsStale()) await step('Building the app (vite build)', [binOf('vite'), 'build']);

const tsx = binOf('tsx');
await step('Migrating the database', [tsx, 'cli/klok.ts', 'migrate']);

const noDemo = ['1', 'true'].includes(process.env.KLOK_NO_DEMO ?? '');
if (noDemo) console.log('\nKLOK_NO_DEMO is set: the demo programme is not created.');
else
	await step('Demo programme (only when the database is empty)', [tsx, 'cli/klok.ts', 'demo', '--if-empty']);

const port = process.env.PORT || '3000';
/** @type {NodeJS.ProcessEnv} */
const env = { ...process.env, PORT: port, NODE_ENV: process.env.NODE_ENV || 'production' };
// SvelteKit refuses form posts whose Origin differs from the server's idea of its own origin.
env.ORIGIN ||= `http://localhost:${port}`;

section('Starting Klok');
console.log(`Klok listens on port ${port}; open ${env.ORIGIN}\n`);
// scripts/serve.mjs runs build/index.js and applies ORIGIN (which adapter-node 6 ignores).
const server = spawn(process.execPath, [path.join('scripts', 'serve.mjs')], {
	cwd: root,
	env,
	stdio: 'inherit'
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']))
	process.on(signal, () => server.kill(signal));
server.on('close', (code, signal) =>
	process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1))
);
