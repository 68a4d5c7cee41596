import type { z } from 'zod';
import { translate, translatePlural, type Locale } from '#lib/i18n/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { config } from '../config/config.ts';
import { FieldsRuleError, type RuleMessage } from '../core/errors.ts';
import { parseInput } from '../core/validation.ts';
import type { Db } from '../db/database.ts';
import { LOCALES, type PostAudience, type PostKind, type PostStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import {
	activitiesByTitle,
	activityProgrammeId,
	activityTitles,
	listTracks,
	sessionsByTitle,
	sessionTitles,
	localToUtc,
	sessionContext,
	utcToLocal
} from '../catalogue/catalogue.service.ts';
import { queueMail, registerMailRenderer, wakeOutbox, type RenderOutcome } from '../mail/mail.service.ts';
import { programmeById, programmeTimeZone } from '../organisation/organisation.service.ts';
import {
	AccessDeniedError,
	authorize,
	can,
	postListScope,
	type Actor,
	type Resource
} from '../policy/policy.ts';
import { processesByTitle, processProgrammeId, processTitle } from '../processes/processes.service.ts';
import { networksByName, networkSummary } from '../networks/networks.service.ts';
import { searchActivePeople } from '../people/people.service.ts';
import { pickMatches } from '../core/picker.ts';
import { indexDocument, removeDocument } from '../search/search.service.ts';
import { activityEvaluations, type EvaluationSummary } from '../surveys/course-evaluation.service.ts';
import {
	authorsOf,
	closeNotice,
	commentPage,
	commentsInWindow,
	countByMonth,
	countBySubject,
	deleteComment as deleteCommentRow,
	deletePostRow,
	filesOf,
	findComment,
	findFile,
	findPost,
	findPostPage,
	findSettings,
	findSubjectBySlug,
	findSubjects,
	findSubjectsBySlugs,
	insertComment,
	insertFile,
	insertPost,
	insertSubject,
	neighbours,
	openNotice,
	otherAuthorIds,
	peopleInProgramme,
	personContact,
	setAuthors,
	insertAuthor,
	deleteAuthor,
	setTags,
	subjectsOf,
	updateComment,
	updatePostRow,
	upsertSettings,
	type PostFilter,
	type PostRow,
	countPublished
} from './posts.repository.ts';
import {
	commentInputSchema,
	COMMENTS_PAGE_SIZE,
	MAX_ATTACHMENT_BYTES,
	MAX_IMAGE_BYTES,
	postInputSchema,
	postListQuerySchema,
	POSTS_PAGE_SIZE,
	postAuthorInputSchema,
	postLinkInputSchema,
	postPickerTermsSchema,
	settingsInputSchema,
	subjectInputSchema,
	type PostInput
} from './posts.schema.ts';
import { excerpt, plainComment, sanitizePostBody } from './sanitize.ts';
import { registerGoalCountSource } from '../goals/goals.service.ts';

/**
 * Posts (issue 13): news, course reports, study-trip and process stories; their archive by
 * month and subject, comments with a batched mail to the authors, files, and the public feed.
 * Every write keeps the post's search entry in the same transaction.
 */

export class PostsError extends FieldsRuleError {}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	return parseInput(schema, input, (e) => new PostsError({}, e));
}

// ---- settings

export interface PostSettings {
	managersMayWrite: boolean;
	participantsMayWrite: boolean;
}

async function settingsOf(db: Db, programmeId: number): Promise<PostSettings> {
	const row = await findSettings(db, programmeId);
	return { managersMayWrite: !!row?.managersMayWrite, participantsMayWrite: !!row?.participantsMayWrite };
}

function resourceOf(
	row: {
		id: number;
		programmeId: number;
		status: PostStatus;
		publishAt: string | null;
		audience: PostAudience;
	},
	authorIds: readonly number[],
	settings: PostSettings
): Extract<Resource, { type: 'post' }> {
	return {
		type: 'post',
		id: row.id,
		programmeId: row.programmeId,
		authorIds,
		visible: isVisible(row),
		audience: row.audience,
		...settings
	};
}

function isVisible(row: { status: PostStatus; publishAt: string | null }): boolean {
	return row.status === 'published' && row.publishAt !== null && row.publishAt <= nowIso();
}

/** May the actor write posts in the programme (the "new post" link)? */
export async function canWritePosts(db: Db, actor: Actor, programmeId: number): Promise<boolean> {
	const settings = await settingsOf(db, programmeId);
	return can(actor, 'create', newPostResource(programmeId, settings));
}

function newPostResource(programmeId: number, settings: PostSettings) {
	return resourceOf(
		{ id: 0, programmeId, status: 'draft', publishAt: null, audience: 'members' },
		[],
		settings
	);
}

/** The programme's post settings (the office). */
export async function getPostSettings(db: Db, actor: Actor, programmeId: number): Promise<PostSettings> {
	authorize(actor, 'moderate', newPostResource(programmeId, await settingsOf(db, programmeId)));
	return settingsOf(db, programmeId);
}

