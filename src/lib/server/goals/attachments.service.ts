import { recordAudit } from '../audit/audit.service.ts';
import { acceptUpload } from '../catalogue/catalogue.service.ts';
import { FieldsRuleError } from '../core/errors.ts';
import type { Db } from '../db/database.ts';
import { AccessDeniedError, authorize, type Actor } from '../policy/policy.ts';
import {
	attachmentContent,
	attachmentsOfGoal,
	attachmentsOfMeetingPage,
	deleteAttachmentRow,
	findAttachment,
	insertAttachment
} from './attachments.repository.ts';
import { findGoal, findMeeting } from './goals.repository.ts';

/**
 * Attachments on a goal's assessment (interview notes, the survey report behind a manual
 * verdict) and on a steering-group meeting (minutes, papers). Stored like catalogue materials
 * (in the database, the same size limit and type allow-list, `acceptUpload`), uploaded by the
 * office, and read by whoever may read the goal table or the decisions log: the download
 * checks the policy on every request and answers "not found" otherwise; ids are never a
 * public address.
 */

export class AttachmentError extends FieldsRuleError {}

export type AttachmentOwner = { goalId: number } | { meetingId: number };

export interface AttachmentView {
	id: number;
	fileName: string;
	contentType: string;
	size: number;
	createdAt: string;
}

interface UploadedFile {
	name: string;
	type: string;
	content: Uint8Array;
}

/** The owner's programme and the resource that guards it. */
async function ownerOf(db: Db, owner: AttachmentOwner) {
	if ('goalId' in owner) {
		const g = await findGoal(db, owner.goalId);
		if (!g) throw new AccessDeniedError();
		return {
			programmeId: g.programmeId,
			resource: { type: 'goals' as const, programmeId: g.programmeId },
			audit: { entityType: 'goal' as const, entityId: g.id }
		};
	}
	const m = await findMeeting(db, owner.meetingId);
	if (!m) throw new AccessDeniedError();
	return {
		programmeId: m.programmeId,
		resource: { type: 'decisions' as const, programmeId: m.programmeId },
		audit: { entityType: 'steeringMeeting' as const, entityId: m.id }
	};
}

const view = (r: {
	id: number;
	fileName: string;
	contentType: string;
	size: number;
	createdAt: string;
}): AttachmentView => ({
	id: r.id,
	fileName: r.fileName,
	contentType: r.contentType,
	size: Number(r.size),
	createdAt: String(r.createdAt)
});

/** Attaches a file to a goal or a meeting (the office); audited. */
export async function addAttachment(
	db: Db,
	actor: Actor,
	owner: AttachmentOwner,
	file: UploadedFile
): Promise<AttachmentView> {
	const o = await ownerOf(db, owner);
	authorize(actor, 'manage', o.resource);
	const accepted = acceptUpload(file);
	if (!accepted.ok) throw new AttachmentError({ file: accepted.error });
	return db.transaction().execute(async (trx) => {
		const row = await insertAttachment(trx, {
			programmeId: o.programmeId,
			goalId: 'goalId' in owner ? owner.goalId : null,
			meetingId: 'meetingId' in owner ? owner.meetingId : null,
			fileName: accepted.fileName,
			contentType: accepted.contentType,
			size: file.content.byteLength,
			content: Buffer.from(file.content),
			uploadedBy: actor.personId
		});
		await recordAudit(trx, {
			programmeId: o.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: o.audit.entityType,
			entityId: o.audit.entityId,
			after: { attachmentAdded: accepted.fileName, size: file.content.byteLength }
		});
		return view(row);
	});
}

/** Removes an attachment (the office); audited. */
export async function removeAttachment(db: Db, actor: Actor, id: number): Promise<void> {
	const a = await findAttachment(db, id);
	if (!a) throw new AccessDeniedError();
	const o = await ownerOf(db, a.goalId !== null ? { goalId: a.goalId } : { meetingId: a.meetingId! });
	authorize(actor, 'manage', o.resource);
	await db.transaction().execute(async (trx) => {
		if (!(await deleteAttachmentRow(trx, id))) throw new AccessDeniedError();
		await recordAudit(trx, {
			programmeId: o.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: o.audit.entityType,
			entityId: o.audit.entityId,
			before: { attachmentRemoved: a.fileName }
		});
	});
}

/** A goal's attachments (the caller has authorised reading the goal). */
export async function goalAttachments(db: Db, goalId: number): Promise<AttachmentView[]> {
	return (await attachmentsOfGoal(db, goalId)).map(view);
}

/** The attachments of one page of the decisions log's meetings (the caller has authorised reading it). */
export async function meetingPageAttachments(db: Db, programmeId: number, limit: number, offset: number) {
	return (await attachmentsOfMeetingPage(db, programmeId, limit, offset)).map((r) => ({
		...view(r),
		meetingId: r.meetingId
	}));
}

/** The file, for whoever may read its goal or decisions log; anyone else gets "not found". */
export async function getAttachmentFile(db: Db, actor: Actor, id: number) {
	const a = await findAttachment(db, id);
	if (!a) throw new AccessDeniedError();
	const o = await ownerOf(db, a.goalId !== null ? { goalId: a.goalId } : { meetingId: a.meetingId! });
	authorize(actor, 'read', o.resource);
	const body = await attachmentContent(db, id);
	if (!body) throw new AccessDeniedError();
	return {
		fileName: a.fileName,
		contentType: a.contentType,
		size: Number(a.size),
		content: new Uint8Array(body.content)
	};
}
