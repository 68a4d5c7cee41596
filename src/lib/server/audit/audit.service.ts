import type { Db } from '../db/database.ts';
import type { AuditFilter } from './audit.repository.ts';
import { authorize, type Actor } from '../policy/policy.ts';
import {
	findAuditBatch,
	findAuditEntries,
	findRecentChanges,
	insertAuditRows,
	personName,
	unitNames
} from './audit.repository.ts';

/**
 * The audit log: who changed what, when, with before and after. Call inside the same
 * transaction as the change, so the log and the data never disagree.
 */
export interface AuditRecord {
	programmeId: number | null;
	actorId: number | null;
	action:
		| 'create'
		| 'update'
		| 'deactivate'
		| 'reactivate'
		| 'move'
		| 'close'
		| 'reopen'
		| 'grant'
		| 'revoke'
		| 'import'
		| 'export'
		| 'reset'
		| 'publish'
		| 'unpublish'
		| 'archive'
		| 'cancel'
		// reading something sensitive (the outbox)
		| 'read'
		// privacy (issue 14): a data export's download, an erasure, a retention run, a sign-in
		| 'download'
		| 'erase'
		| 'retention'
		| 'signIn'
		// posts and comments
		| 'delete'
		// budget items (an expense entered by mistake)
		| 'delete';
	entityType:
		| 'person'
		| 'unit'
		| 'programme'
		| 'role'
		| 'import'
		| 'activity'
		| 'session'
		| 'report'
		| 'process'
		// a walk-in added at attendance (issue 15.14)
		| 'registration'
		// plans
		| 'swotItem'
		| 'need'
		| 'workplacePlan'
		| 'individualPlan'
		| 'developmentDialogue'
		// surveys
		| 'survey'
		| 'outbox'
		// privacy (issue 14)
		| 'personalData'
		| 'privacySettings'
		| 'logbookEntry'
		// open standards (issue 14)
		| 'badgeAchievement'
		| 'badgeCredential'
		// posts
		| 'post'
		| 'postComment'
		| 'postSettings'
		// budget, follow-up visits, the funder report (issue 12)
		| 'budget'
		| 'visit'
		| 'funderReport'
		// goals and the decisions log (issue 12)
		| 'goal'
		| 'goalSettings'
		| 'goalSnapshot'
		| 'steeringMeeting'
		| 'steeringDecision';
	entityId: number | null;
	before?: unknown;
	after?: unknown;
}

/** Fields never copied into the log. */
const SECRET_FIELDS = new Set(['passwordHash', 'tokenHash']);

function snapshot(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	return JSON.stringify(value, (key, v) => (SECRET_FIELDS.has(key) ? undefined : v));
}

export async function recordAudit(db: Db, entry: AuditRecord): Promise<void> {
	await recordAuditMany(db, [entry]);
}

/** Several entries in one insert (imports). */
export async function recordAuditMany(db: Db, entries: AuditRecord[]): Promise<void> {
	for (let i = 0; i < entries.length; i += 500) {
		await insertAuditRows(
			db,
			entries.slice(i, i + 500).map((entry) => ({
				programmeId: entry.programmeId,
				actorId: entry.actorId,
				action: entry.action,
				entityType: entry.entityType,
				entityId: entry.entityId,
				before: snapshot(entry.before),
				after: snapshot(entry.after)
			}))
		);
	}
}

export const AUDIT_ENTITY_TYPES = ['person', 'unit', 'programme', 'role', 'import', 'outbox'] as const;

/** One changed field: values as stored (the page translates enums and names). */
export interface AuditChange {
	field: string;
	before: unknown;
	after: unknown;
}

export interface AuditEntryView {
	id: number;
	action: string;
	entityType: string;
	entityId: number | null;
	/** Current name of the person or unit the entry is about, if it still exists. */
	entityName: string | null;
	actorId: number | null;
	actorName: string | null;
	createdAt: string;
	changes: AuditChange[];
}

function parseSnapshot(text: string | null): Record<string, unknown> {
	if (!text) return {};
	try {
		const value: unknown = JSON.parse(text);
		return value && typeof value === 'object' && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: {};
	} catch {
		return {};
	}
}

/** The fields that differ between two snapshots, in the order they first appear. */
export function diffSnapshots(before: string | null, after: string | null): AuditChange[] {
	const b = parseSnapshot(before);
	const a = parseSnapshot(after);
	const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
	return fields
		.filter((f) => JSON.stringify(b[f] ?? null) !== JSON.stringify(a[f] ?? null))
		.map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null }));
}