export async function updatePostSettings(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<PostSettings> {
	const before = await settingsOf(db, programmeId);
	authorize(actor, 'moderate', newPostResource(programmeId, before));
	const data = parse(settingsInputSchema, input);
	await db.transaction().execute(async (trx) => {
		await upsertSettings(trx, programmeId, {
			managersMayWrite: data.managersMayWrite ? 1 : 0,
			participantsMayWrite: data.participantsMayWrite ? 1 : 0
		});
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'postSettings',
			entityId: programmeId,
			before,
			after: data
		});
	});
	return data;
}

// ---- vocabulary

export interface SubjectView {
	id: number;
	slug: string;
	name: string;
}

export async function listSubjects(db: Db, programmeId: number): Promise<SubjectView[]> {
	return findSubjects(db, programmeId);
}

/** A URL-safe slug of a subject name; Nordic letters folded (å/ä → a, ö/ø → o, æ → ae). */
export function slugOf(name: string): string {
	return name
		.toLocaleLowerCase('sv')
		.replace(/[åä]/g, 'a')
		.replace(/[öø]/g, 'o')
		.replace(/æ/g, 'ae')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
}

/** Adds a subject to the programme's vocabulary (the office). */
export async function addSubject(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<SubjectView> {
	authorize(actor, 'moderate', newPostResource(programmeId, await settingsOf(db, programmeId)));
	const { name } = parse(subjectInputSchema, input);
	const slug = slugOf(name);
	if (!slug) throw new PostsError({ name: 'posts.error.subjectName' });
	const row = await insertSubject(db, programmeId, slug, name);
	if (!row) throw new PostsError({ name: 'posts.error.subjectTaken' }, undefined, true);
	return row;
}

// ---- writing

export interface PostView {
	id: number;
	programmeId: number;
	kind: PostKind;
	title: string;
	bodyHtml: string;
	language: Locale;
	status: PostStatus;
	publishAt: string | null;
	/** Published and due. */
	visible: boolean;
	scheduled: boolean;
	audience: PostAudience;
	trackId: number | null;
	trackName: string | null;
	subjects: SubjectView[];
	authors: { id: number; name: string }[];
	activityId: number | null;
	sessionId: number | null;
	processId: number | null;
	networkId: number | null;
	evaluation: EvaluationSummary | null;
	files: { id: number; fileName: string; contentType: string; size: number; url: string }[];
	createdAt: string;
	updatedAt: string;
}

async function presentPost(db: Db, row: PostRow): Promise<PostView> {
	const [authors, subjects, files, tracks] = await Promise.all([
		authorsOf(db, row.id),
		subjectsOf(db, row.id),
		filesOf(db, row.id),
		row.trackId ? listTracks(db, row.programmeId) : Promise.resolve([])
	]);
	return {
		id: row.id,
		programmeId: row.programmeId,
		kind: row.kind,
		title: row.title,
		bodyHtml: row.bodyHtml,
		language: row.language,
		status: row.status,
		publishAt: row.publishAt,
		visible: isVisible(row),
		scheduled: row.status === 'published' && !!row.publishAt && row.publishAt > nowIso(),
		audience: row.audience,
		trackId: row.trackId,
		trackName: tracks.find((t) => t.id === row.trackId)?.name ?? null,
		subjects,
		authors: authors.map((a) => ({ id: a.id, name: a.name })),
		activityId: row.activityId,
		sessionId: row.sessionId,
		processId: row.processId,
		networkId: row.networkId,
		evaluation: row.evaluationJson ? (JSON.parse(row.evaluationJson) as EvaluationSummary) : null,
		files: files.map((f) => ({ ...f, size: Number(f.size), url: `/posts/files/${f.id}` })),
		createdAt: row.createdAt,
		updatedAt: row.updatedAt
	};
}

/** Checks the input's references against the programme; the values to store. */
async function resolveInput(db: Db, actor: Actor, programmeId: number, data: PostInput, before?: PostRow) {
	const errors: Record<string, RuleMessage> = {};
	if (data.trackId) {
		const tracks = await listTracks(db, programmeId);
		if (!tracks.some((t) => t.id === data.trackId)) errors.trackId = 'posts.error.unknownTrack';
	}
	const slugs = [...new Set(data.subjects)];
	const subjects = await findSubjectsBySlugs(db, programmeId, slugs);
	if (subjects.length !== slugs.length) errors.subjects = 'posts.error.unknownTag';
	let activityId = data.activityId ?? null;
	if (data.sessionId) {
		const s = await sessionContext(db, data.sessionId);
		if (!s || s.programmeId !== programmeId) errors.sessionId = 'error.unknownId';
		else activityId ??= s.activityId;
	}
	if (activityId && (await activityProgrammeId(db, activityId)) !== programmeId)
		errors.activityId = 'error.unknownId';
	if (data.processId && (await processProgrammeId(db, data.processId)) !== programmeId)
		errors.processId = 'error.unknownId';
	if (data.networkId && (await networkSummary(db, data.networkId))?.programmeId !== programmeId)
		errors.networkId = 'error.unknownId';
	const coAuthors = [...new Set(data.authorIds)].filter((id) => id !== actor.personId);
	const known = await peopleInProgramme(db, programmeId, coAuthors);
	if (known.length !== coAuthors.length) errors.authorIds = 'error.unknownId';

	const now = nowIso();
	let status: PostStatus = 'draft';
	let publishAt: string | null = null;
	if (data.publish === 'now') {
		status = 'published';
		// Republishing keeps the original date (the archive does not move).
		publishAt =
			before?.status === 'published' && before.publishAt && before.publishAt <= now ? before.publishAt : now;
	} else if (data.publish === 'schedule') {
		status = 'published';
		const at = data.publishAt ? await instantOf(db, programmeId, data.publishAt) : null;
		if (!at) errors.publishAt = 'posts.error.publishAt';
		else if (at <= now && at !== before?.publishAt) errors.publishAt = 'posts.error.scheduleInPast';
		else publishAt = at;
	}
	if (Object.keys(errors).length) throw new PostsError(errors);
	return {
		status,
		publishAt,
		activityId,
		subjectIds: subjects.map((s) => s.id),
		authorIds: before ? null : [actor.personId, ...known]
	};
}

async function instantOf(db: Db, programmeId: number, value: string): Promise<string | null> {
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
		const t = Date.parse(value);
		return Number.isNaN(t) ? null : new Date(t).toISOString();
	}
	return localToUtc(value, (await programmeTimeZone(db, programmeId)) ?? 'Europe/Stockholm');
}

