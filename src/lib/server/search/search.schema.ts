import { z } from 'zod';
import { fields } from '../core/validation.ts';

/** The search form and `GET /api/v1/search`: the query and its filters, all optional but `q`. */
export const SEARCH_PAGE_SIZE = 20;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const searchQuerySchema = z.object({
	q: fields.string().trim().max(200, { message: 'search.error.queryTooLong' }).default(''),
	/** A document kind: post, activity, expert, network. */
	kind: z.preprocess(
		blankToUndefined,
		z
			.string()
			.regex(/^[a-z_]{1,40}$/)
			.optional()
	),
	/** The owner's sub-type (a post kind, an activity type). */
	subkind: z.preprocess(
		blankToUndefined,
		z
			.string()
			.regex(/^[a-z_]{1,40}$/)
			.optional()
	),
	trackId: z.preprocess(blankToUndefined, fields.id().optional()),
	year: z.preprocess(blankToUndefined, z.coerce.number().int().min(1900).max(2199).optional()),
	page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
	pageSize: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100).default(SEARCH_PAGE_SIZE))
});
export type SearchQuery = z.output<typeof searchQuerySchema>;

/** `GET /api/v1/search`: the same, plus the programme in context. */
export const searchApiQuerySchema = searchQuerySchema.extend({ programme: z.string().optional() });
