import { recordAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import { authorize, isAdmin, type Actor } from '../policy/policy.ts';
import { SECRET_MASK } from './mail.service.ts';

export const OUTBOX_PAGE_SIZE = 50;

/**
 * Which outbox rows a reader sees in a programme: the programme's own messages plus
 * messages to its people (reset mails carry no programme of their own). Admins see all.
 */
function scoped(db: Db, actor: Actor, programmeId: number) {
	const query = db.selectFrom('outbox');
	if (isAdmin(actor)) return query;
	return query.where((eb) =>
		eb.or([
			eb('outbox.programmeId', '=', programmeId),
			eb(
				'outbox.personId',
				'in',
				eb.selectFrom('people').select('people.id').where('people.programmeId', '=', programmeId)
			)
		])
	);
}

/**
 * One page of the outbox, newest first; the reading is audited. Throws `AccessDeniedError`
 * without `readOutbox`.
 */
export async function listOutbox(db: Db, actor: Actor, programmeId: number, page = 1) {
	authorize(actor, 'readOutbox', { type: 'programmeAdmin', programmeId });
	const { total } = await scoped(db, actor, programmeId)
		.select((eb) => eb.fn.countAll<number>().as('total'))
		.executeTakeFirstOrThrow();
	const pages = Math.max(1, Math.ceil(Number(total) / OUTBOX_PAGE_SIZE));
	const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	const rows = await scoped(db, actor, programmeId)
		.select(['id', 'toAddress', 'subject', 'kind', 'createdAt', 'sentAt', 'error'])
		.orderBy('createdAt', 'desc')
		.orderBy('id', 'desc')
		.limit(OUTBOX_PAGE_SIZE)
		.offset((current - 1) * OUTBOX_PAGE_SIZE)
		.execute();
	await recordAudit(db, {
		programmeId,
		actorId: actor.personId,
		action: 'read',
		entityType: 'outbox',
		entityId: null,
		after: { page: current }
	});
	return { rows, total: Number(total), page: current, pages, pageSize: OUTBOX_PAGE_SIZE };
}

/**
 * One message in full (as stored: secrets masked), or null when it does not exist or is outside
 * the reader's scope. Reading a message is audited.
 */
export async function getOutboxMessage(db: Db, actor: Actor, programmeId: number, id: number) {
	authorize(actor, 'readOutbox', { type: 'programmeAdmin', programmeId });
	const row = await scoped(db, actor, programmeId)
		.select(['id', 'toAddress', 'subject', 'kind', 'textBody', 'createdAt', 'sentAt', 'error', 'attachments'])
		.where('outbox.id', '=', id)
		.executeTakeFirst();
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
