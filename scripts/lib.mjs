// Shared helpers for scripts/start.mjs and scripts/test.mjs. Plain JavaScript that parses on
// old Node versions too, so an outdated Node gets a clear message instead of a syntax error.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in scripts/). */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MIN_NODE = [22, 12];

/** Exits with a clear message when Node is older than 22.12. */
export function requireNode() {
	const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
	const [needMajor = 22, needMinor = 12] = MIN_NODE;
	if (major > needMajor || (major === needMajor && minor >= needMinor)) return;
	console.error(
		`\nKlok needs Node.js ${MIN_NODE.join('.')} or newer; this is Node.js ${process.versions.node}.\n` +
			'Install Node.js 24 LTS (https://nodejs.org/), or without root rights:\n' +
			'  npm install -g --prefix "$HOME/.local/node24" node@24\n' +
			'  export PATH="$HOME/.local/node24/bin:$PATH"\n' +
			'then run `npm ci` again (native modules must be built for the new Node).\n'
	);
	process.exit(1);
}

const require = createRequire(path.join(root, 'package.json'));

/**
 * Absolute path of a package's command-line entry (e.g. `vite`, `tsx`, `vitest`).
 * @param {string} pkg
 * @param {string} [name]
 * @returns {string}
 */
export function binOf(pkg, name = pkg) {
	let manifestPath;
	try {
		manifestPath = require.resolve(`${pkg}/package.json`);
	} catch {
		console.error(`\nThe package "${pkg}" is not installed. Run \`npm ci\` first.\n`);
		process.exit(1);
	}
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name];
	return path.join(path.dirname(manifestPath), bin);
}

/**
 * Runs `node <args>` with inherited stdio (or captured output echoed live when `capture` is
 * set). Resolves with the exit code and, when captured, the text.
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, capture?: boolean }} [options]
 * @returns {Promise<{ code: number, text: string }>}
 */
export function runNode(args, { env = process.env, capture = false } = {}) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, args, {
			cwd: root,
			env,
			stdio: capture ? ['inherit', 'pipe', 'pipe'] : 'inherit'
		});
		let text = '';
		if (capture) {
			child.stdout?.on('data', (chunk) => {
				process.stdout.write(chunk);
				text += chunk;
			});
			child.stderr?.on('data', (chunk) => {
				process.stderr.write(chunk);
				text += chunk;
			});
		}
		/** @param {NodeJS.Signals} signal */
		const forward = (signal) => child.kill(signal);
		process.on('SIGINT', forward);
		process.on('SIGTERM', forward);
		child.on('close', (code, signal) => {
			process.off('SIGINT', forward);
			process.off('SIGTERM', forward);
			resolve({ code: code ?? (signal ? 1 : 0), text });
		});
	});
}

/**
 * Newest modification time (ms) of the given files and everything under the given folders.
 * @param {string[]} paths relative to the repository root
 */
export function newestMtime(paths) {
	let newest = 0;
	/** @param {string} p */
	const visit = (p) => {
		let stat;
		try {
			stat = fs.statSync(p);
		} catch {
			return;
		}
		if (stat.isDirectory()) {
			for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
		} else if (stat.mtimeMs > newest) newest = stat.mtimeMs;
	};
	for (const p of paths) visit(path.join(root, p));
	return newest;
}

/**
 * Prints a section header that stands out in long logs.
 * @param {string} title
 */
export function section(title) {
	console.log(`\n=== ${title} ${'='.repeat(Math.max(3, 70 - title.length))}\n`);
}
