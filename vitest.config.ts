import { defineConfig } from 'vitest/config';

/**
 * Two projects:
 * - `unit`: unit and integration tests beside the code (`src/**`, `cli/**`) and the HTTP tests
 *   in `tests/http` (which start the built server). Each file gets its own databases, so files
 *   run in parallel across the cores.
 * - `e2e`: browser tests in `tests/e2e` (Playwright + Chromium), one file at a time with long
 *   timeouts, because each file runs a server and a browser.
 * `npm test` (scripts/test.mjs) builds first, then runs `unit`, then `e2e`.
 *
 * Workers: vitest's default is one fewer than the cores, i.e. ONE on the 2-core CI machine, so
 * the unit files ran one after another although most of their time is spent waiting (on
 * PostgreSQL, on the server child process of the HTTP tests). Two overlap that waiting (three
 * oversubscribe the cores: timing-sensitive tests such as the sign-in throttle then flake);
 * `KLOK_TEST_WORKERS` overrides it.
 */
const workers = Number(process.env.KLOK_TEST_WORKERS) || 2;

export default defineConfig({
	test: {
		globalSetup: ['tests/global-setup.ts'],
		pool: 'forks',
		maxWorkers: workers,
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts', 'cli/**/*.test.ts', 'tests/http/**/*.test.ts'],
					testTimeout: 30_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					testTimeout: 180_000,
					hookTimeout: 180_000,
					fileParallelism: false
				}
			}
		]
	}
});
