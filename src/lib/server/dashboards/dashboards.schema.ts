import { z } from 'zod';
import { fields } from '../core/validation.ts';

/** What the office's workplace table sorts by: name, people, share covered, share of after parts done. */
export const WORKPLACE_SORTS = ['name', 'people', 'coverage', 'completion'] as const;
export type WorkplaceSort = (typeof WORKPLACE_SORTS)[number];

/**
 * The office's workplace table from the query string (`?q=…&sort=…&dir=…&page=…`), and the
 * page of the split per activity (`activityPage`). Each field
 * falls back to its default on a bad value, so a hand-edited link shows the table, never an
 * error. `dir` left out: ascending by name, descending by a figure.
 */
export const workplaceQuerySchema = z.object({
	// No control characters (PostgreSQL refuses a NUL in text: a hand-made `?q=%00` was a 500).
	q: fields.string().trim().max(200).catch(''),
	sort: z.enum(WORKPLACE_SORTS).catch('name'),
	dir: z.enum(['asc', 'desc']).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
	/** The page of the split per activity (the steering group's too). */
	activityPage: z.coerce.number().int().min(1).max(1_000_000).catch(1)
});

export type WorkplaceQuery = z.output<typeof workplaceQuerySchema>;

export const DEFAULT_WORKPLACE_QUERY: WorkplaceQuery = workplaceQuerySchema.parse({});

/** The query from URL parameters (empty values count as absent). */
export function parseWorkplaceQuery(params: URLSearchParams): WorkplaceQuery {
	const raw = Object.fromEntries([...params].filter(([, v]) => v.trim() !== ''));
	return workplaceQuerySchema.parse(raw);
}