/** The evaluation summary a course report embeds: the latest one the writer may read, k-protected. */
async function evaluationFor(
	db: Db,
	actor: Actor,
	data: PostInput,
	activityId: number | null
): Promise<string | null> {
	if (!data.embedEvaluation || data.kind !== 'course_report' || !activityId) return null;
	const [latest] = await activityEvaluations(db, actor, activityId, data.language);
	return latest ? JSON.stringify(latest) : null;
}

async function indexPost(trx: Db, row: PostRow): Promise<void> {
	await indexDocument(trx, {
		kind: 'post',
		refId: row.id,
		programmeId: row.programmeId,
		language: row.language,
		title: row.title,
		body: row.bodyHtml,
		url: `/posts/${row.id}`,
		subkind: row.kind,
		trackId: row.trackId,
		audience: row.audience,
		visibleFrom: row.status === 'published' ? row.publishAt : null,
		publishedAt: row.publishAt
	});
}

/** Writes a new post (the office; managers and participants where the programme allows). */
export async function createPost(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<PostView> {
	const settings = await settingsOf(db, programmeId);
	authorize(actor, 'create', newPostResource(programmeId, settings));
	const data = parse(postInputSchema, input);
	const resolved = await resolveInput(db, actor, programmeId, data);
	const evaluationJson = await evaluationFor(db, actor, data, resolved.activityId);
	const row = await db.transaction().execute(async (trx) => {
		const row = await insertPost(trx, {
			programmeId,
			kind: data.kind,
			title: data.title,
			bodyHtml: sanitizePostBody(data.body),
			language: data.language,
			status: resolved.status,
			publishAt: resolved.publishAt,
			audience: data.audience,
			trackId: data.trackId ?? null,
			activityId: resolved.activityId,
			sessionId: data.sessionId ?? null,
			processId: data.processId ?? null,
			networkId: data.networkId ?? null,
			embedEvaluation: data.embedEvaluation ? 1 : 0,
			evaluationJson,
			createdBy: actor.personId,
			updatedAt: nowIso()
		});
		await setAuthors(trx, row.id, resolved.authorIds!);
		await setTags(trx, row.id, resolved.subjectIds);
		await indexPost(trx, row);
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'post',
			entityId: row.id,
			after: { title: row.title, kind: row.kind, status: row.status, publishAt: row.publishAt }
		});
		return row;
	});
	return presentPost(db, row);
}

async function postFor(
	db: Db,
	actor: Actor | null,
	id: number,
	action: 'read' | 'update' | 'comment' | 'moderate'
) {
	const row = await findPost(db, id);
	if (!row) throw new AccessDeniedError();
	const [authors, settings] = await Promise.all([authorsOf(db, id), settingsOf(db, row.programmeId)]);
	const resource = resourceOf(
		row,
		authors.map((a) => a.id),
		settings
	);
	if (actor) authorize(actor, action, resource);
	else if (!(action === 'read' && resource.visible && resource.audience === 'public'))
		throw new AccessDeniedError();
	return { row, resource };
}

/** Changes a post (its authors while they may write; the office always). The whole form is sent. */
export async function updatePost(db: Db, actor: Actor, id: number, input: unknown): Promise<PostView> {
	const { row: before } = await postFor(db, actor, id, 'update');
	const data = parse(postInputSchema, input);
	const resolved = await resolveInput(db, actor, before.programmeId, data, before);
	const evaluationJson = data.embedEvaluation
		? ((await evaluationFor(db, actor, data, resolved.activityId)) ?? before.evaluationJson)
		: null;
	const row = await db.transaction().execute(async (trx) => {
		const row = await updatePostRow(trx, id, {
			kind: data.kind,
			title: data.title,
			bodyHtml: sanitizePostBody(data.body),
			language: data.language,
			status: resolved.status,
			publishAt: resolved.publishAt,
			audience: data.audience,
			trackId: data.trackId ?? null,
			activityId: resolved.activityId,
			sessionId: data.sessionId ?? null,
			processId: data.processId ?? null,
			networkId: data.networkId ?? null,
			embedEvaluation: data.embedEvaluation ? 1 : 0,
			evaluationJson
		});
		await setTags(trx, id, resolved.subjectIds);
		await indexPost(trx, row);
		await recordAudit(trx, {
			programmeId: row.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'post',
			entityId: id,
			before: { title: before.title, status: before.status, publishAt: before.publishAt },
			after: { title: row.title, status: row.status, publishAt: row.publishAt }
		});
		return row;
	});
	return presentPost(db, row);
}

