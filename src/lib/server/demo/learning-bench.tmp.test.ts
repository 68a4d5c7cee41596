import { it } from 'vitest';
import { createSqliteTestDatabase } from '../testing/db.ts';
import { createDemo } from './demo.ts';
import { DEMO_EXTENSIONS } from './extensions.ts';
it('100k demo', async () => {
	for (const [i, e] of DEMO_EXTENSIONS.entries()) {
		const run = e.run;
		DEMO_EXTENSIONS[i] = { name: e.name, run: async (ctx) => { const s = Date.now(); await run(ctx); console.log(e.name, Date.now() - s); } };
	}
	const t = await createSqliteTestDatabase();
	const start = Date.now();
	await createDemo(t.db, { password: 'demo', people: 100_000 });
	console.log('100k demo ms', Date.now() - start);
	await t.destroy();
}, 300_000);
