import { z } from 'zod';
import type { OpenApiFragment } from '../openapi.ts';
import { ok, operations, queryParams } from './common.ts';
import { searchApiQuerySchema } from '../../search/search.schema.ts';

/** `/api/v1/search` for the OpenAPI document. */

const searchResultSchema = z.object({
	kind: z.string().describe('post, activity, expert, network'),
	refId: z.number().int(),
	url: z.string().describe('The page of the hit'),
	title: z.string(),
	titleHtml: z.string().describe('Escaped title with <mark> around matched words'),
	snippetHtml: z.string().describe('Escaped excerpt with <mark> around matched words'),
	subkind: z.string().nullable(),
	language: z.string(),
	publishedAt: z.string().nullable(),
	titleMatch: z.boolean()
});

const op = operations('Search');

export const searchOpenApi: OpenApiFragment = {
	schemas: {
		SearchResults: z.object({
			q: z.string(),
			data: z.array(searchResultSchema),
			page: z.number().int(),
			pageSize: z.number().int(),
			total: z.number().int()
		})
	},
	paths: {
		'/search': {
			get: op({
				summary: 'Full-text search of the programme',
				description:
					'Every word must occur (PostgreSQL: stemmed with the text-search configuration of the document’s language — swedish, danish, norwegian, english; SQLite: case-insensitive prefix of the word after common Nordic endings are cut). "Quoted words" are a phrase. Title matches rank first. Only what the caller may read: published and due, of the caller’s programme and audience (drafts, scheduled posts and office-only entries never appear).',
				parameters: queryParams(searchApiQuerySchema),
				responses: ok('Hits, best first', 'SearchResults'),
				errors: [400, 401, 404, 422]
			})
		}
	}
};
