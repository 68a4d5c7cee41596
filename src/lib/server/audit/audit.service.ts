import type { Db } from '../db/database.ts';

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
		| 'reset';
	entityType: 'person' | 'unit' | 'programme' | 'role' | 'import';
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
		await db
			.insertInto('auditLog')
			.values(
				entries.slice(i, i + 500).map((entry) => ({
					programmeId: entry.programmeId,
					actorId: entry.actorId,
					action: entry.action,
					entityType: entry.entityType,
					entityId: entry.entityId,
					before: snapshot(entry.before),
					after: snapshot(entry.after)
				}))
			)
			.execute();
	}
}