/** Deletes a post with its comments and files (its authors while they may write; the office). */
export async function deletePost(db: Db, actor: Actor, id: number): Promise<void> {
	const { row } = await postFor(db, actor, id, 'update');
	await db.transaction().execute(async (trx) => {
		await removeDocument(trx, 'post', id);
		await deletePostRow(trx, id);
		await recordAudit(trx, {
			programmeId: row.programmeId,
			actorId: actor.personId,
			action: 'delete',
			entityType: 'post',
			entityId: id,
			before: { title: row.title, status: row.status }
		});
	});
}

// ---- files

const IMAGE_TYPES: Record<string, string[]> = {
	'image/png': ['png'],
	'image/jpeg': ['jpg', 'jpeg'],
	'image/gif': ['gif'],
	'image/webp': ['webp']
};
const ATTACHMENT_TYPES: Record<string, string[]> = {
	'application/pdf': ['pdf'],
	'text/plain': ['txt'],
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
	'application/vnd.oasis.opendocument.text': ['odt']
};

function fileType(name: string, declared: string): { type: string; image: boolean } | null {
	const type = declared.split(';')[0]!.trim().toLowerCase();
	const ext = name.toLowerCase().split('.').pop() ?? '';
	for (const [table, image] of [
		[IMAGE_TYPES, true],
		[ATTACHMENT_TYPES, false]
	] as const) {
		if (table[type]?.includes(ext)) return { type, image };
		for (const [t, exts] of Object.entries(table))
			if (exts.includes(ext) && !declared) return { type: t, image };
	}
	for (const table of [IMAGE_TYPES, ATTACHMENT_TYPES])
		for (const [t, exts] of Object.entries(table))
			if (exts.includes(ext)) return { type: t, image: table === IMAGE_TYPES };
	return null;
}

function cleanFileName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
	return (clean || 'file').slice(-200);
}

/**
 * Attaches an image (at most 10 MB, shown in the body as `/posts/files/<id>`) or a document
 * (at most 20 MB) to a post. Larger files are refused with a message before anything is stored.
 */
export async function addPostFile(
	db: Db,
	actor: Actor,
	postId: number,
	file: { name: string; type: string; size?: number; content: Uint8Array }
) {
	const { row } = await postFor(db, actor, postId, 'update');
	const size = file.size ?? file.content.byteLength;
	if (size === 0) throw new PostsError({ file: 'posts.error.fileEmpty' });
	const kind = fileType(file.name, file.type);
	if (!kind) throw new PostsError({ file: 'posts.error.fileType' });
	const max = kind.image ? MAX_IMAGE_BYTES : MAX_ATTACHMENT_BYTES;
	if (size > max)
		throw new PostsError({
			file: [
				kind.image ? 'posts.error.imageTooLarge' : 'posts.error.fileTooLarge',
				{ max: max / 1024 / 1024 }
			]
		});
	const fileName = cleanFileName(file.name);
	const saved = await db.transaction().execute(async (trx) => {
		const saved = await insertFile(trx, {
			postId,
			fileName,
			contentType: kind.type,
			size,
			content: Buffer.from(file.content),
			uploadedBy: actor.personId
		});
		await recordAudit(trx, {
			programmeId: row.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'post',
			entityId: postId,
			after: { fileAdded: fileName, size }
		});
		return saved;
	});
	return { ...saved, size: Number(saved.size), url: `/posts/files/${saved.id}`, image: kind.image };
}

/** A post's file for whoever may read the post (public posts' files without signing in). */
export async function getPostFile(db: Db, actor: Actor | null, fileId: number) {
	const file = await findFile(db, fileId);
	if (!file) throw new AccessDeniedError();
	const { resource } = await postFor(db, actor, file.postId, 'read');
	return {
		fileName: file.fileName,
		contentType: file.contentType,
		size: Number(file.size),
		content: new Uint8Array(file.content),
		public: resource.visible && resource.audience === 'public'
	};
}

// ---- reading

export interface PostListItem {
	id: number;
	kind: PostKind;
	title: string;
	excerpt: string;
	language: string;
	status: PostStatus;
	publishAt: string | null;
	visible: boolean;
	scheduled: boolean;
	audience: PostAudience;
	trackId: number | null;
	trackName: string | null;
}

export interface PostPage {
	items: PostListItem[];
	total: number;
	page: number;
	pageSize: number;
}

export interface ArchiveFilter {
	year?: number;
	month?: number;
	subject?: string;
	trackId?: number;
	kind?: PostKind;
	page?: number;
}

function filterFor(actor: Actor | null, programmeId: number): PostFilter {
	const scope = postListScope(actor, programmeId);
	return { programmeId, audiences: scope.audiences, allDrafts: scope.allDrafts, authorId: scope.authorId };
}

/**
 * Posts of a programme, newest first: on the front page also the actor's own drafts and
 * scheduled posts (the office: all of them); archive views (`year`, `month`, `subject`) show
 * only what everyone sees. Unknown subject → refused (404).
 */
