import { randomBytes } from 'node:crypto';
import { sessionContext } from '../catalogue/sessions.service.ts';
import { FieldsRuleError, KeyedRuleError } from '../core/errors.ts';
import { parseInput } from '../core/validation.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { AccessDeniedError, authorize, can, sessionResource, type Actor } from '../policy/policy.ts';
import {
	countView,
	deleteRecording,
	findRecording,
	insertRecording,
	readSlice,
	recordingsOfSession,
	setPublished,
	totalViews
} from './recordings.repository.ts';
import { MAX_RECORDING_BYTES, RECORDING_TYPES, recordingInputSchema } from './recordings.schema.ts';

/**
 * Recordings of sessions (issue 13 point 8): filmed lectures, uploaded or linked, shown only
 * to signed-in members of the programme (KUB's lecturers asked for that), published only with
 * the lecturer's consent noted. The id is random, so no URL can be guessed; each view adds to
 * a counter and nothing records who watched.
 */

export interface RecordingView {
	id: string;
	sessionId: number;
	title: string;
	kind: 'upload' | 'link';
	url: string | null;
	fileName: string | null;
	contentType: string | null;
	size: number | null;
	durationSeconds: number | null;
	consentNoted: boolean;
	published: boolean;
	viewCount: number;
}

type Row = NonNullable<Awaited<ReturnType<typeof findRecording>>>;

function present(r: Row): RecordingView {
	return {
		id: r.id,
		sessionId: r.sessionId,
		title: r.title,
		kind: r.url ? 'link' : 'upload',
		url: r.url,
		fileName: r.fileName,
		contentType: r.contentType,
		size: r.size === null ? null : Number(r.size),
		durationSeconds: r.durationSeconds === null ? null : Number(r.durationSeconds),
		consentNoted: r.consentNotedAt !== null,
		published: r.publishedAt !== null,
		viewCount: Number(r.viewCount)
	};
}

/** The session, readable by the actor and a member's programme (else "not found"). */
async function sessionFor(db: Db, actor: Actor, sessionId: number) {
	const session = await sessionContext(db, sessionId);
	if (!session) throw new AccessDeniedError();
	authorize(actor, 'read', sessionResource(session));
	authorize(actor, 'read', { type: 'community', programmeId: session.programmeId });
	return session;
}

/** A session's recordings: published ones for members, all of them for the office. */
export async function listRecordings(db: Db, actor: Actor, sessionId: number) {
	const session = await sessionFor(db, actor, sessionId);
	const manage = can(actor, 'manage', { type: 'community', programmeId: session.programmeId });
	const rows = await recordingsOfSession(db, sessionId, !manage);
	return {
		session: {
			id: session.id,
			title: session.title,
			startsAt: session.startsAt,
			programmeId: session.programmeId
		},
		recordings: rows.map(present),
		manage
	};
}

/** Content type of an upload: the declared one when allowed, else the one its extension implies. */
function recordingType(fileName: string, declared: string): string | null {
	const type = declared.split(';')[0]!.trim().toLowerCase();
	if (RECORDING_TYPES[type]) return type;
	const ext = fileName.toLowerCase().split('.').pop() ?? '';
	for (const [t, exts] of Object.entries(RECORDING_TYPES)) if (exts.includes(ext)) return t;
	return null;
}

