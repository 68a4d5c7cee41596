import type { MessageKey, MessageParams } from '#lib/i18n/index.ts';
import { isMessageKey } from '#lib/i18n/index.ts';
import { recordAuditMany, type AuditRecord } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import type { NewPerson, UnitKind, UnitType } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { insertUnitsBulk, unitsForImport } from '../organisation/organisation.service.ts';
import { insertPeopleBulk, takenEmails } from '../people/people.service.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import {
	mapColumns,
	personRowSchema,
	unitRowSchema,
	UNIT_KINDS,
	type ImportKind,
	type RawRow
} from './imports.schema.ts';
import { claimJob, discardJob, findJob, insertJob, recentJobs } from './imports.repository.ts';
import { readImportFileInWorker } from './reader.ts';

/**
 * Importing people and units from CSV/XLSX in two steps: a dry-run preview that validates every
 * row (nothing written except the import job holding the rows), then a confirmation that
 * re-validates against the database as it is now and writes every row in ONE transaction.
 *
 * Audit: one `create` entry per created person/unit (so each record's history starts with its
 * import) plus one summary entry (entityType `import`, entityId = the job, or null from the CLI).
 */

/** One problem in one row. `key` is translated for the reader (page: their locale; CLI: English). */
export interface ImportIssue {
	/** Row number as in the file (the header is row 1). */
	row: number;
	field: string;
	value: string;
	key: MessageKey;
	params?: MessageParams;
}

export interface ValidPerson {
	n: number;
	person: Omit<NewPerson, 'programmeId' | 'updatedAt'>;
}

export interface ValidUnit {
	n: number;
	name: string;
	kind: UnitKind;
	code: string | null;
	unitType: UnitType | null;
	/** An existing unit's id, or the index (in `valid`) of an earlier row of the same file. */
	parent: { id: number } | { row: number } | null;
}

export interface Validation {
	kind: ImportKind;
	rowCount: number;
	/** Rows with at least one issue. */
	errorRowCount: number;
	issues: ImportIssue[];
	people: ValidPerson[];
	units: ValidUnit[];
}

interface KnownUnit {
	id: number;
	name: string;
	code: string | null;
	kind: UnitKind;
	closedAt: string | null;
}

const kindRank = (kind: UnitKind) => UNIT_KINDS.indexOf(kind);
const key = (v: string) => v.trim().toLocaleLowerCase('sv');

const loadUnits = (db: Db, programmeId: number): Promise<KnownUnit[]> => unitsForImport(db, programmeId);

/** Finds units by code first, else by name (which must be unique); both case-insensitive. */
class UnitIndex<U extends { name: string; code: string | null }> {
	private byCode = new Map<string, U>();
	private byName = new Map<string, U[]>();
	constructor(units: Iterable<U> = []) {
		for (const u of units) this.add(u);
	}
	add(u: U): void {
		if (u.code) this.byCode.set(key(u.code), u);
		const k = key(u.name);
		const list = this.byName.get(k);
		if (list) list.push(u);
		else this.byName.set(k, [u]);
	}
	code(ref: string): U | undefined {
		return this.byCode.get(key(ref));
	}
	names(ref: string): U[] {
		return this.byName.get(key(ref)) ?? [];
	}
}

function zodIssues(
	row: RawRow,
	issues: readonly { path: readonly PropertyKey[]; message: string }[]
): ImportIssue[] {
	const out: ImportIssue[] = [];
	const seen = new Set<string>();
	for (const issue of issues) {
		const field = String(issue.path[0] ?? '_row');
		if (seen.has(field)) continue; // one message per field is enough to fix it
		seen.add(field);
		out.push({
			row: row.n,
			field,
			value: row.v[field] ?? '',
			key: isMessageKey(issue.message) ? issue.message : 'import.error.invalid'
		});
	}
	return out;
}

