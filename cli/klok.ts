import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { translate } from '../src/lib/i18n/index.ts';
import { recordAudit } from '../src/lib/server/audit/audit.service.ts';
import { hashPassword, passwordProblem } from '../src/lib/server/auth/password.ts';
import { config } from '../src/lib/server/config/config.ts';
import { createDb, dialect, type Db } from '../src/lib/server/db/database.ts';
import { setDb } from '../src/lib/server/db/index.ts';
import { migrateToLatest } from '../src/lib/server/db/migrate.ts';
import {
	addGlobalRole,
	createAccount,
	findAccount,
	holdsGlobalRole,
	setPasswordHash
} from '../src/lib/server/people/people.service.ts';
import { firstProgrammeId, programmeExists } from '../src/lib/server/organisation/organisation.service.ts';
import {
	createDemo,
	DEMO_LOGINS,
	DEMO_PEOPLE,
	hasAnyProgramme,
	hasDemo
} from '../src/lib/server/demo/demo.ts';
import { validateFile, writeImport } from '../src/lib/server/imports/imports.service.ts';
import { ImportFileError } from '../src/lib/server/imports/parse.ts';
import { reminderHours, sendDueReminders } from '../src/lib/server/registrations/reminders.ts';
import { sendDueNudges } from '../src/lib/server/cycle/nudges.ts';
import {
	checkCycleTotals,
	programmeIdsForTotals,
	rebuildCycleTotals
} from '../src/lib/server/cycle/cycle.service.ts';
import { describeRun, runOutbox } from '../src/lib/server/mail/outbox.service.ts';
// The renderers of queued mail register when these load.
import '../src/lib/server/registrations/registrations.service.ts';
import '../src/lib/server/surveys/distribution.service.ts';
import '../src/lib/server/newsletter/newsletter.service.ts';
import { checkResultCounts, rebuildResultCounts } from '../src/lib/server/surveys/results.service.ts';
import { runRetention } from '../src/lib/server/privacy/retention.service.ts';
import { runExportJobs } from '../src/lib/server/privacy/privacy.service.ts';

/**
 * Klok's command line: `npm run klok -- <command>`. Opens the database from the configuration
 * (DATABASE_URL or SQLITE_PATH), migrates it, runs one command and closes the pool. Exit codes:
 * 0 success, 1 failure (bad input, validation errors), 2 not available on this database.
 */

const HELP = `Usage: npm run klok -- <command> [options]

Commands:
  migrate                               Bring the database schema up to date.
  demo [--people N] [--if-empty]        Create the demo programme (default ${DEMO_PEOPLE} staff).
                                        --if-empty: do nothing when any programme exists.
                                        Prints the demo logins.
  import-people FILE [--dry-run] [--programme ID]
                                        Import people from a CSV or XLSX file. Every row is
                                        checked first; nothing is written unless the whole file
                                        is valid. --dry-run only checks. The programme defaults
                                        to the first one.
  create-admin EMAIL [--name NAME] [--reset-password]
                                        Create a system administrator (or grant the role to an
                                        existing person). The password is KLOK_ADMIN_PASSWORD,
                                        or generated and printed once.
  backup FILE                           Online backup of the SQLite database to FILE.
  remind                                Send the reminders that are due now (sessions starting
                                        within KLOK_REMINDER_HOURS, default 24). Each reminder
                                        is sent once, even when the server sends them too.
  nudge                                 E-mail the people whose 40-20-40 follow-up (the after
                                        part) is overdue. Each person is nudged once per
                                        registration, even when the server nudges too.
  outbox run                            Render and send every queued e-mail that is due (the
                                        server's worker does it too; each message goes once).
  surveys check-aggregates [--programme ID] [--repair]
                                        Recompute every survey's result counts from the raw
                                        answers and compare them with the maintained ones;
                                        exit 1 on any difference. --repair rebuilds the
                                        surveys that differ.
  cycle check-totals [--programme ID] [--repair]
                                        Recompute the kept 40-20-40 totals from the raw
                                        registrations and forms and compare; exit 1 on any
                                        difference. --repair rebuilds the programmes that differ.
  retention run [--dry-run] [--programme ID]
                                        Apply the programmes' retention rules (logbook entries
                                        after the programme ends, inactive people anonymised,
                                        raw survey answers reduced to aggregates). --dry-run
                                        lists what would go and changes nothing.
  privacy exports run                   Build the queued personal data exports now (the
                                        server's worker does it too).

Options:
  -h, --help                            Show this help.

The database comes from DATABASE_URL (PostgreSQL) or SQLITE_PATH (default data/klok.sqlite).`;

/** A failure with a message for the user (no stack trace) and an exit code. */
class CliError extends Error {
	constructor(
		message: string,
		readonly code = 1
	) {
		super(message);
	}
}