export async function listPosts(
	db: Db,
	actor: Actor | null,
	programmeId: number,
	filter: ArchiveFilter = {}
): Promise<PostPage & { subject: SubjectView | null }> {
	const query = parse(postListQuerySchema, {
		page: filter.page,
		kind: filter.kind,
		trackId: filter.trackId
	});
	const f = filterFor(actor, programmeId);
	let subject: SubjectView | null = null;
	if (filter.subject) {
		subject = (await findSubjectBySlug(db, programmeId, filter.subject)) ?? null;
		if (!subject) throw new AccessDeniedError();
		f.subjectId = subject.id;
	}
	if (filter.year) {
		const m = filter.month;
		f.from = new Date(Date.UTC(filter.year, m ? m - 1 : 0, 1)).toISOString();
		f.to = new Date(Date.UTC(m ? filter.year : filter.year + 1, m ? m : 0, 1)).toISOString();
	}
	if (filter.year || filter.subject) f.visibleOnly = true;
	f.kind = query.kind;
	f.trackId = query.trackId;
	const { rows, total } = await findPostPage(db, f, POSTS_PAGE_SIZE, (query.page - 1) * POSTS_PAGE_SIZE);
	return {
		items: rows.map((r) => ({
			id: r.id,
			kind: r.kind,
			title: r.title,
			excerpt: excerpt(r.bodyHtml),
			language: r.language,
			status: r.status,
			publishAt: r.publishAt,
			visible: isVisible(r),
			scheduled: r.status === 'published' && !!r.publishAt && r.publishAt > nowIso(),
			audience: r.audience,
			trackId: r.trackId,
			trackName: r.trackName
		})),
		total,
		page: query.page,
		pageSize: POSTS_PAGE_SIZE,
		subject
	};
}

/** The archive's two ways in: months with their counts, and subjects with theirs. */
export async function archiveIndex(db: Db, actor: Actor | null, programmeId: number) {
	const f = filterFor(actor, programmeId);
	const [months, subjects, tracks] = await Promise.all([
		countByMonth(db, f),
		countBySubject(db, f),
		listTracks(db, programmeId)
	]);
	return {
		months: months.map((m) => ({
			year: Number(m.month.slice(0, 4)),
			month: Number(m.month.slice(5, 7)),
			count: m.count
		})),
		subjects: subjects.map((s) => ({ slug: s.slug, name: s.name, count: Number(s.n) })),
		tracks: tracks.map((t) => ({ id: t.id, name: t.name }))
	};
}

export interface CommentView {
	id: number;
	personId: number;
	authorName: string;
	body: string;
	hidden: boolean;
	edited: boolean;
	createdAt: string;
	abilities: { update: boolean; delete: boolean; moderate: boolean };
}

/** One post for its page: the post, its neighbours, a page of comments, what the actor may do. */
export async function getPost(db: Db, actor: Actor | null, id: number, commentsPage = 1) {
	const { row, resource } = await postFor(db, actor, id, 'read');
	const moderate = !!actor && can(actor, 'moderate', resource);
	const page = Math.max(1, Math.floor(commentsPage) || 1);
	const [post, around, comments] = await Promise.all([
		presentPost(db, row),
		row.publishAt && resource.visible
			? neighbours(db, filterFor(actor, row.programmeId), row.publishAt, row.id)
			: Promise.resolve({ previous: null, next: null }),
		actor && resource.visible
			? commentPage(db, id, moderate, COMMENTS_PAGE_SIZE, (page - 1) * COMMENTS_PAGE_SIZE)
			: Promise.resolve({ rows: [], total: 0 })
	]);
	return {
		post,
		previous: around.previous,
		next: around.next,
		comments: comments.rows.map((c): CommentView => {
			const r = {
				type: 'postComment' as const,
				id: c.id,
				programmeId: row.programmeId,
				authorId: c.personId
			};
			return {
				id: c.id,
				personId: c.personId,
				authorName: c.authorName,
				body: c.body,
				hidden: c.hiddenAt !== null,
				edited: c.updatedAt > c.createdAt,
				createdAt: c.createdAt,
				abilities: {
					update: !!actor && can(actor, 'update', r),
					delete: !!actor && can(actor, 'manage', r),
					moderate: !!actor && can(actor, 'moderate', r)
				}
			};
		}),
		commentsTotal: comments.total,
		commentsPage: page,
		commentsPageSize: COMMENTS_PAGE_SIZE,
		abilities: {
			update: !!actor && can(actor, 'update', resource),
			comment: !!actor && can(actor, 'comment', resource),
			moderate
		}
	};
}

/** What the post form offers: kinds, languages, tracks, subjects. */
export async function postFormOptions(db: Db, programmeId: number) {
	const [tracks, subjects] = await Promise.all([listTracks(db, programmeId), findSubjects(db, programmeId)]);
	return {
		tracks: tracks.map((t) => ({ id: t.id, name: t.name })),
		subjects,
		languages: LOCALES
	};
}

// ---- the public feed