async function validatePeople(db: Db, programmeId: number, rows: readonly RawRow[]): Promise<Validation> {
	const units = new UnitIndex(await loadUnits(db, programmeId));
	const taken = await takenEmails(
		db,
		rows.map((r) => key(r.v.email ?? '')).filter((e) => e !== '')
	);
	const firstRowOf = new Map<string, number>();
	const issues: ImportIssue[] = [];
	const people: ValidPerson[] = [];
	let errorRowCount = 0;
	for (const row of rows) {
		const parsed = personRowSchema.safeParse(row.v);
		const rowIssues = parsed.success ? [] : zodIssues(row, parsed.error.issues);
		const problem = (field: string, k: MessageKey, params?: MessageParams) =>
			rowIssues.push({ row: row.n, field, value: row.v[field] ?? '', key: k, ...(params ? { params } : {}) });

		const email = key(row.v.email ?? '');
		if (email && !rowIssues.some((i) => i.field === 'email')) {
			const first = firstRowOf.get(email);
			if (first !== undefined) problem('email', 'import.error.duplicateInFile', { row: String(first) });
			else if (taken.has(email)) problem('email', 'import.error.emailTaken');
			if (first === undefined) firstRowOf.set(email, row.n);
		}

		let unitId: number | null = null;
		const unitRef = (row.v.unit ?? '').trim();
		if (unitRef) {
			const byCode = units.code(unitRef);
			const candidates = byCode ? [byCode] : units.names(unitRef);
			const open = candidates.filter((u) => !u.closedAt);
			if (candidates.length === 0) problem('unit', 'import.error.unknownUnit');
			else if (open.length === 0) problem('unit', 'import.error.unitClosed');
			else if (open.length > 1) problem('unit', 'import.error.ambiguousUnit', { count: open.length });
			else unitId = open[0]?.id ?? null;
		}

		if (rowIssues.length > 0 || !parsed.success) {
			errorRowCount++;
			issues.push(...rowIssues);
			continue;
		}
		const d = parsed.data;
		people.push({
			n: row.n,
			person: {
				unitId,
				name: d.name,
				email: d.email,
				emailNormalized: key(d.email),
				jobCategory: d.job_category,
				gender: d.gender,
				roleStartedOn: d.role_started_on,
				hourlyCost: d.hourly_cost
			}
		});
	}
	return { kind: 'people', rowCount: rows.length, errorRowCount, issues, people, units: [] };
}

interface FileUnit {
	name: string;
	code: string | null;
	kind: UnitKind;
	/** Index in `valid`. */
	index: number;
}

async function validateUnits(db: Db, programmeId: number, rows: readonly RawRow[]): Promise<Validation> {
	const existing = await loadUnits(db, programmeId);
	const known = new UnitIndex(existing);
	const inFile = new UnitIndex<FileUnit>();
	const codeRow = new Map<string, number>();
	const issues: ImportIssue[] = [];
	const units: ValidUnit[] = [];
	let errorRowCount = 0;
	for (const row of rows) {
		const parsed = unitRowSchema.safeParse(row.v);
		const rowIssues = parsed.success ? [] : zodIssues(row, parsed.error.issues);
		const problem = (field: string, k: MessageKey, params?: MessageParams) =>
			rowIssues.push({ row: row.n, field, value: row.v[field] ?? '', key: k, ...(params ? { params } : {}) });
		const kind = parsed.success ? parsed.data.kind : undefined;

		const code = (row.v.code ?? '').trim();
		if (code) {
			const first = codeRow.get(key(code));
			if (first !== undefined) problem('code', 'import.error.duplicateInFile', { row: String(first) });
			else if (known.code(code)) problem('code', 'import.error.codeTaken');
			if (first === undefined) codeRow.set(key(code), row.n);
		}

		let parent: ValidUnit['parent'] = null;
		const parentRef = (row.v.parent ?? '').trim();
		if (parentRef) {
			// Earlier rows of the file first, then the programme's units; codes before names.
			const fileByCode = inFile.code(parentRef);
			const dbByCode = known.code(parentRef);
			const candidates: { kind: UnitKind; ref: NonNullable<ValidUnit['parent']>; closed: boolean }[] =
				fileByCode
					? [{ kind: fileByCode.kind, ref: { row: fileByCode.index }, closed: false }]
					: dbByCode
						? [{ kind: dbByCode.kind, ref: { id: dbByCode.id }, closed: !!dbByCode.closedAt }]
						: [
								...inFile
									.names(parentRef)
									.map((u) => ({ kind: u.kind, ref: { row: u.index }, closed: false })),
								...known
									.names(parentRef)
									.map((u) => ({ kind: u.kind, ref: { id: u.id }, closed: !!u.closedAt }))
							];
			const open = candidates.filter((c) => !c.closed);
			if (candidates.length === 0) problem('parent', 'import.error.unknownParent');
			else if (open.length === 0) problem('parent', 'import.error.unitClosed');
			else if (open.length > 1) problem('parent', 'import.error.ambiguousUnit', { count: open.length });
			else {
				const found = open[0]!;
				if (kind === 'region') problem('parent', 'import.error.regionHasParent');
				else if (kind && kindRank(found.kind) >= kindRank(kind))
					problem('kind', 'import.error.kindOrder', { parentKind: found.kind });
				else parent = found.ref;
			}
		} else if (kind === 'workplace' || kind === 'team') {
			problem('parent', 'import.error.parentRequired');
		}

		if (rowIssues.length > 0 || !parsed.success) {
			errorRowCount++;
			issues.push(...rowIssues);
			continue;
		}
		const d = parsed.data;
		inFile.add({ name: d.name, code: d.code ?? null, kind: d.kind, index: units.length });
		units.push({ n: row.n, name: d.name, kind: d.kind, code: d.code ?? null, unitType: d.unit_type, parent });
	}
	return { kind: 'units', rowCount: rows.length, errorRowCount, issues, people: [], units };
}

