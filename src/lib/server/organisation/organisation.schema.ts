import { z } from 'zod';
import { LOCALES, UNIT_KINDS, UNIT_TYPES } from '../db/schema.ts';
import { fields } from '../core/validation.ts';

/** The smallest k a programme may set (a group of 2 lets either member read the other's answers); surveys apply it. */
export const MIN_GROUP_SIZE_FLOOR = 3;

/**
 * Input and output shapes for programmes and units. Forms, the REST API and the services
 * validate with the same schemas; the OpenAPI document is derived from them.
 */

/** Is `value` an IANA time zone this runtime knows (e.g. `Europe/Stockholm`)? */
export function isValidTimeZone(value: string): boolean {
	if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
	try {
		new Intl.DateTimeFormat('en', { timeZone: value });
		return true;
	} catch {
		return false;
	}
}

/** The largest minimum group size a programme may set. */
export const MAX_MIN_GROUP_SIZE = 50;
const minGroupSizeMessage = 'programme.error.minGroupSize';

const programmeFields = {
	name: fields.text(200),
	funder: fields.optionalText(200),
	startsOn: fields.date(),
	endsOn: fields.date(),
	defaultLocale: z.enum(LOCALES),
	timeZone: fields
		.string()
		.trim()
		.min(1)
		.max(64)
		.refine(isValidTimeZone, { message: 'programme.error.timeZone' }),
	/** k in k-anonymity: the smallest group shown in survey breakdowns; never below the floor (3). */
	minGroupSize: z.coerce
		.number({ message: minGroupSizeMessage })
		.int({ message: minGroupSizeMessage })
		.min(MIN_GROUP_SIZE_FLOOR, { message: minGroupSizeMessage })
		.max(MAX_MIN_GROUP_SIZE, { message: minGroupSizeMessage })
};

/** Start on or before end; reported on the end date field. */
const periodRule = <T extends { startsOn?: string | undefined; endsOn?: string | undefined }>(v: T) =>
	!v.startsOn || !v.endsOn || v.startsOn <= v.endsOn;
const periodIssue = { message: 'programme.error.period', path: ['endsOn'] };

/** A new programme (admin). */
export const programmeCreateSchema = z.object(programmeFields).refine(periodRule, periodIssue);

/** Full replacement of a programme's settings (the edit form). */
export const programmeUpdateSchema = programmeCreateSchema;

/** Partial update (API PATCH); `funder: null` clears it. The period rule is checked against stored values by the service. */
export const programmePatchSchema = z
	.object({
		name: programmeFields.name.optional(),
		funder: fields.optionalText(200).nullable(),
		startsOn: programmeFields.startsOn.optional(),
		endsOn: programmeFields.endsOn.optional(),
		defaultLocale: programmeFields.defaultLocale.optional(),
		timeZone: programmeFields.timeZone.optional(),
		minGroupSize: programmeFields.minGroupSize.optional()
	})
	.strict()
	.refine(periodRule, periodIssue);

export type ProgrammeInput = z.output<typeof programmeCreateSchema>;
export type ProgrammePatch = z.output<typeof programmePatchSchema>;

/** A unit code: an external key for imports, no spaces. */
const code = z
	.string()
	.trim()
	.max(50)
	.regex(/^[\p{L}\p{N}._:/-]+$/u, { message: 'units.error.codeFormat' });

/** A workplace type from the programme vocabulary; '' or null clears it. */
const unitType = z.preprocess(
	(v) => (v === '' ? null : v),
	z.enum(UNIT_TYPES, { message: 'unitType.invalid' }).nullable()
);

/** A new unit. Without `parentId` it becomes a top-level unit of `programmeId`. */
export const unitCreateSchema = z.object({
	programmeId: fields.id(),
	parentId: fields.id().optional(),
	kind: z.enum(UNIT_KINDS),
	name: fields.text(200),
	code: code.optional(),
	unitType: unitType.optional()
});
export type UnitCreateInput = z.input<typeof unitCreateSchema>;

/** Rename: new name and code (`code` absent or null removes it). */
export const unitRenameSchema = z.object({
	name: fields.text(200),
	code: code.nullable().optional(),
	unitType: unitType.optional()
});
export type UnitRenameInput = z.input<typeof unitRenameSchema>;

/** Move under `parentId`, or to the top level when it is null/absent. */
export const unitMoveSchema = z.object({
	parentId: fields.id().nullable().optional()
});
export type UnitMoveInput = z.input<typeof unitMoveSchema>;

/** API PATCH: any of name, code (null clears), parentId (null = top level; a change is a move). */
export const unitPatchSchema = z
	.object({
		name: fields.text(200).optional(),
		code: code.nullable().optional(),
		unitType: unitType.optional(),
		parentId: fields.id().nullable().optional()
	})
	.strict();
export type UnitPatchInput = z.output<typeof unitPatchSchema>;

const booleanParam = z
	.enum(['true', 'false', '1', '0'])
	.transform((v) => v === 'true' || v === '1')
	.optional();

/** Query of `GET /api/v1/units`. */
export const unitListQuerySchema = z.object({
	page: z.coerce.number().int().min(1).max(100_000).default(1),
	pageSize: z.coerce.number().int().min(1).max(200).default(50),
	programmeId: fields.id().optional(),
	parentId: fields.id().optional(),
	kind: z.enum(UNIT_KINDS).optional(),
	q: fields.string().trim().max(200).optional(),
	includeClosed: booleanParam
});
export type UnitListQuery = z.output<typeof unitListQuerySchema>;

/** Query of `GET /api/v1/programmes`. */
export const pageQuerySchema = z.object({
	page: z.coerce.number().int().min(1).max(100_000).default(1),
	pageSize: z.coerce.number().int().min(1).max(200).default(50)
});

/** A unit as the API returns it. */
export const unitOutputSchema = z.object({
	id: z.number().int(),
	programmeId: z.number().int(),
	parentId: z.number().int().nullable(),
	kind: z.enum(UNIT_KINDS),
	name: z.string(),
	code: z.string().nullable(),
	closedAt: z.string().nullable().describe('ISO-8601 UTC; null while open'),
	createdAt: z.string(),
	updatedAt: z.string()
});

/** A single unit with its path from the root and its count of active people. */
export const unitDetailOutputSchema = unitOutputSchema.extend({
	path: z.string().describe('Names from the root, joined with " › "'),
	activePeople: z.number().int()
});

export const programmeOutputSchema = z.object({
	id: z.number().int(),
	name: z.string(),
	funder: z.string().nullable(),
	startsOn: z.string().describe('YYYY-MM-DD'),
	endsOn: z.string().describe('YYYY-MM-DD'),
	defaultLocale: z.enum(LOCALES),
	timeZone: z.string(),
	minGroupSize: z.number().int(),
	createdAt: z.string(),
	updatedAt: z.string()
});

const pageOf = <T extends z.ZodType>(item: T) =>
	z.object({
		data: z.array(item),
		page: z.number().int(),
		pageSize: z.number().int(),
		total: z.number().int()
	});
export const unitPageSchema = pageOf(unitOutputSchema);
export const programmePageSchema = pageOf(programmeOutputSchema);
