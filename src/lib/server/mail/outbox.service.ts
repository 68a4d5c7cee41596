import { recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import { authorize, outboxScope, type Actor } from '../policy/policy.ts';
import { countOutbox, countUnsent, findOutboxMessage, findOutboxPage } from './outbox.repository.ts';
import { SECRET_MASK } from './mail.service.ts';

export const OUTBOX_PAGE_SIZE = 50;

/**
 * One page of the outbox, newest first; the reading is audited. Throws `AccessDeniedError`
 * without `readOutbox`.
 */
export async function listOutbox(db: Db, actor: Actor, programmeId: number, page = 1) {
	authorize(actor, 'readOutbox', { type: 'programmeAdmin', programmeId });
	const scope = outboxScope(actor, programmeId);
	const total = await countOutbox(db, scope);
	const pages = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
	const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	const rows = await findOutboxPage(db, scope, OUTBOX_PAGE_SIZE, (current - 1) * OUTBOX_PAGE_SIZE);
	await recordAudit(db, {
		programmeId,
		actorId: actor.personId,
		action: 'read',
		entityType: 'outbox',
		entityId: null,
		after: { page: current }
	});
	return { rows, total, page: current, pages, pageSize: OUTBOX_PAGE_SIZE };
}

/**
 * One message in full (as stored: secrets masked), or null when it does not exist or is outside
 * the reader's scope. Reading a message is audited.
 */
export async function getOutboxMessage(db: Db, actor: Actor, programmeId: number, id: number) {
	authorize(actor, 'readOutbox', { type: 'programmeAdmin', programmeId });
	const row = await findOutboxMessage(db, outboxScope(actor, programmeId), id);
	if (!row) return null;
	await recordAudit(db, {
		programmeId,
		actorId: actor.personId,
		action: 'read',
		entityType: 'outbox',
		entityId: row.id,
		after: { kind: row.kind, toAddress: row.toAddress }
	});
	const secretsMasked = row.textBody.includes(SECRET_MASK) || Boolean(row.attachments?.includes(SECRET_MASK));
	return { ...row, secretsMasked };
}

// ---- for home

/** How many of a programme's messages were not delivered by e-mail (the caller checks `readOutbox`). */
export function unsentOutboxCount(db: Db, programmeId: number): Promise<number> {
	return countUnsent(db, programmeId);
}
