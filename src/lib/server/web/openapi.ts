import { z } from 'zod';

/**
 * OpenAPI 3.1 document assembled from fragments that each domain registers (paths and
 * component schemas). Schemas come from the same zod schemas the endpoints validate with,
 * via `z.toJSONSchema`, so the document cannot drift from the code.
 */
export interface OpenApiFragment {
	paths: Record<string, unknown>;
	schemas?: Record<string, z.ZodType>;
	/** Request-body schemas, documented as the client sends them (zod's input side: defaults and optional fields as optional). */
	inputs?: Record<string, z.ZodType>;
}

/** JSON Schema (draft 2020-12, as OpenAPI 3.1 uses) for a zod schema. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
	const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
		string,
		unknown
	>;
	return rest;
}

/** The shared error envelope every endpoint answers with. */
export const errorSchema = {
	type: 'object',
	required: ['error'],
	properties: {
		error: {
			type: 'object',
			required: ['status', 'code', 'message'],
			properties: {
				status: { type: 'integer' },
				code: { type: 'string' },
				message: { type: 'string' },
				fields: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } }
			}
		}
	}
} as const;

/** Standard error responses to spread into an operation's `responses`. */
export function errorResponses(...statuses: number[]): Record<string, unknown> {
	const descriptions: Record<number, string> = {
		400: 'Malformed request',
		401: 'Not signed in / no valid token',
		403: 'Not allowed',
		404: 'Not found, or no access',
		409: 'Conflict (e.g. e-mail already in use)',
		422: 'Validation failed; see `error.fields`'
	};
	return Object.fromEntries(
		statuses.map((s) => [
			String(s),
			{
				description: descriptions[s] ?? 'Error',
				content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
			}
		])
	);
}

export function buildOpenApiDocument(fragments: OpenApiFragment[], serverUrl: string) {
	const schemas: Record<string, unknown> = { Error: errorSchema };
	const paths: Record<string, unknown> = {};
	for (const f of fragments) {
		Object.assign(paths, f.paths);
		for (const [name, s] of Object.entries(f.schemas ?? {})) schemas[name] = jsonSchema(s, 'output');
		for (const [name, s] of Object.entries(f.inputs ?? {})) schemas[name] = jsonSchema(s, 'input');
	}
	return {
		openapi: '3.1.0',
		info: {
			title: 'Klok API',
			version: '1',
			description:
				"Units and people of a competence-development programme. Authenticate with a personal API token (`Authorization: Bearer klok_…`, created on the settings page) or the session cookie. Errors are JSON with field messages in the caller's language."
		},
		servers: [{ url: serverUrl }],
		security: [{ bearerAuth: [] }, { cookieAuth: [] }],
		paths,
		components: {
			schemas,
			securitySchemes: {
				bearerAuth: { type: 'http', scheme: 'bearer', description: 'Personal API token' },
				cookieAuth: { type: 'apiKey', in: 'cookie', name: 'klok_session' }
			}
		}
	};
}
