/**
 * The funder report on a big SQLite demo database (issue 12): times the office's report page
 * figures, PDF and XLSX, and prints the query plan of every statement it ran that reads
 * registrations, so a full scan per goal shows up. Read only.
 *
 *   SQLITE_PATH=data/k100.sqlite npx tsx bench/funder/explain.ts
 */
import SQLite from 'better-sqlite3';

type Call = { sql: string; params: unknown[]; ms: number };
const calls: Call[] = [];
const proto = SQLite.prototype as unknown as { prepare: (sql: string) => SQLite.Statement };
const prepare = proto.prepare;
proto.prepare = function (this: SQLite.Database, sqlText: string) {
	const st = prepare.call(this, sqlText);
	for (const m of ['all', 'get', 'run', 'iterate'] as const) {
		const orig = (st as unknown as Record<string, (...a: unknown[]) => unknown>)[m]!;
		(st as unknown as Record<string, unknown>)[m] = (...params: unknown[]) => {
			const t0 = performance.now();
			const out = orig.apply(st, params);
			calls.push({ sql: sqlText, params, ms: performance.now() - t0 });
			return out;
		};
	}
	return st;
};

const { createDb } = await import('../../src/lib/server/db/database.ts');
const { loadActor } = await import('../../src/lib/server/people/actor.ts');
const { getReport, exportReport } =
	await import('../../src/lib/server/funder-report/funder-report.service.ts');

const path = process.env.SQLITE_PATH ?? 'data/k100.sqlite';
const db = createDb({ sqlitePath: path });
const office = await db
	.selectFrom('people')
	.select('id')
	.where('email', '=', 'office@demo.klok')
	.executeTakeFirstOrThrow();
const actor = (await loadActor(db, office.id))!;
const report = await db
	.selectFrom('funderReports')
	.select(['id', 'programmeId'])
	.orderBy('id', 'desc')
	.executeTakeFirstOrThrow();
const people = await db
	.selectFrom('people')
	.select((eb) => eb.fn.countAll<number>().as('n'))
	.executeTakeFirstOrThrow();
console.log(`${path}: ${people.n} people; report ${report.id}`);

const time = async (label: string, work: () => Promise<unknown>) => {
	const t0 = performance.now();
	await work();
	console.log(`${label}: ${Math.round(performance.now() - t0)} ms`);
};
await time('figures (cold)', () => getReport(db, actor, report.id, 'sv'));
const n = calls.length;
console.log(`${n} statements for the figures`);
for (const c of [...calls].sort((a, b) => b.ms - a.ms).slice(0, 8))
	console.log(`${Math.round(c.ms)} ms: ${c.sql.slice(0, 400).replace(/\s+/g, ' ')}`);
{
	const by = new Map<string, { n: number; ms: number }>();
	for (const c of calls.slice(0, n)) {
		const key = c.sql.slice(0, 120).replace(/\s+/g, ' ') + ' ' + JSON.stringify(c.params).slice(0, 80);
		const e = by.get(key) ?? { n: 0, ms: 0 };
		e.n++;
		e.ms += c.ms;
		by.set(key, e);
	}
	for (const [k, e] of [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
		console.log(`${e.n}× ${Math.round(e.ms)} ms: ${k}`);
}
/** The statements since call `from`, grouped (text and parameters), slowest first. */
const slowest = (from: number, top: number) => {
	const by = new Map<string, { n: number; ms: number }>();
	for (const c of calls.slice(from)) {
		const key = c.sql.slice(0, 120).replace(/\s+/g, ' ') + ' ' + JSON.stringify(c.params).slice(0, 80);
		const e = by.get(key) ?? { n: 0, ms: 0 };
		e.n++;
		e.ms += c.ms;
		by.set(key, e);
	}
	for (const [k, e] of [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, top))
		console.log(`  ${e.n}× ${Math.round(e.ms)} ms: ${k}`);
};
if (process.env.ALL) {
	const before = calls.length;
	await time('figures (warm)', () => getReport(db, actor, report.id, 'sv'));
	const sqlMs = calls.slice(before).reduce((sum, c) => sum + c.ms, 0);
	console.log(
		`${calls.length - before} statements for the warm figures (${Math.round(sqlMs)} ms in SQLite); the slowest:`
	);
	slowest(before, 8);
	await time('pdf', () => exportReport(db, actor, report.id, 'pdf', 'sv'));
	await time('xlsx', () => exportReport(db, actor, report.id, 'xlsx', 'sv'));
	await time('pdf (again)', () => exportReport(db, actor, report.id, 'pdf', 'sv'));
	await time('xlsx (again)', () => exportReport(db, actor, report.id, 'xlsx', 'sv'));
}

const raw = new SQLite(path, { readonly: true });
const seen = new Set<string>();
let scans = 0;
for (const c of calls.slice(0, n)) {
	if (seen.has(c.sql) || !/registrations|survey_answers|survey_responses/.test(c.sql)) continue;
	seen.add(c.sql);
	const plan = raw.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.params as [])) as { detail: string }[];
	const full = plan.filter((p) => /^SCAN (registrations|survey_answers|survey_responses)\b/.test(p.detail));
	if (full.length) scans++;
	console.log(`\n${full.length ? 'FULL SCAN' : 'ok'}: ${c.sql.slice(0, 160).replace(/\s+/g, ' ')}…`);
	for (const p of plan) console.log(`   ${p.detail}`);
}
console.log(`\n${seen.size} statements read registrations/answers; ${scans} with a full table scan`);
await db.destroy();