/** The newest public posts of a programme (at most 50) for the Atom feed; no sign-in. */
export async function publicFeed(db: Db, programmeId: number) {
	const programme = await programmeById(db, programmeId);
	if (!programme) throw new AccessDeniedError();
	const { rows } = await findPostPage(
		db,
		{ programmeId, audiences: ['public'], allDrafts: false, authorId: null, visibleOnly: true },
		50,
		0
	);
	return {
		programmeId,
		programmeName: programme.name,
		locale: programme.defaultLocale,
		entries: rows.map((r) => ({
			id: r.id,
			title: r.title,
			bodyHtml: r.bodyHtml,
			summary: excerpt(r.bodyHtml),
			publishAt: r.publishAt!,
			language: r.language,
			kind: r.kind
		}))
	};
}

// ---- comments

/** The comment mail waits this long, collecting further comments into the same message. */
export const COMMENT_BATCH_MS = 10 * 60_000;
export const COMMENT_MAIL_KIND = 'posts.comments';

async function commentFor(db: Db, actor: Actor, commentId: number, action: 'update' | 'manage' | 'moderate') {
	const comment = await findComment(db, commentId);
	if (!comment) throw new AccessDeniedError();
	const post = await findPost(db, comment.postId);
	if (!post) throw new AccessDeniedError();
	authorize(actor, action, {
		type: 'postComment',
		id: comment.id,
		programmeId: post.programmeId,
		authorId: comment.personId
	});
	return { comment, post };
}

/**
 * Comments on a visible post (programme members). Each other author gets one mail for the
 * comments of a window: the first comment opens a notice and queues its mail (due after
 * `COMMENT_BATCH_MS`); later ones join the open notice. All in the comment's transaction.
 */
export async function addComment(db: Db, actor: Actor, postId: number, input: unknown): Promise<CommentView> {
	const { row } = await postFor(db, actor, postId, 'comment');
	const { body } = parse(commentInputSchema, input);
	const text = plainComment(body);
	if (!text) throw new PostsError({ body: 'posts.error.commentRequired' });
	const comment = await db.transaction().execute(async (trx) => {
		const comment = await insertComment(trx, postId, actor.personId, text);
		const notBefore = new Date(Date.now() + COMMENT_BATCH_MS).toISOString();
		for (const personId of await otherAuthorIds(trx, postId, actor.personId)) {
			// The window starts with this comment (its own timestamp, set by the database).
			const noticeId = await openNotice(trx, personId, comment.createdAt);
			if (noticeId !== undefined)
				await queueMail(trx, [
					{
						kind: COMMENT_MAIL_KIND,
						payload: { noticeId, personId },
						personId,
						programmeId: row.programmeId,
						notBefore
					}
				]);
		}
		return comment;
	});
	await wakeOutbox(db);
	return {
		id: comment.id,
		personId: comment.personId,
		authorName: actor.name,
		body: comment.body,
		hidden: false,
		edited: false,
		createdAt: comment.createdAt,
		abilities: {
			update: true,
			delete: true,
			moderate: can(actor, 'moderate', {
				type: 'postComment',
				id: comment.id,
				programmeId: row.programmeId,
				authorId: actor.personId
			})
		}
	};
}

/** The author changes their comment. */
export async function editComment(db: Db, actor: Actor, commentId: number, input: unknown): Promise<void> {
	await commentFor(db, actor, commentId, 'update');
	const { body } = parse(commentInputSchema, input);
	const text = plainComment(body);
	if (!text) throw new PostsError({ body: 'posts.error.commentRequired' });
	await updateComment(db, commentId, { body: text });
}

/** The author, or the office, deletes a comment. */
export async function deleteComment(db: Db, actor: Actor, commentId: number): Promise<void> {
	const { comment, post } = await commentFor(db, actor, commentId, 'manage');
	await db.transaction().execute(async (trx) => {
		await deleteCommentRow(trx, commentId);
		await recordAudit(trx, {
			programmeId: post.programmeId,
			actorId: actor.personId,
			action: 'delete',
			entityType: 'postComment',
			entityId: commentId,
			before: { postId: post.id, personId: comment.personId, body: comment.body }
		});
	});
}

/** The office hides a comment from readers (or shows it again); it stays for the record. */
export async function moderateComment(
	db: Db,
	actor: Actor,
	commentId: number,
	hidden: boolean
): Promise<void> {
	const { post } = await commentFor(db, actor, commentId, 'moderate');
	await db.transaction().execute(async (trx) => {
		await updateComment(trx, commentId, {
			hiddenAt: hidden ? nowIso() : null,
			hiddenBy: hidden ? actor.personId : null
		});
		await recordAudit(trx, {
			programmeId: post.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'postComment',
			entityId: commentId,
			after: { hidden }
		});
	});
}

/**
 * Renders one author's comment notice at send time: closes the window (once; a retry renders
 * the same window) and lists the comments made in it. Nothing left (hidden, deleted) → skip.
 */
