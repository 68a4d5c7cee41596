import { z } from 'zod';
import { fields } from '../core/validation.ts';

/** Input shapes of the expert directory, shared by the pages and the REST API. */

export const EXPERT_PAGE_SIZE = 20;

/** A list from a form (comma-separated text or repeated fields) or the API (an array). */
const list = <S extends z.ZodType>(item: S, max: number) =>
	z.preprocess(
		(v) =>
			v === undefined || v === null || v === ''
				? []
				: typeof v === 'string'
					? v
							.split(',')
							.map((s) => s.trim())
							.filter(Boolean)
					: v,
		z.array(item).max(max, { message: 'experts.error.tooMany' })
	);

const tag = fields.singleLine(fields.string().trim().min(1).max(60, { message: 'experts.error.tagLength' }));
const language = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^[a-z]{2,3}$/, { message: 'experts.error.language' });

/** A person's own directory entry. `listed` is the opt-in. */
export const profileInputSchema = z.object({
	listed: fields.ticked(),
	helpWith: fields.string().trim().max(2000).default(''),
	contact: fields.string().trim().max(500).default(''),
	subjects: list(fields.text(100), 20),
	tags: list(tag, 20),
	languages: list(language, 10)
});
export type ProfileInput = z.output<typeof profileInputSchema>;

/** Directory filters (pages and `GET /api/v1/experts`). */
export const expertQuerySchema = z.object({
	q: fields.string().trim().max(100).optional(),
	subject: fields.string().trim().max(100).optional(),
	unitId: z.preprocess((v) => (v === '' ? undefined : v), fields.id().optional()),
	language: z.preprocess((v) => (v === '' ? undefined : v), language.optional()),
	page: z.coerce.number().int().min(1).max(100_000).default(1)
});
export type ExpertQuery = z.output<typeof expertQuerySchema>;

/** A new subject in the programme's vocabulary (office). */
export const subjectInputSchema = z.object({ name: fields.singleLine(fields.text(100)) });

/** `PUT /api/v1/experts/me`: a whole entry; `listed` must be said outright (true or false). */
export const profileApiSchema = profileInputSchema
	.extend({ listed: z.boolean({ error: 'error.required' }) })
	.strict();
