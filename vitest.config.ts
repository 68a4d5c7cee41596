import { defineConfig } from 'vitest/config';

/**
 * Two projects:
 * - `unit`: unit and integration tests beside the code (`src/**`, `cli/**`) and the HTTP tests
 *   in `tests/http` (which start the built server). Each file gets its own databases, so files
 *   run in parallel across the cores.
 * - `e2e`: browser tests in `tests/e2e` (Playwright + Chromium), one file at a time with long
 *   timeouts, because each file runs a server and a browser.
 * `npm test` (scripts/test.mjs) builds first, then runs `unit`, then `e2e`.
 */
export default defineConfig({
	test: {
		globalSetup: ['tests/global-setup.ts'],
		pool: 'forks',
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