/** Validates mapped rows against the programme as it is now. Writes nothing. */
export async function validateImport(
	db: Db,
	programmeId: number,
	kind: ImportKind,
	rows: readonly RawRow[]
): Promise<Validation> {
	return kind === 'people' ? validatePeople(db, programmeId, rows) : validateUnits(db, programmeId, rows);
}

/**
 * Reads (in a worker, with size, row and cell limits), maps and validates a file; the CLI and
 * the page share this. Throws `ImportFileError` for a file that is refused; nothing is stored.
 */
export async function validateFile(
	db: Db,
	programmeId: number,
	kind: ImportKind,
	fileName: string,
	data: Uint8Array
): Promise<{ rows: RawRow[]; validation: Validation }> {
	const rows = mapColumns(kind, await readImportFileInWorker(fileName, data));
	return { rows, validation: await validateImport(db, programmeId, kind, rows) };
}

/**
 * Writes a clean validation. Must run inside a transaction (callers own it) so that all rows
 * or none are stored. Returns the number of records created.
 */
export async function writeImport(
	trx: Db,
	input: { programmeId: number; actorId: number | null; jobId: number | null; fileName: string },
	validation: Validation
): Promise<number> {
	if (validation.errorRowCount > 0) throw new Error('writeImport: the validation has errors');
	const now = nowIso();
	const audit: AuditRecord[] = [];
	const base = { programmeId: input.programmeId, actorId: input.actorId };
	if (validation.kind === 'people') {
		const people = validation.people.map((p) => ({
			...p.person,
			programmeId: input.programmeId,
			updatedAt: now
		}));
		const ids = await insertPeopleBulk(trx, people);
		people.forEach((p, i) =>
			audit.push({ ...base, action: 'create', entityType: 'person', entityId: ids[i] ?? null, after: p })
		);
	} else {
		// Insert level by level so that every parent exists (and has an id) before its children.
		const ids: (number | undefined)[] = [];
		let pending = validation.units.map((u, index) => ({ u, index }));
		while (pending.length > 0) {
			const ready = pending.filter(
				({ u }) => !u.parent || 'id' in u.parent || ids[u.parent.row] !== undefined
			);
			if (ready.length === 0) throw new Error('writeImport: unit parents form a cycle');
			const values = ready.map(({ u }) => ({
				programmeId: input.programmeId,
				parentId: u.parent ? ('id' in u.parent ? u.parent.id : (ids[u.parent.row] as number)) : null,
				kind: u.kind,
				name: u.name,
				code: u.code,
				unitType: u.unitType,
				updatedAt: now
			}));
			const newIds = await insertUnitsBulk(trx, values);
			ready.forEach(({ index }, i) => (ids[index] = newIds[i]));
			values.forEach((v, i) =>
				audit.push({ ...base, action: 'create', entityType: 'unit', entityId: newIds[i] ?? null, after: v })
			);
			const done = new Set(ready.map((r) => r.index));
			pending = pending.filter((p) => !done.has(p.index));
		}
	}
	audit.push({
		...base,
		action: 'import',
		entityType: 'import',
		entityId: input.jobId,
		after: { kind: validation.kind, fileName: input.fileName, created: audit.length }
	});
	await recordAuditMany(trx, audit);
	return audit.length - 1;
}

/** What the preview page shows. */
export interface ImportPreview {
	kind: ImportKind;
	rowCount: number;
	validCount: number;
	errorRowCount: number;
	issues: ImportIssue[];
	/** The first valid rows, as written in the file. */
	sample: RawRow[];
}

function present(validation: Validation, rows: readonly RawRow[], sampleSize = 10): ImportPreview {
	const validRows = new Set(
		(validation.kind === 'people' ? validation.people : validation.units).slice(0, sampleSize).map((r) => r.n)
	);
	return {
		kind: validation.kind,
		rowCount: validation.rowCount,
		validCount: validation.rowCount - validation.errorRowCount,
		errorRowCount: validation.errorRowCount,
		issues: validation.issues,
		sample: rows.filter((r) => validRows.has(r.n))
	};
}

/**
 * Step 1 (page): validates an uploaded file and stores its rows as a `previewed` job, so the
 * confirmation needs no re-upload. Writes no people or units. Throws `ImportFileError` for a
 * file that cannot be read, `AccessDeniedError` without the import permission.
 */
