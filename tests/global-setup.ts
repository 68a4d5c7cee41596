import fs from 'node:fs';
import path from 'node:path';
import { createTestTemplates } from '#lib/server/testing/db.ts';

const root = path.resolve(import.meta.dirname, '..');

/** Newest modification time under the given paths. */
function newest(paths: string[]): number {
	let max = 0;
	const visit = (p: string) => {
		const stat = fs.statSync(p, { throwIfNoEntry: false });
		if (!stat) return;
		if (stat.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
		else max = Math.max(max, stat.mtimeMs);
	};
	for (const p of paths) visit(path.join(root, p));
	return max;
}

/**
 * Says once, loudly, what will not be tested as it should: the PostgreSQL half of the suite
 * without TEST_DATABASE_URL, and the HTTP/browser tests against a missing or stale build
 * (they run `build/`, which `npm test` rebuilds first; plain `npx vitest` does not).
 * Then migrates one template database per dialect that every test database is copied from
 * (testing/db.ts), and drops them at the end.
 */
export default async function setup(): Promise<() => Promise<void>> {
	if (!process.env.TEST_DATABASE_URL) {
		console.warn(
			'\n**********************************************************************\n' +
				'* TEST_DATABASE_URL is not set: every PostgreSQL test is SKIPPED.     *\n' +
				'* Set it (e.g. postgres://postgres@127.0.0.1:5432/test) to run them. *\n' +
				'**********************************************************************\n'
		);
	}
	const built = path.join(root, 'build', 'index.js');
	if (!fs.existsSync(built))
		console.warn(
			'\n*** build/ is missing: HTTP and browser tests will fail. Run `npx vite build` (npm test does). ***\n'
		);
	else if (newest(['src', 'static', 'vite.config.ts']) > fs.statSync(built).mtimeMs)
		console.warn(
			'\n*** build/ is older than src/: HTTP and browser tests run the OLD build. `npm test` rebuilds. ***\n'
		);
	try {
		return await createTestTemplates();
	} catch (e) {
		console.warn(
			'\n*** Could not create the migrated template databases; every test database is migrated from\n' +
				`*** scratch instead (slower). Cause: ${e instanceof Error ? e.message : String(e)}\n`
		);
		return async () => {};
	}
}