function cleanFileName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	return (base.replace(/[\u0000-\u001f\u007f"]/g, '').trim() || 'recording').slice(-200);
}

/**
 * Adds a recording (the office): a link (`url`) or an uploaded file, at most
 * MAX_RECORDING_BYTES. Publishing needs the lecturer's consent ticked.
 */
export async function addRecording(
	db: Db,
	actor: Actor,
	sessionId: number,
	input: unknown,
	file?: { name: string; type: string; content: Uint8Array } | null
): Promise<RecordingView> {
	const session = await sessionFor(db, actor, sessionId);
	authorize(actor, 'manage', { type: 'community', programmeId: session.programmeId });
	const values = parseInput(recordingInputSchema, input, (e) => new FieldsRuleError({}, e));
	const hasFile = file && file.content.byteLength > 0;
	if (!values.url && !hasFile) throw new KeyedRuleError('recordings.error.urlOrFile', 'url');
	if (values.url && hasFile) throw new KeyedRuleError('recordings.error.urlAndFile', 'url');
	if (values.publish && !values.consent) throw new KeyedRuleError('recordings.error.consent', 'consent');
	let upload = null;
	if (hasFile) {
		if (file.content.byteLength > MAX_RECORDING_BYTES)
			throw new KeyedRuleError('recordings.error.tooLarge', 'file', 422, {
				mb: Math.round(MAX_RECORDING_BYTES / 1024 / 1024)
			});
		const contentType = recordingType(file.name, file.type);
		if (!contentType) throw new KeyedRuleError('recordings.error.fileType', 'file');
		upload = {
			fileName: cleanFileName(file.name),
			contentType,
			size: file.content.byteLength,
			content: Buffer.from(file.content)
		};
	}
	const id = randomBytes(16).toString('base64url');
	const now = nowIso();
	await insertRecording(db, {
		id,
		sessionId,
		programmeId: session.programmeId,
		title: values.title,
		url: values.url ?? null,
		fileName: upload?.fileName ?? null,
		contentType: upload?.contentType ?? null,
		size: upload?.size ?? null,
		content: upload?.content ?? null,
		durationSeconds: values.durationMinutes ? values.durationMinutes * 60 : null,
		consentNotedAt: values.consent ? now : null,
		consentNotedBy: values.consent ? actor.personId : null,
		publishedAt: values.publish ? now : null,
		createdBy: actor.personId
	});
	return present((await findRecording(db, id))!);
}

async function recordingFor(db: Db, actor: Actor, id: string) {
	const row = typeof id === 'string' && /^[\w-]{10,40}$/.test(id) ? await findRecording(db, id) : undefined;
	if (!row) throw new AccessDeniedError();
	const session = await sessionFor(db, actor, row.sessionId);
	const manage = can(actor, 'manage', { type: 'community', programmeId: session.programmeId });
	if (!row.publishedAt && !manage) throw new AccessDeniedError();
	return { row, session, manage };
}

/** The watch page: the recording, counted as one view. */
export async function watchRecording(db: Db, actor: Actor, id: string) {
	const { row, session, manage } = await recordingFor(db, actor, id);
	await countView(db, row.id);
	return {
		recording: { ...present(row), viewCount: Number(row.viewCount) + 1 },
		session: { id: session.id, title: session.title, startsAt: session.startsAt },
		manage
	};
}

/** What the file route needs before it reads slices (uploaded recordings only). */
export async function recordingFile(db: Db, actor: Actor, id: string) {
	const { row } = await recordingFor(db, actor, id);
	if (row.url || row.size === null) throw new AccessDeniedError();
	return {
		id: row.id,
		size: Number(row.size),
		contentType: row.contentType ?? 'application/octet-stream',
		read: (start: number, length: number) => readSlice(db, row.id, start, length)
	};
}

export async function publishRecording(db: Db, actor: Actor, id: string, published: boolean): Promise<void> {
	const { row, manage } = await recordingFor(db, actor, id);
	if (!manage) throw new AccessDeniedError();
	if (published && !row.consentNotedAt) throw new KeyedRuleError('recordings.error.consent', 'consent');
	await setPublished(db, row.id, published);
}

export async function removeRecording(db: Db, actor: Actor, id: string): Promise<number> {
	const { row, manage } = await recordingFor(db, actor, id);
	if (!manage) throw new AccessDeniedError();
	await deleteRecording(db, row.id);
	return row.sessionId;
}

/** Total views of a programme's recordings (office figure). */
export async function recordingViews(db: Db, actor: Actor, programmeId: number): Promise<number> {
	authorize(actor, 'manage', { type: 'community', programmeId });
	return totalViews(db, programmeId);
}
