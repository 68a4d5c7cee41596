import { z } from 'zod';
import { errorResponses, jsonSchema } from '../openapi.ts';

/**
 * Builders the per-domain OpenAPI fragments share: references to component schemas, JSON
 * contents, path and query parameters, list and page envelopes, responses and operations.
 */

type Content = Record<string, unknown>;

/** A reference to a component schema. */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** `application/json` content with the named component schema. */
export const json = (name: string): Content => ({ 'application/json': { schema: ref(name) } });

/** `application/json` content `{ data: [<name>…] }`. */
export const dataOf = (name: string): Content => ({
	'application/json': {
		schema: { type: 'object', properties: { data: { type: 'array', items: ref(name) } } }
	}
});

/** `application/json` content: a bare array of the named component. */
export const arrayOf = (name: string): Content => ({
	'application/json': { schema: { type: 'array', items: ref(name) } }
});

/** A (required) path parameter. */
export const pathParam = (name: string, description: string, schema: Record<string, unknown>) => ({
	name,
	in: 'path',
	required: true,
	description,
	schema
});

/** An optional query parameter. */
export const queryParam = (name: string, description: string, schema: Record<string, unknown>) => ({
	name,
	in: 'query',
	required: false,
	description,
	schema
});

/** A required positive integer path parameter (`id` unless named otherwise). */
export const idParam = (description: string, name = 'id') =>
	pathParam(name, description, { type: 'integer', minimum: 1 });

/** Query parameters from a zod object schema, so they match what the endpoint parses. */
export function queryParams(schema: z.ZodType) {
	const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
	return Object.entries(js.properties ?? {}).map(([name, s]) => ({
		name,
		in: 'query',
		required: js.required?.includes(name) ?? false,
		schema: s
	}));
}

/** The list envelope `{ data }` of API answers. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });

/** The page envelope `{ data, page, pageSize, total }` of paged API answers. */
export const pageOf = <T extends z.ZodType>(item: T) =>
	z.object({
		data: z.array(item),
		page: z.number().int(),
		pageSize: z.number().int(),
		total: z.number().int()
	});

/** One response: a description and, when given, JSON content (a component name or a content object). */
export const ok = (description: string, content?: string | Content, status = '200') => ({
	[status]:
		content === undefined
			? { description }
			: { description, content: typeof content === 'string' ? json(content) : content }
});

/** A 201 response with JSON content. */
export const created = (description: string, content?: string | Content) => ok(description, content, '201');

/** A 204 response. */
export const noContent = (description: string) => ({ '204': { description } });

export interface OperationSpec {
	summary: string;
	description?: string;
	parameters?: unknown[];
	/** Request body: a component name or a content object; required unless `bodyOptional`. */
	body?: string | Content;
	bodyOptional?: boolean;
	/** The success responses (see `ok`, `created`, `noContent`). */
	responses: Record<string, unknown>;
	/** The error statuses, answered with the shared error envelope. */
	errors: number[];
}

/** One operation of the document under `tag`. */
export function op(tag: string, spec: OperationSpec) {
	const { summary, description, parameters, body, bodyOptional, responses, errors } = spec;
	return {
		tags: [tag],
		summary,
		...(description === undefined ? {} : { description }),
		...(parameters === undefined ? {} : { parameters }),
		...(body === undefined
			? {}
			: { requestBody: { required: !bodyOptional, content: typeof body === 'string' ? json(body) : body } }),
		responses: { ...responses, ...errorResponses(...errors) }
	};
}

/** `op` bound to one tag, for a fragment whose operations all share it. */
export const operations = (tag: string) => (spec: OperationSpec) => op(tag, spec);
