import { z } from 'zod';
import {
	GENDERS,
	JOB_CATEGORIES,
	UNIT_KINDS,
	UNIT_TYPES,
	type Gender,
	type JobCategory,
	type UnitKind,
	type UnitType
} from '../db/schema.ts';
import { LOCALES, translate, type MessageKey } from '#lib/i18n/index.ts';
import { ImportFileError, type Table } from './parse.ts';
import { fields } from '../core/validation.ts';

/**
 * What an import file may contain: column names (English or Swedish), accepted values for
 * coded fields (codes and English/Swedish labels), and the zod schemas every row passes.
 */

export const IMPORT_KINDS = ['people', 'units'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const PEOPLE_FIELDS = [
	'name',
	'email',
	'unit',
	'job_category',
	'gender',
	'role_started_on',
	'hourly_cost'
] as const;
export const UNIT_FIELDS = ['name', 'kind', 'parent', 'code', 'unit_type'] as const;
export type PeopleField = (typeof PEOPLE_FIELDS)[number];
export type UnitField = (typeof UNIT_FIELDS)[number];

export const FIELDS: Record<ImportKind, readonly string[]> = { people: PEOPLE_FIELDS, units: UNIT_FIELDS };
const REQUIRED_COLUMNS: Record<ImportKind, readonly string[]> = {
	people: ['name', 'email', 'unit'],
	units: ['name', 'kind']
};

/** Folds a header or label for matching: case, accents on e, spaces, hyphens and underscores. */
export function fold(value: string): string {
	return value
		.trim()
		.toLocaleLowerCase('sv')
		.replace(/[éè]/g, 'e')
		.replace(/[\s_\-.]+/g, ' ')
		.trim();
}

const HEADER_ALIASES: Record<ImportKind, Record<string, string[]>> = {
	people: {
		name: ['name', 'namn', 'full name', 'fullständigt namn'],
		email: ['email', 'e mail', 'e post', 'epost', 'mail', 'e postadress'],
		unit: ['unit', 'enhet', 'unit code', 'enhetskod', 'workplace', 'arbetsplats'],
		job_category: ['job category', 'jobcategory', 'yrkeskategori', 'yrke', 'category', 'kategori'],
		gender: ['gender', 'kön', 'kon', 'sex'],
		role_started_on: ['role started on', 'startdatum', 'start date', 'started on', 'i rollen sedan'],
		hourly_cost: ['hourly cost', 'timkostnad', 'kostnad per timme', 'cost per hour']
	},
	units: {
		name: ['name', 'namn'],
		kind: ['kind', 'typ', 'type', 'nivå', 'level'],
		parent: ['parent', 'förälder', 'överordnad', 'överordnad enhet', 'parent code', 'parent unit'],
		code: ['code', 'kod', 'enhetskod', 'unit code'],
		unit_type: [
			'unit type',
			'workplace type',
			'typ av arbetsplats',
			'arbetsplatstyp',
			'verksamhetstyp',
			'arbejdspladstype',
			'type arbeidsplass'
		]
	}
};

function lookup<T extends string>(entries: Record<T, string[]>): Map<string, T> {
	const map = new Map<string, T>();
	for (const [code, labels] of Object.entries(entries) as [T, string[]][]) {
		map.set(fold(code), code);
		for (const label of labels) map.set(fold(label), code);
	}
	return map;
}

const JOB_CATEGORY_LABELS = lookup<JobCategory>({
	librarian: ['librarian', 'bibliotekarie'],
	library_assistant: ['library assistant', 'biblioteksassistent', 'assistent', 'assistant'],
	manager: ['manager', 'chef', 'bibliotekschef', 'enhetschef'],
	it_specialist: ['it specialist', 'it', 'it tekniker'],
	communicator: ['communicator', 'kommunikatör'],
	administrator: ['administrator', 'administratör', 'handläggare'],
	archivist: ['archivist', 'arkivarie'],
	social_worker: ['social worker', 'socialsekreterare', 'socionom'],
	other: ['other', 'övrigt', 'annat', 'annan']
});
const GENDER_LABELS = lookup<Gender>({
	female: ['female', 'woman', 'f', 'kvinna', 'k'],
	male: ['male', 'man', 'm'],
	other: ['other', 'annat', 'icke binär', 'non binary'],
	not_stated: ['not stated', 'vill ej uppge', 'vill inte uppge', 'ej angivet', 'uppgift saknas']
});
const UNIT_KIND_LABELS = lookup<UnitKind>({
	region: ['region', 'county', 'län'],
	organisation: ['organisation', 'organization', 'kommun', 'municipality'],
	workplace: ['workplace', 'arbetsplats', 'bibliotek', 'library'],
	team: ['team', 'grupp', 'arbetslag']
});

export const jobCategoryOf = (v: string) => JOB_CATEGORY_LABELS.get(fold(v));
export const genderOf = (v: string) => GENDER_LABELS.get(fold(v));
export const unitKindOf = (v: string) => UNIT_KIND_LABELS.get(fold(v));
/** A workplace type by its code or its name in any of Klok's languages ("Plejehjem", "Hemtjänst"). */
const UNIT_TYPE_LABELS = lookup<UnitType>(
	Object.fromEntries(
		UNIT_TYPES.map((type) => [type, LOCALES.map((l) => translate(l, `unitType.${type}` as MessageKey))])
	) as Record<UnitType, string[]>
);
export const unitTypeOf = (v: string) => UNIT_TYPE_LABELS.get(fold(v));

/** A data row with its cells keyed by canonical field name; what an import job stores. */
export interface RawRow {
	/** Row number in the file (the header is row 1). */
	n: number;
	v: Record<string, string>;
}

/**
 * Maps a file's headers to canonical fields. Unknown columns are ignored; a missing required
 * column rejects the whole file, since every row would fail for the same reason.
 */
export function mapColumns(kind: ImportKind, table: Table): RawRow[] {
	const aliases = lookup(HEADER_ALIASES[kind] as Record<string, string[]>);
	const indexOf = new Map<string, number>();
	table.headers.forEach((header, i) => {
		const field = aliases.get(fold(header.replace(/^\ufeff/, '')));
		if (field && !indexOf.has(field)) indexOf.set(field, i);
	});
	const missing = REQUIRED_COLUMNS[kind].filter((f) => !indexOf.has(f));
	if (missing.length > 0)
		throw new ImportFileError('import.file.missingColumns', {
			columns: missing.join(', '),
			found: table.headers.join(', ')
		});
	return table.rows.map((row) => {
		const v: Record<string, string> = {};
		for (const [field, i] of indexOf) v[field] = (row.cells[i] ?? '').trim();
		return { n: row.n, v };
	});
}

const required = (max: number) =>
	fields.string().trim().min(1, 'import.error.required').max(max, 'import.error.tooLong');
const optional = z
	.string()
	.trim()
	.optional()
	.transform((v) => (v ? v : undefined));

/** A real calendar date `YYYY-MM-DD`. */
function isDate(v: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
	const d = new Date(v + 'T00:00:00Z');
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** One people row; coded fields accept codes and English/Swedish labels. */
export const personRowSchema = z.object({
	name: required(200),
	email: required(254).pipe(z.email('import.error.email')),
	unit: required(200),
	job_category: optional.pipe(
		z
			.string()
			.optional()
			.refine((v) => v === undefined || jobCategoryOf(v) !== undefined, 'import.error.jobCategory')
			.transform((v) => (v === undefined ? null : (jobCategoryOf(v) as JobCategory)))
	),
	gender: optional.pipe(
		z
			.string()
			.optional()
			.refine((v) => v === undefined || genderOf(v) !== undefined, 'import.error.gender')
			.transform((v) => (v === undefined ? null : (genderOf(v) as Gender)))
	),
	role_started_on: optional.pipe(
		z
			.string()
			.optional()
			.refine((v) => v === undefined || isDate(v), 'import.error.date')
			.transform((v) => v ?? null)
	),
	hourly_cost: optional.pipe(
		z
			.string()
			.optional()
			// Swedish spreadsheets write decimals with a comma and may group thousands with spaces.
			.transform((v) => (v === undefined ? null : Number(v.replace(/[\s\u00a0]/g, '').replace(',', '.'))))
			.refine((v) => v === null || Number.isFinite(v), 'import.error.number')
			.refine((v) => v === null || v >= 0, 'import.error.negative')
			.refine((v) => v === null || v <= 100_000, 'import.error.tooBig')
	)
});
export type PersonRow = z.output<typeof personRowSchema>;

/** One unit row. */
export const unitRowSchema = z.object({
	name: required(200),
	kind: required(50)
		.refine((v) => unitKindOf(v) !== undefined, 'import.error.kind')
		.transform((v) => unitKindOf(v) as UnitKind),
	parent: optional,
	code: optional.pipe(fields.string().max(50, 'import.error.tooLong').optional()),
	unit_type: optional
		.refine((v) => v === undefined || unitTypeOf(v) !== undefined, 'unitType.invalid')
		.transform((v) => (v === undefined ? null : (unitTypeOf(v) as UnitType)))
});
export type UnitRow = z.output<typeof unitRowSchema>;

export { GENDERS, JOB_CATEGORIES, UNIT_KINDS };
