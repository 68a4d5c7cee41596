import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klok-cli-'));
const dbFile = path.join(dir, 'klok.sqlite');

/** Runs `node --import tsx cli/klok.ts …` on a temporary SQLite file; never throws. */
async function klok(args: string[], env: Record<string, string> = {}) {
	const childEnv: NodeJS.ProcessEnv = { ...process.env, SQLITE_PATH: dbFile };
	delete childEnv.DATABASE_URL;
	Object.assign(childEnv, env);
	try {
		const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'cli/klok.ts', ...args], {
			cwd: path.resolve(import.meta.dirname, '..'),
			env: childEnv
		});
		return { code: 0, stdout, stderr };
	} catch (e) {
		const err = e as { code: number; stdout: string; stderr: string };
		return { code: err.code, stdout: err.stdout, stderr: err.stderr };
	}
}

// Each command is a fresh Node process (a second or two to start), so tests get more time.
describe('klok CLI (SQLite)', { timeout: 90_000 }, () => {
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('prints help, and fails on an unknown command', async () => {
		const help = await klok(['--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('import-people FILE');
		const bad = await klok(['frobnicate']);
		expect(bad.code).toBe(1);
		expect(bad.stderr).toContain('Unknown command: frobnicate');
	});

	it('migrates', async () => {
		const r = await klok(['migrate']);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/Applied \d+ migration\(s\): 0001_foundation|up to date/);
		expect((await klok(['migrate'])).stdout).toContain('up to date');
	});

	it('creates the demo once with --if-empty and prints the logins both times', async () => {
		const first = await klok(['demo', '--people', '60', '--if-empty']);
		expect(first.code).toBe(0);
		expect(first.stdout).toContain('Created the demo programme');
		expect(first.stdout).toContain('manager@demo.klok');
		expect(first.stdout).toContain('KLOK_DEMO_PASSWORD (default: demo)');
		const second = await klok(['demo', '--people', '60', '--if-empty']);
		expect(second.code).toBe(0);
		expect(second.stdout).toContain('not created');
		expect(second.stdout).toContain('participant@demo.klok');
		const db = new SQLite(dbFile, { readonly: true });
		expect(db.prepare('select count(*) as n from programmes').get()).toEqual({ n: 1 });
		expect(db.prepare('select count(*) as n from people where programme_id = 1').get()).toEqual({ n: 60 });
		db.close();
	});

	it('checks an import file and prints every row error without writing', async () => {
		const file = path.join(dir, 'people.csv');
		fs.writeFileSync(
			file,
			'namn;e-post;enhet\nGood One;good.one@example.org;AC-UME-SB\nBad;not-mail;AC-UME-SB\nNobody;nobody@example.org;NOPE\n'
		);
		const r = await klok(['import-people', file, '--dry-run']);
		expect(r.code).not.toBe(0);
		expect(r.stdout).toContain('3 rows, 1 valid, 2 with errors');
		expect(r.stdout).toContain('row 3, email "not-mail": Not a valid e-mail address.');
		expect(r.stdout).toContain('row 4, unit "NOPE"');
		expect(r.stderr).toContain('Nothing was imported');

		fs.writeFileSync(file, 'name,email,unit\nGood One,good.one@example.org,AC-UME-SB\n');
		const dry = await klok(['import-people', file, '--dry-run']);
		expect(dry.code).toBe(0);
		expect(dry.stdout).toContain('nothing was written');
		const real = await klok(['import-people', file]);
		expect(real.code).toBe(0);
		expect(real.stdout).toContain('Imported 1 people');
		const again = await klok(['import-people', file]);
		expect(again.code).toBe(1);
		expect(again.stdout).toContain('already exists');
		expect((await klok(['import-people', path.join(dir, 'missing.csv')])).code).toBe(1);
	});

	it('creates an admin idempotently', async () => {
		const r = await klok(['create-admin', 'root@example.org', '--name', 'Root Admin']);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/Password \(shown once.*\): \S{12,}/);
		const again = await klok(['create-admin', 'ROOT@example.org'], {
			KLOK_ADMIN_PASSWORD: 'a-long-enough-password'
		});
		expect(again.code).toBe(0);
		expect(again.stdout).toContain('not changed');
		const reset = await klok(['create-admin', 'root@example.org', '--reset-password'], {
			KLOK_ADMIN_PASSWORD: 'a-long-enough-password'
		});
		expect(reset.stdout).toContain('KLOK_ADMIN_PASSWORD');
		expect((await klok(['create-admin', 'not-an-email'])).code).toBe(1);
		const db = new SQLite(dbFile, { readonly: true });
		const rows = db
			.prepare(
				"select p.name, r.role from people p join role_assignments r on r.person_id = p.id where p.email_normalized = 'root@example.org'"
			)
			.all();
		expect(rows).toEqual([{ name: 'Root Admin', role: 'admin' }]);
		db.close();
	});

	it('backs up the SQLite database to a file that opens', async () => {
		const target = path.join(dir, 'backup', 'copy.sqlite');
		const r = await klok(['backup', target]);
		expect(r.code).toBe(0);
		const copy = new SQLite(target, { readonly: true });
		expect(copy.prepare("select count(*) as n from people where email like '%@demo.klok'").get()).toEqual({
			n: 7
		});
		copy.close();
		const pg = await klok(['backup', target], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
		expect(pg.code).toBe(2);
		expect(pg.stderr).toContain('pg_dump "$DATABASE_URL" > FILE');
	});

	it('surveys check-aggregates: the demo counts match the answers; a drifted count fails until repaired', async () => {
		const ok = await klok(['surveys', 'check-aggregates']);
		expect(ok.code).toBe(0);
		expect(ok.stdout).toMatch(/Checked [1-9]\d* survey\(s\): every count matches the answers\./);
		const db = new SQLite(dbFile);
		const changed = db
			.prepare(
				"update survey_result_counts set n = n + 1 where rowid = (select min(rowid) from survey_result_counts where kind = 'v')"
			)
			.run();
		db.close();
		expect(changed.changes).toBe(1);
		const drift = await klok(['surveys', 'check-aggregates']);
		expect(drift.code).toBe(1);
		expect(drift.stdout).toMatch(/Survey \d+: 1 of \d+ count\(s\) differ from the answers\./);
		const repaired = await klok(['surveys', 'check-aggregates', '--repair']);
		expect(repaired.code).toBe(0);
		expect(repaired.stdout).toContain('rebuilt from the answers');
		expect((await klok(['surveys', 'check-aggregates'])).code).toBe(0);
		expect((await klok(['surveys', 'frobnicate'])).code).toBe(1);
	});

	it('retention run: a dry run lists what would go and changes nothing; the run removes it', async () => {
		const db = new SQLite(dbFile);
		// The programme ended long ago and its logbook rule is one month: every entry is due.
		db.prepare("update programmes set starts_on = '1999-01-01', ends_on = '2000-01-31'").run();
		db.prepare('update privacy_settings set logbook_months_after_end = 1').run();
		const count = () => (db.prepare('select count(*) as n from logbook_entries').get() as { n: number }).n;
		const before = count();
		expect(before).toBeGreaterThan(0);
		const dry = await klok(['retention', 'run', '--dry-run']);
		expect(dry.code).toBe(0);
		expect(dry.stdout).toContain(`${before} logbook entries (before `);
		expect(dry.stdout).toContain('would go');
		expect(dry.stdout).toContain('Dry run: nothing was changed.');
		expect(count()).toBe(before);
		const done = await klok(['retention', 'run']);
		expect(done.code).toBe(0);
		expect(done.stdout).toContain(`${before} logbook entries (before `);
		expect(count()).toBe(0);
		db.close();
		expect((await klok(['retention', 'frobnicate'])).code).toBe(1);
	});
});
