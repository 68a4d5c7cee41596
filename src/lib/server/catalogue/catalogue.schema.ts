import { z } from 'zod';
import { ACTIVITY_TYPES, JOB_CATEGORIES, LEARNING_FORMS, SESSION_STATUSES } from '../db/schema.ts';
import { fields } from '../core/validation.ts';

/**
 * Input shapes for activities, sessions and the catalogue, shared by forms and the REST API.
 * Forms send text; the preprocessors accept both text and JSON values. Times are strings
 * here: the service converts them with the programme's time zone (see timezone.ts).
 */

/** A number from text ("1,5" or "1.5") or JSON; empty text is "absent". */
const decimal = (schema: z.ZodNumber) =>
	z.preprocess(
		(v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v.trim().replace(',', '.'))) : v),
		schema
	);

const flag = fields.flag();

const singleLine = fields.singleLine;

/** An http(s) URL, as an online meeting link or recording. */
const webUrl = singleLine(fields.string().trim().max(2000)).refine(
	(v) => {
		try {
			const u = new URL(v);
			return u.protocol === 'https:' || u.protocol === 'http:';
		} catch {
			return false;
		}
	},
	{ message: 'catalogue.error.url' }
);

/**
 * A point in time: `YYYY-MM-DDTHH:mm` in the programme's time zone (forms), or an ISO 8601
 * instant with `Z` or an offset (API). Checked and converted by the service.
 */
const when = fields.string().trim().min(1).max(40);

const activityFields = {
	title: singleLine(fields.text(200)),
	type: z.enum(ACTIVITY_TYPES),
	learningForm: z.enum(LEARNING_FORMS),
	trackId: fields.id().nullable().optional(),
	provider: singleLine(fields.string().trim().max(200)).nullable().optional(),
	cost: decimal(z.number().min(0).max(100_000_000)).nullable().optional(),
	descriptionHtml: fields.string().max(100_000).optional(),
	targetJobCategories: z.array(z.enum(JOB_CATEGORIES)).max(JOB_CATEGORIES.length).optional(),
	targetUnitIds: z.array(fields.id()).max(1000).optional(),
	interestOnly: flag.optional()
};

/** A new activity (unpublished until published). */
export const activityCreateSchema = z.object(activityFields);
export type ActivityCreateInput = z.output<typeof activityCreateSchema>;

/** A change to an activity: any subset of fields. */
export const activityUpdateSchema = z.object(activityFields).partial();
export type ActivityUpdateInput = z.output<typeof activityUpdateSchema>;

const sessionFields = {
	title: singleLine(fields.string().trim().max(200)).nullable().optional(),
	startsAt: when,
	endsAt: when,
	place: singleLine(fields.string().trim().max(300)).nullable().optional(),
	onlineUrl: webUrl.nullable().optional(),
	capacity: z.coerce.number().int().min(0).max(100_000),
	hours: decimal(z.number().min(0).max(1000)),
	trainerIds: z.array(fields.id()).max(50).optional(),
	registrationOpensAt: when.nullable().optional(),
	registrationClosesAt: when.nullable().optional(),
	requiresApproval: flag.optional(),
	status: z.enum(['planned', 'open', 'done']).optional(),
	recordingUrl: webUrl.nullable().optional()
};

/** A new session of an activity. */
export const sessionCreateSchema = z.object(sessionFields);
export type SessionCreateInput = z.output<typeof sessionCreateSchema>;

/** A change to a session (any subset). Cancelling is its own operation (`cancelSchema`). */
export const sessionUpdateSchema = z.object(sessionFields).partial();
export type SessionUpdateInput = z.output<typeof sessionUpdateSchema>;

/** Cancelling a session: a reason shown to everyone registered. */
export const cancelSchema = z.object({ reason: fields.text(1000) });

/** `PATCH /api/v1/sessions/{id}`: a change, or `{ "status": "cancelled", "cancelReason": "…" }`. */
export const sessionPatchSchema = sessionUpdateSchema.extend({
	status: z.enum(SESSION_STATUSES).optional(),
	cancelReason: fields.string().trim().min(1).max(1000).optional()
});

/** An expression of interest in an interest-only activity. */
export const interestSchema = z.object({ comment: fields.string().trim().max(1000).optional() });

const yes = fields.ticked();

/** Catalogue filters, for the page and `GET /api/v1/sessions`. Query strings arrive as text. */
export const catalogueQuerySchema = z.object({
	q: fields.string().trim().max(200).optional(),
	trackId: fields.id().optional(),
	type: z.enum(ACTIVITY_TYPES).optional(),
	learningForm: z.enum(LEARNING_FORMS).optional(),
	from: fields.date().optional(),
	to: fields.date().optional(),
	mode: z.enum(['place', 'online']).optional(),
	freeSeats: yes,
	forMyJob: yes,
	page: z.coerce.number().int().min(1).max(1_000_000).default(1),
	pageSize: z.coerce.number().int().min(1).max(200).default(20)
});
export type CatalogueQuery = z.output<typeof catalogueQuerySchema>;

/** The office's activity list. */
export const activityQuerySchema = z.object({
	q: fields.string().trim().max(200).optional(),
	trackId: fields.id().optional(),
	type: z.enum(ACTIVITY_TYPES).optional(),
	status: z.enum(['draft', 'published', 'archived', 'all']).default('all'),
	page: z.coerce.number().int().min(1).max(1_000_000).default(1),
	pageSize: z.coerce.number().int().min(1).max(200).default(50)
});
export type ActivityQuery = z.output<typeof activityQuerySchema>;

/** Files accepted as materials: documents, office files, images, text. */
export const MATERIAL_TYPES: Record<string, readonly string[]> = {
	'application/pdf': ['pdf'],
	'application/msword': ['doc'],
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
	'application/vnd.ms-excel': ['xls'],
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
	'application/vnd.ms-powerpoint': ['ppt'],
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
	'application/vnd.oasis.opendocument.text': ['odt'],
	'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
	'application/vnd.oasis.opendocument.presentation': ['odp'],
	'image/png': ['png'],
	'image/jpeg': ['jpg', 'jpeg'],
	'image/gif': ['gif'],
	'image/webp': ['webp'],
	'text/plain': ['txt'],
	'text/csv': ['csv'],
	'text/markdown': ['md']
};

/** 20 MB per file. */
export const MAX_MATERIAL_BYTES = 20 * 1024 * 1024;
