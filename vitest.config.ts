import { defineConfig } from 'vitest/config';

/**
 * Unit and integration tests beside the code (`src/**`), HTTP and browser tests in `tests/`.
 * Each file gets its own databases, so files run in parallel across the two cores.
 */
export default defineConfig({
	test: {
		include: ['src/**/*.test.ts', 'cli/**/*.test.ts', 'tests/**/*.test.ts'],
		testTimeout: 30_000,
		hookTimeout: 120_000,
		globalSetup: ['tests/global-setup.ts'],
		pool: 'forks'
	}
});
