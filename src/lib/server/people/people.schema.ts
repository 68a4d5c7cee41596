import { z } from 'zod';
import { GENDERS, JOB_CATEGORIES, LOCALES, ROLES } from '../db/schema.ts';
import { fields } from '../core/validation.ts';

/**
 * Input shapes for people and roles, shared by forms, the REST API and imports so every
 * entry point validates alike. Optional fields accept `null` (clear) and `undefined` (absent).
 */

/** Money: accepts "123,50" as well as "123.50"; ≥ 0. */
const hourlyCost = z.preprocess(
	(v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v.trim().replace(',', '.'))) : v),
	z.number().min(0).max(100_000).nullable().optional()
);

/** Names are shown everywhere; angle brackets never belong in one and hint at pasted markup. */
const personName = fields.text(200).refine((v) => !/[<>]/.test(v), { message: 'people.error.nameChars' });

export const personFields = {
	name: personName,
	email: fields.email(),
	unitId: fields.id(),
	jobCategory: z.enum(JOB_CATEGORIES),
	gender: z.enum(GENDERS).nullable().optional(),
	roleStartedOn: fields.date().nullable().optional(),
	hourlyCost,
	locale: z.enum(LOCALES).nullable().optional()
};

/** A new person. */
export const personCreateSchema = z.object(personFields);
export type PersonCreateInput = z.output<typeof personCreateSchema>;

/** A change to a person: any subset of the fields (PATCH semantics). */
export const personUpdateSchema = z.object(personFields).partial();
export type PersonUpdateInput = z.output<typeof personUpdateSchema>;

/** Roles that can be granted; `participant` is implied by being staff and never stored. */
export const GRANTABLE_ROLES = ROLES.filter((r) => r !== 'participant');

export const roleGrantSchema = z.object({
	role: z.enum(GRANTABLE_ROLES as [(typeof GRANTABLE_ROLES)[number], ...(typeof GRANTABLE_ROLES)[number][]]),
	unitId: fields.id().optional()
});
export type RoleGrantInput = z.output<typeof roleGrantSchema>;

/** List query for pages and `GET /api/v1/people`. Query strings arrive as text. */
export const peopleQuerySchema = z.object({
	q: fields.string().trim().max(200).optional(),
	unitId: fields.id().optional(),
	includeDescendants: fields.ticked(),
	jobCategory: z.enum(JOB_CATEGORIES).optional(),
	status: z.enum(['active', 'deactivated', 'all']).default('active'),
	page: z.coerce.number().int().min(1).max(1_000_000).default(1),
	pageSize: z.coerce.number().int().min(1).max(200).default(50)
});
export type PeopleQuery = z.output<typeof peopleQuerySchema>;
