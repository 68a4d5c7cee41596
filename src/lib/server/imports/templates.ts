import type { ImportKind } from './imports.schema.ts';

/**
 * Downloadable example files. Semicolon-separated with a BOM, so Excel in Swedish opens them
 * with the right columns and letters; the importer accepts commas too.
 */
const TEMPLATES: Record<ImportKind, string[][]> = {
	people: [
		['name', 'email', 'unit', 'job_category', 'gender', 'role_started_on', 'hourly_cost'],
		['Anna Andersson', 'anna.andersson@example.org', 'UME-SB', 'librarian', 'female', '2015-08-01', '340'],
		[
			'Jukka Niemi',
			'jukka.niemi@example.org',
			'Umeå stadsbibliotek',
			'library_assistant',
			'male',
			'2021-01-15',
			'295,50'
		],
		['Kim Berg', 'kim.berg@example.org', 'UME-SB', 'it_specialist', 'not_stated', '', '']
	],
	units: [
		['name', 'kind', 'parent', 'code', 'unit_type'],
		['Region Västerbotten', 'region', '', 'VB', ''],
		['Umeå kommun', 'organisation', 'VB', 'VB-UME', ''],
		['Umeå stadsbibliotek', 'workplace', 'VB-UME', 'UME-SB', 'main_library'],
		['Barn och unga', 'team', 'UME-SB', 'UME-SB-BU', '']
	]
};

function csvCell(value: string): string {
	return /[;"\n\r]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
}

/** The template file for a kind, as CSV text. */
export function templateCsv(kind: ImportKind): string {
	return '\ufeff' + TEMPLATES[kind].map((row) => row.map(csvCell).join(';')).join('\r\n') + '\r\n';
}