type Options = {
	help?: boolean;
	people?: string;
	'if-empty'?: boolean;
	'dry-run'?: boolean;
	programme?: string;
	name?: string;
	'reset-password'?: boolean;
	repair?: boolean;
};

function printLogins(): void {
	const rows = DEMO_LOGINS.map((l) => [l.role, l.email]);
	const width = Math.max(...rows.map((r) => r[0]!.length), 4);
	console.log('\nDemo logins (password: KLOK_DEMO_PASSWORD (default: demo)):');
	console.log(`  ${'role'.padEnd(width)}  e-mail`);
	for (const [role, email] of rows) console.log(`  ${role!.padEnd(width)}  ${email}`);
}

async function demo(db: Db, options: Options): Promise<void> {
	const people = options.people === undefined ? DEMO_PEOPLE : Number(options.people);
	if (!Number.isInteger(people) || people < 1) throw new CliError('--people must be a whole number.');
	if (options['if-empty'] && (await hasAnyProgramme(db))) {
		console.log('A programme exists already; the demo was not created (--if-empty).');
		if (await hasDemo(db)) printLogins();
		return;
	}
	if (await hasDemo(db)) {
		console.log('The demo programme exists already.');
		printLogins();
		return;
	}
	const started = performance.now();
	const result = await createDemo(db, {
		people,
		password: config().KLOK_DEMO_PASSWORD,
		log: (line) => console.log(`  ${line}`)
	});
	const ms = Math.round(performance.now() - started);
	console.log(`Created the demo programme (id ${result.programmeId}) with ${people} staff in ${ms} ms.`);
	printLogins();
}

async function firstProgramme(db: Db, requested: string | undefined): Promise<number> {
	if (requested !== undefined) {
		const id = Number(requested);
		if (!Number.isInteger(id) || !(await programmeExists(db, id)))
			throw new CliError(`No programme with id ${requested}.`);
		return id;
	}
	const first = await firstProgrammeId(db);
	if (first === undefined)
		throw new CliError('There is no programme yet. Create one first (e.g. `npm run klok -- demo`).');
	return first;
}

async function importPeople(db: Db, file: string | undefined, options: Options): Promise<void> {
	if (!file) throw new CliError('import-people needs a FILE (CSV or XLSX).');
	if (!fs.existsSync(file)) throw new CliError(`File not found: ${file}`);
	const programmeId = await firstProgramme(db, options.programme);
	const fileName = path.basename(file);
	let result;
	try {
		result = await validateFile(db, programmeId, 'people', fileName, fs.readFileSync(file));
	} catch (e) {
		if (e instanceof ImportFileError) throw new CliError(translate('en', e.key, e.params));
		throw e;
	}
	const { validation } = result;
	const valid = validation.rowCount - validation.errorRowCount;
	console.log(
		`${fileName}: ${validation.rowCount} rows, ${valid} valid, ${validation.errorRowCount} with errors.`
	);
	if (validation.errorRowCount > 0) {
		for (const issue of validation.issues) {
			const value = issue.value ? ` "${issue.value}"` : '';
			console.log(`  row ${issue.row}, ${issue.field}${value}: ${translate('en', issue.key, issue.params)}`);
		}
		throw new CliError('Nothing was imported: correct the rows above and run again.');
	}
	if (options['dry-run']) {
		console.log('Dry run: the file is valid; nothing was written.');
		return;
	}
	const created = await db
		.transaction()
		.execute((trx) => writeImport(trx, { programmeId, actorId: null, jobId: null, fileName }, validation));
	console.log(`Imported ${created} people into programme ${programmeId}.`);
}