export async function renderCommentNotice(
	db: Db,
	payload: { noticeId: number; personId: number },
	origin: string
): Promise<RenderOutcome> {
	const notice = await closeNotice(db, payload.noticeId);
	if (!notice?.closedAt) return { skip: 'notice gone' };
	const person = await personContact(db, notice.personId);
	if (!person || person.deactivatedAt) return { skip: 'recipient gone' };
	const comments = await commentsInWindow(db, notice.personId, notice.openedAt, notice.closedAt);
	if (comments.length === 0) return { skip: 'no comments left' };
	const locale: Locale = (person.locale as Locale | null) ?? comments[0]!.language ?? 'sv';
	const lines = comments.map(
		(c) => `${c.authorName} — ${c.title}\n${c.body.slice(0, 500)}\n${origin}/posts/${c.postId}#comments`
	);
	return {
		message: {
			to: person.email,
			subject: translatePlural(locale, 'posts.mail.subject', comments.length),
			text: [
				translate(locale, 'posts.mail.greeting', { name: person.name }),
				'',
				...lines.flatMap((l) => [l, ''])
			].join('\n'),
			kind: COMMENT_MAIL_KIND,
			personId: person.id,
			programmeId: comments[0]!.programmeId
		}
	};
}

registerMailRenderer([COMMENT_MAIL_KIND], (db, payload, context) =>
	renderCommentNotice(
		db,
		payload as { noticeId: number; personId: number },
		(context.origin ?? config().ORIGIN ?? 'http://localhost:5173').replace(/\/+$/, '')
	)
);

/** Loaded by the server at start so the comment mail's renderer is registered before the worker runs. */
export function installPostMail(): void {}

/** May the actor moderate posts and change the programme's post settings (the office)? */
export function canModeratePosts(actor: Actor, programmeId: number): boolean {
	return can(
		actor,
		'moderate',
		newPostResource(programmeId, { managersMayWrite: false, participantsMayWrite: false })
	);
}

/** The edit form of a post: the stored values (publish time in the programme's zone) and the options. */
export async function postForEdit(db: Db, actor: Actor, id: number) {
	const { row } = await postFor(db, actor, id, 'update');
	const [post, options, timeZone] = await Promise.all([
		presentPost(db, row),
		postFormOptions(db, row.programmeId),
		programmeTimeZone(db, row.programmeId)
	]);
	const scheduled = row.status === 'published' && !!row.publishAt && row.publishAt > nowIso();
	return {
		post,
		options,
		values: {
			kind: row.kind,
			title: row.title,
			body: row.bodyHtml,
			language: row.language,
			audience: row.audience,
			trackId: row.trackId ?? '',
			subjects: post.subjects.map((s) => s.slug),
			sessionId: row.sessionId ?? '',
			activityId: row.activityId ?? '',
			processId: row.processId ?? '',
			networkId: row.networkId ?? '',
			embedEvaluation: row.embedEvaluation === 1,
			publish: row.status === 'draft' ? 'draft' : scheduled ? 'schedule' : 'now',
			publishAt: row.publishAt ? utcToLocal(row.publishAt, timeZone ?? 'Europe/Stockholm') : ''
		}
	};
}

// ---- for the newsletter digest (community)

/**
 * Members' and public posts published in [from, to), newest first (at most `limit`; read from
 * the newest 50 visible posts, which a digest period never exceeds in practice). No permission check.
 */
export async function postsPublishedBetween(
	db: Db,
	programmeId: number,
	from: string,
	to: string,
	limit = 10
) {
	const { rows } = await findPostPage(
		db,
		{ programmeId, audiences: ['public', 'members'], allDrafts: false, authorId: null, visibleOnly: true },
		50,
		0
	);
	return rows
		.filter((r) => r.publishAt !== null && r.publishAt >= from && r.publishAt < to)
		.slice(0, limit)
		.map((r) => ({ id: r.id, title: r.title, publishAt: r.publishAt! }));
}

// ---- for the goals' count source "posts published"

/**
 * How many posts the programme published within the period (calendar days, inclusive, UTC)
 * by `asOf`: the count behind a goal such as "twelve posts a year". No permission check (a figure).
 */
