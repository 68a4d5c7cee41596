// `npm test`: build the server (the HTTP and browser tests run the built app), then the unit,
// integration and HTTP tests (`vitest --project unit`; on PostgreSQL too when
// TEST_DATABASE_URL is set), then the browser tests (`vitest --project e2e`).
// Exits non-zero when anything fails. Extra arguments go to both vitest runs.
import fs from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { binOf, requireNode, runNode, section } from './lib.mjs';

requireNode();

const CHROMIUM = process.env.KLOK_CHROMIUM || '/usr/bin/chromium';
const skipE2e = ['1', 'true'].includes(process.env.KLOK_SKIP_E2E ?? '');
const extra = process.argv.slice(2);
const started = Date.now();
/** @type {string[]} */
const summaries = [];
let failed = false;

/**
 * The "Test Files" and "Tests" lines of vitest's summary.
 * @param {string} text
 */
function summaryOf(text) {
	return stripVTControlCharacters(text)
		.split('\n')
		.filter((line) => /^\s*(Test Files|Tests)\s{2,}/.test(line))
		.map((line) => line.trim());
}

/**
 * Runs one vitest project, echoing its output and remembering its summary.
 * @param {'unit' | 'e2e'} project
 */
async function vitest(project) {
	const env = { ...process.env };
	// Keep colours when a person is watching, even though the output is piped through us.
	if (process.stdout.isTTY && !env.NO_COLOR) env.FORCE_COLOR ??= '1';
	// A file filter may match only one project; the other must not fail for finding nothing.
	const args = ['run', '--project', project, ...(extra.length ? ['--passWithNoTests', ...extra] : [])];
	const { code, text } = await runNode([binOf('vitest'), ...args], {
		env,
		capture: true
	});
	const lines = summaryOf(text);
	summaries.push(`${project}: ${lines.length ? lines.join(' | ') : `no summary (exit code ${code})`}`);
	if (code !== 0) failed = true;
}

section('1/3 Build (vite build)');
{
	const { code } = await runNode([binOf('vite'), 'build']);
	if (code !== 0) {
		console.error('\nThe build failed; the HTTP and browser tests need it. Stopping.');
		process.exit(code);
	}
}

if (!process.env.TEST_DATABASE_URL)
	console.warn(
		'\nNOTE: TEST_DATABASE_URL is not set, so only SQLite is tested. Set it to a PostgreSQL server,\n' +
			'e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test, to test PostgreSQL too.'
	);

section('2/3 Unit, integration and HTTP tests (vitest --project unit)');
await vitest('unit');

section('3/3 Browser tests (vitest --project e2e, Chromium)');
if (skipE2e) {
	const banner = '!'.repeat(78);
	console.warn(
		`\n${banner}\n!!! KLOK_SKIP_E2E=1: the BROWSER TESTS WERE NOT RUN. Accessibility and role home\n` +
			`!!! pages are untested. Do not treat this run as a full pass.\n${banner}\n`
	);
	summaries.push('e2e: SKIPPED (KLOK_SKIP_E2E=1)');
} else if (!fs.existsSync(CHROMIUM)) {
	console.error(
		`\nFAILED: Chromium was not found at ${CHROMIUM}; the browser tests cannot run.\n` +
			'Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`), point KLOK_CHROMIUM at a\n' +
			'Chromium binary, or set KLOK_SKIP_E2E=1 to skip them knowingly.'
	);
	summaries.push(`e2e: FAILED (no Chromium at ${CHROMIUM})`);
	failed = true;
} else {
	await vitest('e2e');
}

/** Adds up "N passed", "N failed", "N skipped" from the vitest "Tests" lines. */
function tally(/** @type {string} */ word) {
	return summaries
		.flatMap((line) => [...line.matchAll(new RegExp(`Tests\\s+[^|]*?(?:\\|[^|]*?)*?(\\d+) ${word}`, 'g'))])
		.reduce((sum, m) => sum + Number(m[1]), 0);
}

const seconds = Math.round((Date.now() - started) / 1000);
section(failed ? 'npm test FAILED' : 'npm test passed');
for (const line of summaries) console.log(line);
console.log(`Total time: ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
// The plain closing line CI reads.
console.log(
	`${tally('passed')} passed, ${tally('failed') + (failed && tally('failed') === 0 ? 1 : 0)} failed, ${tally('skipped')} skipped`
);
process.exit(failed ? 1 : 0);