async function createAdmin(db: Db, email: string | undefined, options: Options): Promise<void> {
	const address = email?.trim();
	if (!address || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address))
		throw new CliError('create-admin needs a valid EMAIL.');
	const normalized = address.toLowerCase();
	const envPassword = process.env.KLOK_ADMIN_PASSWORD;
	if (envPassword) {
		const problem = passwordProblem(envPassword);
		if (problem)
			throw new CliError(`KLOK_ADMIN_PASSWORD: ${translate('en', problem, { min: 10, max: 200 })}`);
	}
	const existing = await findAccount(db, normalized);
	const setPassword = !existing || options['reset-password'];
	const password = setPassword ? (envPassword ?? crypto.randomBytes(12).toString('base64url')) : null;
	const hash = password ? await hashPassword(password) : null;

	await db.transaction().execute(async (trx) => {
		let personId: number;
		if (existing) {
			personId = existing.id;
			if (hash) await setPasswordHash(trx, personId, hash);
		} else {
			const name = options.name?.trim() || address.split('@')[0]!;
			personId = await createAccount(trx, { name: name.slice(0, 200), email: address, passwordHash: hash });
			await recordAudit(trx, {
				programmeId: null,
				actorId: null,
				action: 'create',
				entityType: 'person',
				entityId: personId,
				after: { name, email: address }
			});
		}
		if (!(await holdsGlobalRole(trx, personId, 'admin'))) {
			const role = { id: await addGlobalRole(trx, personId, 'admin') };
			await recordAudit(trx, {
				programmeId: null,
				actorId: null,
				action: 'grant',
				entityType: 'role',
				entityId: role.id,
				after: { personId, role: 'admin' }
			});
		}
		if (existing && hash)
			await recordAudit(trx, {
				programmeId: null,
				actorId: null,
				action: 'reset',
				entityType: 'person',
				entityId: personId
			});
	});
	console.log(
		existing ? `${address} exists; the admin role is granted.` : `Created administrator ${address}.`
	);
	if (existing?.deactivatedAt)
		console.log('Note: this person is deactivated and cannot sign in until reactivated.');
	if (password && !envPassword) console.log(`Password (shown once, change it after signing in): ${password}`);
	else if (password) console.log('Password set from KLOK_ADMIN_PASSWORD.');
	else console.log('The password was not changed (use --reset-password to set a new one).');
}

