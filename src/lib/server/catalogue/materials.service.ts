import { recordAudit } from '../audit/audit.service.ts';
import type { RuleMessage } from '../core/errors.ts';
import type { Db } from '../db/database.ts';
import { AccessDeniedError, authorize, type Actor } from '../policy/policy.ts';
import { deleteMaterialRow, findActivity, findMaterial, insertMaterial } from './catalogue.repository.ts';
import { activityOr404, activityResource, CatalogueError } from './catalogue.access.ts';
import type { MaterialView } from './catalogue.presenter.ts';
import { MATERIAL_TYPES, MAX_MATERIAL_BYTES } from './catalogue.schema.ts';

/** Materials: files attached to an activity. */

/** Content type for an upload: the declared one when allowed, else the one its extension implies. */
function materialType(fileName: string, declared: string): string | null {
	const type = declared.split(';')[0]!.trim().toLowerCase();
	const ext = fileName.toLowerCase().split('.').pop() ?? '';
	if (MATERIAL_TYPES[type]) return type;
	for (const [t, exts] of Object.entries(MATERIAL_TYPES)) if (exts.includes(ext)) return t;
	return null;
}

/** A safe display name: no path, no control characters, at most 200 characters. */
function cleanFileName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
	return (clean || 'file').slice(-200);
}

/**
 * Checks an uploaded file against the materials' rules (not empty, at most 20 MB, a document,
 * office file, image or text by type or extension) and gives its safe name and content type,
 * or the message key of the refusal. Other domains' attachments (goals, meetings) use the same rules.
 */
export function acceptUpload(file: {
	name: string;
	type: string;
	content: Uint8Array;
}): { ok: true; fileName: string; contentType: string } | { ok: false; error: RuleMessage } {
	if (file.content.byteLength === 0) return { ok: false, error: 'catalogue.error.fileEmpty' };
	if (file.content.byteLength > MAX_MATERIAL_BYTES)
		return { ok: false, error: 'catalogue.error.fileTooLarge' };
	const contentType = materialType(file.name, file.type);
	if (!contentType) return { ok: false, error: 'catalogue.error.fileType' };
	return { ok: true, fileName: cleanFileName(file.name), contentType };
}

/** Attaches a file to an activity (programme office): at most 20 MB, documents, office files, images or text. */
export async function addMaterial(
	db: Db,
	actor: Actor,
	activityId: number,
	file: { name: string; type: string; content: Uint8Array }
): Promise<MaterialView> {
	const activity = await activityOr404(db, actor, activityId, 'update');
	const accepted = acceptUpload(file);
	if (!accepted.ok) throw new CatalogueError({ file: accepted.error });
	const { fileName, contentType } = accepted;
	return db.transaction().execute(async (trx) => {
		const row = await insertMaterial(trx, {
			activityId,
			fileName,
			contentType,
			size: file.content.byteLength,
			content: Buffer.from(file.content),
			uploadedBy: actor.personId
		});
		await recordAudit(trx, {
			programmeId: activity.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'activity',
			entityId: activityId,
			after: { materialAdded: fileName, size: row.size }
		});
		return row;
	});
}

/** Removes a material (programme office). */
export async function deleteMaterial(
	db: Db,
	actor: Actor,
	activityId: number,
	materialId: number
): Promise<void> {
	const activity = await activityOr404(db, actor, activityId, 'update');
	await db.transaction().execute(async (trx) => {
		const gone = await deleteMaterialRow(trx, activityId, materialId);
		if (!gone) throw new CatalogueError({ _form: 'error.unknownId' });
		await recordAudit(trx, {
			programmeId: activity.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'activity',
			entityId: activityId,
			before: { materialRemoved: gone.fileName }
		});
	});
}

/** A material's file, for whoever may read its activity. */
export async function getMaterialFile(db: Db, actor: Actor, materialId: number) {
	const row = await findMaterial(db, materialId);
	const activity = row ? await findActivity(db, row.activityId) : undefined;
	if (!row || !activity) throw new AccessDeniedError();
	authorize(actor, 'read', activityResource(activity));
	return {
		fileName: row.fileName,
		contentType: row.contentType,
		size: Number(row.size),
		content: new Uint8Array(row.content)
	};
}
