import { z } from 'zod';
import { fields } from '../core/validation.ts';
import { LOCALES, POST_KINDS } from '../db/schema.ts';

/** Input shapes for posts and comments, shared by the forms and the REST API. */

/** Longest body accepted (characters of submitted HTML, before sanitising). */
export const POST_BODY_MAX = 100_000;
export const COMMENT_MAX = 5_000;
/** Images up to 10 MB, other attachments up to 20 MB (as activity materials). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const POSTS_PAGE_SIZE = 20;
export const COMMENTS_PAGE_SIZE = 50;

const blank = (v: unknown) => (v === '' ? undefined : v);
const optionalId = () => z.preprocess(blank, fields.id().nullable().optional());
const flag = fields.flag;
/** One value or several (repeated form fields, a JSON array, or a comma-separated string). */
const list = <T extends z.ZodType>(item: T) =>
	z.preprocess((v) => {
		if (v === undefined || v === null || v === '') return [];
		if (Array.isArray(v)) return v;
		return String(v)
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	}, z.array(item).max(20));

export const postInputSchema = z.object({
	kind: z.enum(POST_KINDS, { error: 'posts.error.kind' }),
	title: fields.singleLine(fields.text(200)),
	body: fields.string().trim().min(1, { message: 'posts.error.bodyRequired' }).max(POST_BODY_MAX),
	language: z.enum(LOCALES, { error: 'error.choice' }),
	audience: z.enum(['public', 'members'], { error: 'error.choice' }).default('members'),
	trackId: optionalId(),
	/** Subject slugs from the programme's vocabulary. */
	subjects: list(z.string().regex(/^[a-z0-9-]{1,60}$/, { message: 'posts.error.unknownTag' })).default([]),
	/** Co-authors besides the writer (people of the programme). */
	authorIds: list(fields.id()).default([]),
	activityId: optionalId(),
	sessionId: optionalId(),
	processId: optionalId(),
	networkId: optionalId(),
	embedEvaluation: flag().default(false),
	/** draft: keep unpublished; now: publish at once; schedule: publish at `publishAt`. */
	publish: z.enum(['draft', 'now', 'schedule'], { error: 'error.choice' }).default('draft'),
	/** An ISO instant, or a local `YYYY-MM-DDTHH:mm` in the programme's time zone. */
	publishAt: z.preprocess(blank, fields.string().trim().max(40).optional())
});
export type PostInput = z.output<typeof postInputSchema>;

export const commentInputSchema = z.object({
	body: fields.string().trim().min(1, { message: 'posts.error.commentRequired' }).max(COMMENT_MAX)
});

/** Strict: a field the form does not have is refused, so a forged form writes nothing. */
export const settingsInputSchema = z.strictObject({
	managersMayWrite: flag().default(false),
	participantsMayWrite: flag().default(false)
});

export const subjectInputSchema = z.object({ name: fields.singleLine(fields.text(80)) });

export const postListQuerySchema = z.object({
	page: z.preprocess(blank, z.coerce.number().int().min(1).max(10_000).default(1)),
	kind: z.preprocess(blank, z.enum(POST_KINDS).optional()),
	trackId: z.preprocess(blank, fields.id().optional())
});

/** `GET /api/v1/posts`: the archive's filters. */
export const postsApiQuerySchema = z.object({
	programme: z.string().optional(),
	page: z.coerce.number().int().min(1).max(10_000).default(1),
	kind: z.enum(POST_KINDS).optional(),
	trackId: z.coerce.number().int().positive().optional(),
	subject: z
		.string()
		.regex(/^[a-z0-9-]{1,60}$/)
		.optional(),
	year: z.coerce.number().int().min(1900).max(2199).optional(),
	month: z.coerce.number().int().min(1).max(12).optional()
});

/** `PATCH /api/v1/comments/{id}`: the author's new text, or the office's moderation. */
export const commentPatchSchema = z.union([
	commentInputSchema.strict(),
	z.object({ hidden: z.boolean() }).strict()
]);

/** A co-author to add or remove (a person of the post's programme). */
export const postAuthorInputSchema = z.object({ personId: fields.id() });

export const POST_LINKS = ['activity', 'session', 'process', 'network'] as const;
export type PostLink = (typeof POST_LINKS)[number];

/** Sets (an id) or clears (empty) one of a post's links. */
export const postLinkInputSchema = z.object({
	link: z.enum(POST_LINKS, { error: 'error.choice' }),
	refId: z.preprocess(blank, fields.id().nullable().default(null))
});

/** The edit page's picker terms (GET parameters), one per picker. */
export const postPickerTermsSchema = z.object({
	author: z.string().max(100).optional(),
	activity: z.string().max(100).optional(),
	session: z.string().max(100).optional(),
	process: z.string().max(100).optional(),
	network: z.string().max(100).optional()
});