async function backup(db: Db, file: string | undefined): Promise<void> {
	if (dialect(db) === 'postgres') throw new CliError('backup works on SQLite only; use pg_dump.', 2);
	if (!file) throw new CliError('backup needs a FILE to write.');
	const source = config().SQLITE_PATH;
	if (path.resolve(file) === path.resolve(source))
		throw new CliError('The backup file must differ from the database.');
	fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	// better-sqlite3's online backup copies a consistent snapshot while others keep writing.
	// Kysely does not expose the connection, so a second handle on the same file does the copy.
	const SQLite = (await import('better-sqlite3')).default;
	const handle = new SQLite(source, { fileMustExist: true });
	try {
		await handle.backup(file);
	} finally {
		handle.close();
	}
	console.log(`Backed up ${source} to ${file}.`);
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
/** `surveys check-aggregates`: the maintained result counts against the raw answers. */
async function checkAggregates(db: Db, sub: string | undefined, options: Options): Promise<number> {
	if (sub !== 'check-aggregates') throw new CliError(`Unknown surveys command: ${sub ?? ''}\n\n${HELP}`);
	const programmeId = options.programme ? await firstProgramme(db, options.programme) : undefined;
	const checks = await checkResultCounts(db, { programmeId });
	const bad = checks.filter((c) => c.mismatchCount > 0);
	for (const c of bad) {
		console.log(`Survey ${c.surveyId}: ${c.mismatchCount} of ${c.rows} count(s) differ from the answers.`);
		for (const m of c.mismatches) console.log(`  ${m.key}: stored ${m.stored}, answers give ${m.recomputed}`);
		if (options.repair) {
			await rebuildResultCounts(db, c.surveyId);
			console.log(`  rebuilt from the answers.`);
		}
	}
	console.log(
		`Checked ${checks.length} survey(s): ${bad.length === 0 ? 'every count matches the answers' : `${bad.length} differ${options.repair ? ' (repaired)' : ''}`}.`
	);
	return bad.length === 0 || options.repair ? 0 : 1;
}

/** `cycle check-totals`: the kept 40-20-40 totals against the raw rows, per programme. */
async function checkTotals(db: Db, sub: string | undefined, options: Options): Promise<number> {
	if (sub !== 'check-totals') throw new CliError(`Unknown cycle command: ${sub ?? ''}\n\n${HELP}`);
	const ids = options.programme
		? [await firstProgramme(db, options.programme)]
		: await programmeIdsForTotals(db);
	let differ = 0;
	for (const programmeId of ids) {
		const started = performance.now();
		const check = await checkCycleTotals(db, programmeId);
		const ms = Math.round(performance.now() - started);
		if (check.mismatches.length === 0) {
			console.log(`Programme ${programmeId}: ${check.rows} total row(s) match the registrations (${ms} ms).`);
			continue;
		}
		differ++;
		console.log(
			`Programme ${programmeId}: ${check.mismatches.length} figure(s) differ from the registrations.`
		);
		for (const m of check.mismatches.slice(0, 20))
			console.log(
				`  unit ${m.unitId}, activity ${m.activityId}, ${m.dueMonth || 'all'} ${m.column}: stored ${m.stored}, registrations give ${m.recomputed}`
			);
		if (options.repair) {
			await db.transaction().execute((trx) => rebuildCycleTotals(trx, programmeId));
			console.log('  rebuilt from the registrations.');
		}
	}
	return differ === 0 || options.repair ? 0 : 1;
}

/** `retention run [--dry-run] [--programme ID]`: every programme's rules, or one's. */
async function retention(db: Db, sub: string | undefined, options: Options): Promise<number> {
	if (sub !== 'run') throw new CliError('Usage: npm run klok -- retention run [--dry-run] [--programme ID]');
	const dryRun = Boolean(options['dry-run']);
	const programmeId = options.programme ? await firstProgramme(db, options.programme) : undefined;
	const lines = await runRetention(db, { dryRun, programmeId });
	if (lines.length === 0) console.log('No programme has a retention rule.');
	const what = { logbook: 'logbook entries', inactive: 'inactive people', surveyRaw: 'raw survey responses' };
	for (const l of lines)
		console.log(
			`Programme ${l.programmeId}: ${l.count} ${what[l.rule]} (before ${l.cutoff}) ${dryRun ? 'would go' : 'removed'}.`
		);
	if (dryRun) console.log('Dry run: nothing was changed.');
	return 0;
}

export async function main(argv: string[]): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			strict: true,
			options: {
				help: { type: 'boolean', short: 'h' },
				people: { type: 'string' },
				'if-empty': { type: 'boolean' },
				'dry-run': { type: 'boolean' },
				programme: { type: 'string' },
				name: { type: 'string' },
				'reset-password': { type: 'boolean' },
				repair: { type: 'boolean' }
			}
		});
	} catch (e) {
		console.error(`${(e as Error).message}\n\n${HELP}`);
		return 1;
	}
	const { values, positionals } = parsed;
	const [command, arg] = positionals;
	if (values.help || !command) {
		console.log(HELP);
		return command || values.help ? 0 : 1;
	}
	const known = [
		'migrate',
		'demo',
		'import-people',
		'create-admin',
		'backup',
		'remind',
		'nudge',
		'outbox',
		'surveys',
		'cycle',
		'retention',
		'privacy'
	];
	if (!known.includes(command)) {
		console.error(`Unknown command: ${command}\n\n${HELP}`);
		return 1;
	}

	if (command === 'backup' && config().DATABASE_URL) {
		console.error(
			'backup works on SQLite only. For PostgreSQL use pg_dump:\n  pg_dump "$DATABASE_URL" > FILE'
		);
		return 2;
	}
	let db: Db | undefined;
	try {
		db = createDb({ databaseUrl: config().DATABASE_URL, sqlitePath: config().SQLITE_PATH });
		setDb(db);
		const migrated = await migrateToLatest(db);
		switch (command) {
			case 'migrate': {
				const applied = (migrated.results ?? []).filter((r) => r.status === 'Success');
				console.log(
					applied.length > 0
						? `Applied ${applied.length} migration(s): ${applied.map((r) => r.migrationName).join(', ')}.`
						: 'The database is up to date.'
				);
				break;
			}
			case 'demo':
				await demo(db, values);
				break;
			case 'import-people':
				await importPeople(db, arg, values);
				break;
			case 'create-admin':
				await createAdmin(db, arg, values);
				break;
			case 'backup':
				await backup(db, arg);
				break;
			case 'remind': {
				const sent = await sendDueReminders(db);
				console.log(`Sent ${sent.length} reminder(s) for sessions starting within ${reminderHours()} hours.`);
				break;
			}
			case 'nudge': {
				const nudged = await sendDueNudges(db);
				console.log(`Sent ${nudged.length} follow-up nudge(s).`);
				break;
			}
			case 'outbox': {
				if (arg !== 'run') throw new CliError(`Usage: npm run klok -- outbox run`);
				const run = await runOutbox(db);
				console.log(`Outbox: ${describeRun(run) || 'nothing was due'}.`);
				break;
			}
			case 'surveys':
				return await checkAggregates(db, arg, values);
			case 'cycle':
				return await checkTotals(db, arg, values);
			case 'retention':
				return await retention(db, arg, values);
			case 'privacy': {
				if (arg !== 'exports' || positionals[2] !== 'run')
					throw new CliError('Usage: npm run klok -- privacy exports run');
				const run = await runExportJobs(db);
				console.log(`Exports: built ${run.built}, failed ${run.failed}, expired ${run.expired}.`);
				break;
			}
		}
		return 0;
	} catch (e) {
		if (e instanceof CliError) {
			console.error(e.message);
			return e.code;
		}
		console.error(e instanceof Error ? `Error: ${e.message}` : e);
		return 1;
	} finally {
		setDb(undefined);
		await db?.destroy();
	}
}

// Run when executed directly (tsx cli/klok.ts …), not when imported by tests.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
	process.exitCode = await main(process.argv.slice(2));
}