export async function previewImport(
	db: Db,
	actor: Actor,
	input: { programmeId: number; kind: ImportKind; fileName: string; data: Uint8Array }
): Promise<{ jobId: number; preview: ImportPreview }> {
	authorize(actor, 'import', { type: 'programmeAdmin', programmeId: input.programmeId });
	const { rows, validation } = await validateFile(
		db,
		input.programmeId,
		input.kind,
		input.fileName,
		input.data
	);
	const jobId = await insertJob(db, {
		programmeId: input.programmeId,
		personId: actor.personId,
		kind: input.kind,
		fileName: input.fileName.slice(0, 255),
		rows: JSON.stringify(rows),
		rowCount: validation.rowCount,
		errorCount: validation.errorRowCount,
		status: 'previewed'
	});
	return { jobId, preview: present(validation, rows) };
}

export interface ImportJobView {
	id: number;
	programmeId: number;
	kind: ImportKind;
	fileName: string;
	rowCount: number;
	status: 'previewed' | 'imported' | 'discarded';
	createdAt: string;
	finishedAt: string | null;
	/** Re-validated against the database now; only while the job is `previewed`. */
	preview: ImportPreview | null;
}

async function loadJob(db: Db, actor: Actor, jobId: number) {
	const job = await findJob(db, jobId);
	// Refusal and absence look the same (SPEC: never reveal that a record exists).
	if (!job || !can(actor, 'import', { type: 'programmeAdmin', programmeId: job.programmeId }))
		throw new AccessDeniedError();
	return job;
}

/** A job and, while it waits for confirmation, its preview re-validated against the current data. */
export async function getImportJob(db: Db, actor: Actor, jobId: number): Promise<ImportJobView> {
	const job = await loadJob(db, actor, jobId);
	let preview: ImportPreview | null = null;
	if (job.status === 'previewed') {
		const rows = JSON.parse(job.rows) as RawRow[];
		preview = present(await validateImport(db, job.programmeId, job.kind, rows), rows);
	}
	return {
		id: job.id,
		programmeId: job.programmeId,
		kind: job.kind,
		fileName: job.fileName,
		rowCount: job.rowCount,
		status: job.status,
		createdAt: job.createdAt,
		finishedAt: job.finishedAt,
		preview
	};
}

export type ConfirmResult =
	| { ok: true; created: number }
	| { ok: false; reason: 'notPending' }
	| { ok: false; reason: 'errors'; preview: ImportPreview };

/**
 * Step 2: re-validates the stored rows against the database as it is now (someone may have
 * added an e-mail meanwhile) and, when clean, imports every row in one transaction. The job
 * is claimed first (`previewed` → `imported`), so a double submit imports once.
 */
export async function confirmImport(db: Db, actor: Actor, jobId: number): Promise<ConfirmResult> {
	const job = await loadJob(db, actor, jobId);
	if (job.status !== 'previewed') return { ok: false, reason: 'notPending' };
	const rows = JSON.parse(job.rows) as RawRow[];
	return db
		.transaction()
		.execute(async (trx) => {
			if (!(await claimJob(trx, jobId))) return { ok: false, reason: 'notPending' } as const;
			const validation = await validateImport(trx, job.programmeId, job.kind, rows);
			if (validation.errorRowCount > 0) {
				// Nothing of this transaction may stay, the claim included; report the new problems.
				const preview = present(validation, rows);
				throw new ConfirmRefused(preview);
			}
			const created = await writeImport(
				trx,
				{ programmeId: job.programmeId, actorId: actor.personId, jobId, fileName: job.fileName },
				validation
			);
			return { ok: true, created } as const;
		})
		.catch((e: unknown) => {
			if (e instanceof ConfirmRefused) return { ok: false, reason: 'errors', preview: e.preview } as const;
			throw e;
		});
}

class ConfirmRefused extends Error {
	constructor(readonly preview: ImportPreview) {
		super('import has errors');
	}
}

/** Marks a waiting job as discarded (its rows are no longer offered for import). */
export async function discardImport(db: Db, actor: Actor, jobId: number): Promise<void> {
	await loadJob(db, actor, jobId);
	await discardJob(db, jobId);
}

/** The actor's most recent jobs in a programme, newest first (the import page lists them). */
export async function recentImportJobs(db: Db, actor: Actor, programmeId: number, limit = 10) {
	authorize(actor, 'import', { type: 'programmeAdmin', programmeId });
	return recentJobs(db, programmeId, limit);
}

// ---- for the import pages: file limits, file errors and the CSV templates
export { ImportFileError, MAX_FILE_MB } from './parse.ts';
export { templateCsv } from './templates.ts';