/**
 * The programme's audit log for the programme office: newest first, filtered by entity type
 * and/or the person acted on, each entry with its field-by-field changes. Unit ids in the
 * changes are resolved to names in `unitNames`.
 */
export async function listAudit(
	db: Db,
	actor: Actor,
	programmeId: number,
	query: {
		entityType?: string | undefined;
		personId?: number | undefined;
		actorId?: number | undefined;
		action?: string | undefined;
		from?: string | undefined;
		to?: string | undefined;
		page: number;
		pageSize: number;
	}
): Promise<{
	data: AuditEntryView[];
	page: number;
	pageSize: number;
	total: number;
	unitNames: Record<number, string>;
	personName: string | null;
	actorName: string | null;
}> {
	authorize(actor, 'readAudit', { type: 'programmeAdmin', programmeId });
	const { rows, total } = await findAuditEntries(
		db,
		{
			programmeId,
			entityType: query.entityType,
			personId: query.personId,
			actorId: query.actorId,
			action: query.action,
			from: query.from,
			to: query.to
		},
		query
	);
	const data = rows.map((r) => ({
		id: r.id,
		action: r.action,
		entityType: r.entityType,
		entityId: r.entityId,
		entityName: r.targetPersonName ?? r.targetUnitName ?? null,
		actorId: r.actorId,
		actorName: r.actorName,
		createdAt: r.createdAt,
		changes: diffSnapshots(r.before, r.after)
	}));
	const ids = new Set<number>();
	for (const entry of data)
		for (const c of entry.changes)
			if (c.field === 'unitId' || c.field === 'parentId')
				for (const v of [c.before, c.after]) if (typeof v === 'number') ids.add(v);
	const names = await unitNames(db, [...ids]);
	return {
		data,
		page: query.page,
		pageSize: query.pageSize,
		total,
		unitNames: Object.fromEntries(names),
		personName:
			query.personId !== undefined ? ((await personName(db, programmeId, query.personId)) ?? null) : null,
		actorName:
			query.actorId !== undefined ? ((await personName(db, programmeId, query.actorId)) ?? null) : null
	};
}

// ---- for home

export interface RecentAuditEntry {
	id: number;
	actorName: string | null;
	action: string;
	entityType: string;
	createdAt: string;
}

/**
 * The newest changes recorded in a programme's audit log (readings of sensitive data are left
 * to the audit page). The caller checks `readAudit`.
 */
export function recentChanges(db: Db, programmeId: number, limit: number): Promise<RecentAuditEntry[]> {
	return findRecentChanges(db, programmeId, limit);
}

// ---- filters and the CSV export (issue 14)

/** Actions the audit page filters by. */
export const AUDIT_ACTIONS = [
	'create',
	'update',
	'deactivate',
	'reactivate',
	'grant',
	'revoke',
	'import',
	'export',
	'read',
	'download',
	'erase',
	'retention',
	'signIn'
] as const;

function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	let text = String(value);
	// A leading =, +, - or @ would run as a formula in a spreadsheet.
	if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
	return /[",\n\r;]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/**
 * The filtered log as CSV, written in batches (never the whole log in memory). The export
 * itself is recorded. Throws AccessDeniedError for anyone but the office (and admins).
 */
export async function exportAuditCsv(
	db: Db,
	actor: Actor,
	filter: Omit<AuditFilter, 'programmeId'> & { programmeId: number }
): Promise<AsyncGenerator<string>> {
	authorize(actor, 'readAudit', { type: 'programmeAdmin', programmeId: filter.programmeId });
	await recordAudit(db, {
		programmeId: filter.programmeId,
		actorId: actor.personId,
		action: 'export',
		entityType: 'programme',
		entityId: filter.programmeId,
		after: { auditLog: { ...filter, programmeId: undefined } }
	});
	async function* rows() {
		yield (
			['id', 'createdAt', 'actorId', 'actorName', 'action', 'entityType', 'entityId', 'before', 'after']
				.map(csvCell)
				.join(',') + '\r\n'
		);
		let afterId = 0;
		for (;;) {
			const batch = await findAuditBatch(db, filter, afterId, 1000);
			if (batch.length === 0) return;
			yield batch
				.map(
					(r) =>
						[r.id, r.createdAt, r.actorId, r.actorName, r.action, r.entityType, r.entityId, r.before, r.after]
							.map(csvCell)
							.join(',') + '\r\n'
				)
				.join('');
			afterId = batch[batch.length - 1]!.id;
		}
	}
	return rows();
}