export async function postsPublished(
	db: Db,
	programmeId: number,
	period: { from?: string | undefined; to: string; asOf: Date }
): Promise<number> {
	const next = new Date(Date.parse(`${period.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	return countPublished(db, programmeId, period.from, next, period.asOf.toISOString());
}

/** Offers "posts published" to the goals (wired in hooks.server.ts init). */
export function installPostsGoalSource(): void {
	registerGoalCountSource('postsPublished', (db, programmeId, c) =>
		postsPublished(db, programmeId, {
			from: c.from,
			to: c.to ?? c.asOf.toISOString().slice(0, 10),
			asOf: c.asOf
		})
	);
}

// ---- co-authors and links on the edit page (shared pickers: core/picker.ts)

/**
 * The edit page's pickers: the post's authors and links with their names, and for each
 * picker term given the bounded matches (people of the programme by name or e-mail;
 * published activities and their sessions, processes and networks of the programme by title).
 */
export async function postPickers(db: Db, actor: Actor, id: number, terms: unknown) {
	const { row } = await postFor(db, actor, id, 'update');
	const q = parse(postPickerTermsSchema, terms);
	const programmeId = row.programmeId;
	const [authors, people, activities, sessions, processes, networks] = await Promise.all([
		authorsOf(db, id),
		pickMatches(q.author, (term, limit) => searchActivePeople(db, programmeId, term, limit)),
		pickMatches(q.activity, (term, limit) => activitiesByTitle(db, programmeId, term, limit)),
		pickMatches(q.session, (term, limit) => sessionsByTitle(db, programmeId, term, limit)),
		pickMatches(q.process, (term, limit) => processesByTitle(db, programmeId, term, limit)),
		pickMatches(q.network, (term, limit) => networksByName(db, programmeId, term, limit))
	]);
	const [activityNames, sessionRows, processName, network] = await Promise.all([
		activityTitles(db, [row.activityId]),
		sessionTitles(db, row.sessionId ? [row.sessionId] : []),
		processTitle(db, row.processId),
		row.networkId ? networkSummary(db, row.networkId) : Promise.resolve(undefined)
	]);
	const label = <T extends { id: number }>(
		m: { query: string; more: boolean; matches: T[] },
		f: (x: T) => string
	) => ({
		query: m.query,
		more: m.more,
		matches: m.matches.map((x) => ({ id: x.id, label: f(x) }))
	});
	const session = sessionRows[0];
	return {
		authors: authors.map((a) => ({ id: a.id, name: a.name, email: a.email })),
		links: {
			activity: row.activityId
				? { id: row.activityId, label: activityNames.get(row.activityId) ?? '' }
				: null,
			session: session
				? { id: session.id, label: `${session.title}, ${session.startsAt.slice(0, 10)}` }
				: null,
			process: row.processId && processName !== null ? { id: row.processId, label: processName } : null,
			network: network ? { id: network.id, label: network.name } : null
		},
		pickers: {
			author: label(people, (p) => `${p.name} (${p.email})`),
			activity: label(activities, (a) => a.title),
			session: label(sessions, (s) => `${s.title}, ${s.startsAt.slice(0, 10)}`),
			process: label(processes, (p) => p.title),
			network: label(networks, (n) => n.name)
		}
	};
}

/** Adds a co-author (an active person of the post's programme); already one is a 409. */
export async function addPostAuthor(db: Db, actor: Actor, id: number, input: unknown): Promise<void> {
	const { row } = await postFor(db, actor, id, 'update');
	const { personId } = parse(postAuthorInputSchema, input);
	if ((await peopleInProgramme(db, row.programmeId, [personId])).length === 0)
		throw new PostsError({ personId: 'error.unknownId' });
	await db.transaction().execute(async (trx) => {
		if (!(await insertAuthor(trx, id, personId)))
			throw new PostsError({ personId: 'posts.error.authorExists' }, undefined, true);
		await recordAudit(trx, {
			programmeId: row.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'post',
			entityId: id,
			after: { addedAuthor: personId }
		});
	});
}

/** Removes an author; the last one stays (a post always has an author). */
export async function removePostAuthor(db: Db, actor: Actor, id: number, input: unknown): Promise<void> {
	const { row } = await postFor(db, actor, id, 'update');
	const { personId } = parse(postAuthorInputSchema, input);
	const authors = await authorsOf(db, id);
	if (!authors.some((a) => a.id === personId)) throw new PostsError({ personId: 'error.unknownId' });
	if (authors.length === 1) throw new PostsError({ personId: 'posts.error.lastAuthor' });
	await db.transaction().execute(async (trx) => {
		await deleteAuthor(trx, id, personId);
		await recordAudit(trx, {
			programmeId: row.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'post',
			entityId: id,
			before: { removedAuthor: personId }
		});
	});
}

/**
 * Sets or clears one link. A session brings its activity; another activity, or none, drops a
 * session of a different one. The embedded evaluation follows the activity.
 */
export async function setPostLink(db: Db, actor: Actor, id: number, input: unknown): Promise<PostView> {
	const { row: before } = await postFor(db, actor, id, 'update');
	const { link, refId } = parse(postLinkInputSchema, input);
	const programmeId = before.programmeId;
	const unknown = () => new PostsError({ refId: 'error.unknownId' });
	let { activityId, sessionId, processId, networkId } = before;
	if (link === 'session') {
		sessionId = refId;
		if (refId !== null) {
			const s = await sessionContext(db, refId);
			if (!s || s.programmeId !== programmeId) throw unknown();
			activityId = s.activityId;
		}
	} else if (link === 'activity') {
		if (refId !== null && (await activityProgrammeId(db, refId)) !== programmeId) throw unknown();
		activityId = refId;
		if (sessionId !== null && (refId === null || (await sessionContext(db, sessionId))?.activityId !== refId))
			sessionId = null;
	} else if (link === 'process') {
		if (refId !== null && (await processProgrammeId(db, refId)) !== programmeId) throw unknown();
		processId = refId;
	} else {
		if (refId !== null && (await networkSummary(db, refId))?.programmeId !== programmeId) throw unknown();
		networkId = refId;
	}
	const evaluationJson =
		before.embedEvaluation === 1
			? ((await evaluationFor(
					db,
					actor,
					{ embedEvaluation: true, kind: before.kind, language: before.language } as PostInput,
					activityId
				)) ?? (activityId === before.activityId ? before.evaluationJson : null))
			: before.evaluationJson;
	const row = await db.transaction().execute(async (trx) => {
		const row = await updatePostRow(trx, id, { activityId, sessionId, processId, networkId, evaluationJson });
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'post',
			entityId: id,
			before: {
				activityId: before.activityId,
				sessionId: before.sessionId,
				processId: before.processId,
				networkId: before.networkId
			},
			after: { activityId, sessionId, processId, networkId }
		});
		return row;
	});
	return presentPost(db, row);
}
