import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb, insertTestProgramme } from '../testing/db.ts';
import { AccessDeniedError } from '../policy/policy.ts';
import {
	confirmImport,
	discardImport,
	getImportJob,
	previewImport,
	validateFile
} from './imports.service.ts';
import { sheetRow, SHEET_HEAD, SHEET_TAIL, xlsxBomb, xlsxOf, zipOf } from './imports.fixtures.ts';
import {
	detectDelimiter,
	ImportFileError,
	MAX_CELL_CHARS,
	MAX_COLUMNS,
	MAX_FILE_MB,
	MAX_ROWS,
	MAX_UNPACKED_MB,
	parseCsv
} from './parse.ts';
import { readImportFileInWorker } from './reader.ts';
import { templateCsv } from './templates.ts';

const enc = (text: string) => new TextEncoder().encode(text);

/** Windows-1252 bytes, as Excel's plain "CSV" writes them on Nordic Windows. */
function cp1252(text: string): Uint8Array {
	const special: Record<string, number> = { '€': 0x80, '–': 0x96, '’': 0x92 };
	return Uint8Array.from([...text].map((c) => special[c] ?? c.charCodeAt(0)));
}
const utf16le = (text: string) => new Uint8Array(Buffer.from('\ufeff' + text, 'utf16le'));
const utf16be = (text: string) => new Uint8Array(Buffer.from('\ufeff' + text, 'utf16le').swap16());
const utf8bom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...enc(text)]);

/** Excel's column letters for a 1-based column number. */
function columnLetters(n: number): string {
	let s = '';
	for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

describe('parseCsv', () => {
	it('detects the delimiter, strips a BOM and keeps file row numbers', () => {
		expect(detectDelimiter('a;b;"c,d"\n')).toBe(';');
		expect(detectDelimiter('a,b,"c;d;e"\n')).toBe(',');
		expect(detectDelimiter('a\tb\tc;d\n')).toBe('\t');
		const table = parseCsv('\ufeffnamn;e-post\n\nAnna;anna@example.org\n"Berg; Kim";kim@example.org\n');
		expect(table.headers).toEqual(['namn', 'e-post']);
		expect(table.rows.map((r) => r.n)).toEqual([3, 4]);
		expect(table.rows[1]?.cells[0]).toBe('Berg; Kim');
	});
	it('rejects a file without data rows', () => {
		expect(() => parseCsv('name,email\n')).toThrow(ImportFileError);
	});
});

describe('readImportFileInWorker', () => {
	it('reads the file in a worker and refuses one that takes too long or needs too much memory', async () => {
		const csv = enc('name,email,unit\nA,a@example.org,U\n');
		expect((await readImportFileInWorker('a.csv', csv)).rows).toEqual([
			{ n: 2, cells: ['A', 'a@example.org', 'U'] }
		]);
		// The CLI passes a Buffer, often a view of Node's shared pool, which cannot be moved to a worker.
		expect((await readImportFileInWorker('a.csv', Buffer.from(csv))).rows).toHaveLength(1);
		await expect(readImportFileInWorker('a.csv', csv, { timeoutMs: 1 })).rejects.toMatchObject({
			key: 'import.file.tooSlow',
			params: { max: 1 }
		});
		const rows = Array.from({ length: 20_000 }, (_, i) =>
			sheetRow(i + 2, { A: `Person ${i}`, B: `p${i}@example.org` })
		);
		const xlsx = await xlsxOf(
			SHEET_HEAD + sheetRow(1, { A: 'name', B: 'email' }) + rows.join('') + SHEET_TAIL
		);
		await expect(readImportFileInWorker('big.xlsx', xlsx, { memoryMb: 8 })).rejects.toMatchObject({
			key: 'import.file.tooMuchMemory',
			params: { max: 8 }
		});
		expect((await readImportFileInWorker('big.xlsx', xlsx)).rows).toHaveLength(20_000);
	});
});

async function seedProgramme(db: Db, tag: string) {
	const now = nowIso();
	const programmeId = await insertTestProgramme(db, { name: 'Import ' + tag });
	const unit = (
		name: string,
		kind: 'region' | 'organisation' | 'workplace',
		parentId: number | null,
		code: string | null
	) =>
		db
			.insertInto('units')
			.values({ programmeId, parentId, kind, name, code, updatedAt: now })
			.returning('id')
			.executeTakeFirstOrThrow();
	const region = await unit('Region Test', 'region', null, `${tag}-R`);
	const org = await unit('Testby kommun', 'organisation', region.id, `${tag}-O`);
	const lib = await unit('Testby bibliotek', 'workplace', org.id, `${tag}-LIB`);
	await unit('Filial', 'workplace', org.id, `${tag}-F1`);
	await unit('Filial', 'workplace', org.id, `${tag}-F2`);
	const office = await db
		.insertInto('people')
		.values({
			programmeId,
			unitId: lib.id,
			name: 'Office ' + tag,
			email: `office-${tag}@example.org`,
			emailNormalized: `office-${tag}@example.org`,
			updatedAt: now
		} as never)
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('roleAssignments')
		.values({ personId: office.id, role: 'office', programmeId, unitId: null })
		.execute();
	const actor: Actor = {
		personId: office.id,
		name: 'Office',
		email: `office-${tag}@example.org`,
		programmeId,
		unitId: lib.id,
		locale: null,
		roles: [{ role: 'office', programmeId, unitId: null }],
		managedUnitIds: new Set()
	};
	return { programmeId, libId: lib.id, actor };
}

describeEachDb('imports', (ctx) => {
	let seed: Awaited<ReturnType<typeof seedProgramme>>;
	beforeAll(async () => {
		seed = await seedProgramme(ctx.db, 'imp');
	});

	it('lists every row error with its file row number and field', async () => {
		const csv = [
			'namn;e-post;enhet;yrkeskategori;kön;startdatum;timkostnad',
			'Anna Ok;anna.ok@example.org;imp-LIB;Bibliotekarie;Kvinna;2020-02-29;350,50',
			';no-name@example.org;imp-LIB;;;;',
			'Bad Mail;not-an-email;imp-LIB;;;;',
			'Dup Mail;ANNA.OK@example.org;imp-LIB;;;;',
			'Taken;office-imp@EXAMPLE.org;imp-LIB;;;;',
			'Unknown Unit;u@example.org;Nowhere;;;;',
			'Ambiguous;amb@example.org;Filial;;;;',
			'Bad Cat;cat@example.org;Testby bibliotek;astronaut;robot;2021-02-30;-5',
			'<script>alert(1)</script>;x@example.org;imp-LIB;;;;'
		].join('\n');
		const { validation } = await validateFile(ctx.db, seed.programmeId, 'people', 'p.csv', enc(csv));
		expect(validation.rowCount).toBe(9);
		expect(validation.errorRowCount).toBe(7);
		const got = validation.issues.map((i) => [i.row, i.field, i.key]);
		expect(got).toEqual([
			[3, 'name', 'import.error.required'],
			[4, 'email', 'import.error.email'],
			[5, 'email', 'import.error.duplicateInFile'],
			[6, 'email', 'import.error.emailTaken'],
			[7, 'unit', 'import.error.unknownUnit'],
			[8, 'unit', 'import.error.ambiguousUnit'],
			[9, 'job_category', 'import.error.jobCategory'],
			[9, 'gender', 'import.error.gender'],
			[9, 'role_started_on', 'import.error.date'],
			[9, 'hourly_cost', 'import.error.negative']
		]);
		expect(validation.issues[2]?.params).toEqual({ row: '2' });
		// A script tag is just a name: stored as text, escaped when shown.
		expect(validation.people.map((p) => p.person.name)).toEqual(['Anna Ok', '<script>alert(1)</script>']);
		expect(validation.people[0]?.person).toMatchObject({
			jobCategory: 'librarian',
			gender: 'female',
			roleStartedOn: '2020-02-29',
			hourlyCost: 350.5,
			unitId: seed.libId
		});
	});

	it('reads XLSX (first sheet, date cells) and rejects a file missing required columns', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('Personer');
		ws.addRow(['Name', 'Email', 'Unit', 'Role started on']);
		ws.addRow(['Xl Person', 'xl@example.org', 'imp-LIB', new Date(Date.UTC(2019, 4, 1))]);
		const data = new Uint8Array(await wb.xlsx.writeBuffer());
		const { validation } = await validateFile(ctx.db, seed.programmeId, 'people', 'p.xlsx', data);
		expect(validation.issues).toEqual([]);
		expect(validation.people[0]?.person.roleStartedOn).toBe('2019-05-01');
		await expect(
			validateFile(ctx.db, seed.programmeId, 'people', 'p.csv', enc('name,unit\nA,B\n'))
		).rejects.toMatchObject({
			key: 'import.file.missingColumns'
		});
		await expect(validateFile(ctx.db, seed.programmeId, 'people', 'p.pdf', enc('x'))).rejects.toMatchObject({
			key: 'import.file.unsupported'
		});
	});

	/** Previews `data` and expects it refused with `key` (and `params`); no import job is stored. */
	async function expectRefused(
		fileName: string,
		data: Uint8Array,
		key: string,
		params?: Record<string, string | number>
	): Promise<number> {
		const started = performance.now();
		const error: unknown = await previewImport(ctx.db, seed.actor, {
			programmeId: seed.programmeId,
			kind: 'people',
			fileName,
			data
		}).then(
			() => null,
			(e: unknown) => e
		);
		expect(error, fileName).toBeInstanceOf(ImportFileError);
		expect(error, fileName).toMatchObject(params ? { key, params } : { key });
		const jobs = await ctx.db
			.selectFrom('importJobs')
			.select('id')
			.where('fileName', '=', fileName)
			.execute();
		expect(jobs, fileName).toEqual([]);
		return performance.now() - started;
	}

	it('refuses an XLSX zip bomb by its declared and by its real unpacked size, quickly, storing nothing', async () => {
		const honest = await xlsxBomb(200);
		const lying = await xlsxBomb(200, { lie: true });
		expect(lying.length).toBeLessThan(1024 * 1024);
		for (const [name, data] of [
			['bomb.xlsx', honest],
			['lying-bomb.xlsx', lying]
		] as const) {
			const ms = await expectRefused(name, data, 'import.file.unpackedTooLarge', { max: MAX_UNPACKED_MB });
			expect(ms, name).toBeLessThan(5_000);
		}
	});

	it('refuses too many rows, a too long cell and too many columns while reading CSV and XLSX', async () => {
		const people = (count: number) =>
			Array.from({ length: count }, (_, i) =>
				sheetRow(i + 2, { A: `P${i}`, B: `p${i}@example.org`, C: 'imp-LIB' })
			);
		const header = sheetRow(1, { A: 'name', B: 'email', C: 'unit' });
		const xlsx = (rows: string[]) => xlsxOf(SHEET_HEAD + header + rows.join('') + SHEET_TAIL);

		const manyCsv = [
			'name,email,unit',
			...Array.from({ length: MAX_ROWS + 1 }, (_, i) => `P${i},p${i}@x.org,U`)
		];
		await expectRefused('many.csv', enc(manyCsv.join('\n')), 'import.file.tooManyRows', { max: MAX_ROWS });
		await expectRefused('many.xlsx', await xlsx(people(MAX_ROWS + 1)), 'import.file.tooManyRows', {
			max: MAX_ROWS
		});

		const long = 'x'.repeat(MAX_CELL_CHARS + 1);
		await expectRefused(
			'long.csv',
			enc(`name,email,unit\nA,a@x.org,U\nB,b@x.org,${long}\n`),
			'import.file.cellTooLong',
			{
				row: '3',
				max: MAX_CELL_CHARS
			}
		);
		await expectRefused(
			'long.xlsx',
			await xlsx([...people(1), sheetRow(3, { B: long })]),
			'import.file.cellTooLong',
			{
				row: '3',
				max: MAX_CELL_CHARS
			}
		);

		const wide = `A,a@x.org,U${','.repeat(MAX_COLUMNS - 3)},x`;
		await expectRefused('wide.csv', enc(`name,email,unit\n${wide}\n`), 'import.file.tooManyColumns', {
			row: '2',
			max: MAX_COLUMNS
		});
		const far = columnLetters(MAX_COLUMNS + 1);
		await expectRefused(
			'wide.xlsx',
			await xlsx([sheetRow(2, { A: 'A', [far]: 'x' })]),
			'import.file.tooManyColumns',
			{
				row: '2',
				max: MAX_COLUMNS
			}
		);
		await expectRefused(
			'huge.csv',
			new Uint8Array(MAX_FILE_MB * 1024 * 1024 + 1).fill(0x41),
			'import.file.tooLarge',
			{
				max: MAX_FILE_MB
			}
		);

		// Empty cells up to column XFD (Excel pads rows to the used range) are fine.
		const padded = `name,email,unit\nPad Ded,pad@example.org,imp-LIB${','.repeat(1_000)}\n`;
		const { validation } = await validateFile(ctx.db, seed.programmeId, 'people', 'pad.csv', enc(padded));
		expect(validation.issues).toEqual([]);
		const paddedXlsx = await xlsx([
			sheetRow(2, { A: 'Pad Ded', B: 'pad@example.org', C: 'imp-LIB', XFD: ' ' })
		]);
		expect(
			(await validateFile(ctx.db, seed.programmeId, 'people', 'pad.xlsx', paddedXlsx)).validation.issues
		).toEqual([]);
	});

	it('detects the encoding of a CSV file: Windows-1252, UTF-16 LE/BE, UTF-8 with and without BOM', async () => {
		const csv = (tag: string) =>
			`namn;e-post;enhet\nÅsa Öberg;asa.${tag}@example.org;imp-LIB\nÆrø Ødegård – Sjö’s;aero.${tag}@example.org;imp-LIB\n`;
		const names = ['Åsa Öberg', 'Ærø Ødegård – Sjö’s'];
		const files: [string, Uint8Array][] = [
			['windows-1252', cp1252(csv('a'))],
			['utf-16le, tab separated', utf16le(csv('b').replaceAll(';', '\t'))],
			['utf-16be', utf16be(csv('c'))],
			['utf-8 with BOM', utf8bom(csv('d'))],
			['utf-8', enc(csv('e'))]
		];
		for (const [label, data] of files) {
			const { validation } = await validateFile(ctx.db, seed.programmeId, 'people', 'enc.csv', data);
			expect(validation.issues, label).toEqual([]);
			expect(
				validation.people.map((p) => p.person.name),
				label
			).toEqual(names);
		}
		// Stored as read, in a programme of its own (other tests count this programme's audit entries).
		const own = await seedProgramme(ctx.db, 'enc');
		const { jobId } = await previewImport(ctx.db, own.actor, {
			programmeId: own.programmeId,
			kind: 'people',
			fileName: 'excel.csv',
			data: cp1252(csv('stored').replaceAll('imp-LIB', 'enc-LIB'))
		});
		expect(await confirmImport(ctx.db, own.actor, jobId)).toEqual({ ok: true, created: 2 });
		const stored = await ctx.db
			.selectFrom('people')
			.select('name')
			.where('email', 'like', '%.stored@example.org')
			.orderBy('name')
			.execute();
		expect(stored.map((p) => p.name)).toEqual(names);
	});

	it('refuses CSV bytes it cannot decode, with a message saying so', async () => {
		const text = 'namn;e-post;enhet\nAnna;anna.enc@example.org;imp-LIB\n';
		await expectRefused(
			'no-bom-utf16.csv',
			new Uint8Array(Buffer.from(text, 'utf16le')),
			'import.file.encoding'
		);
		await expectRefused(
			'undefined-byte.csv',
			new Uint8Array([...enc(text), 0x81, 0x0a]),
			'import.file.encoding'
		);
		await expectRefused(
			'lone-surrogate.csv',
			new Uint8Array(Buffer.from('\ufeff' + text + '\ud800', 'utf16le')),
			'import.file.encoding'
		);
		await expectRefused('workbook.csv', await xlsxOf(SHEET_HEAD + SHEET_TAIL), 'import.file.encoding');
	});

	it('reads the first sheet in tab order, wherever its part lies in the ZIP', async () => {
		const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
		const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
		const sheet = (name: string) =>
			SHEET_HEAD + sheetRow(1, { A: 'name', B: 'kind' }) + sheetRow(2, { A: name, B: 'region' }) + SHEET_TAIL;
		const data = await zipOf([
			{ name: 'xl/worksheets/sheet1.xml', content: sheet('Second tab') },
			{ name: 'xl/worksheets/Data.xml', content: sheet('First tab') },
			{
				name: 'xl/workbook.xml',
				content: `<workbook xmlns="${main}" xmlns:rel="${rel}"><sheets><sheet name="A" sheetId="2" rel:id="rIdA"/><sheet name="B" sheetId="1" rel:id="rIdB"/></sheets></workbook>`
			},
			{
				name: 'xl/_rels/workbook.xml.rels',
				content: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdB" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id='rIdA' Type="${rel}/worksheet" Target="/xl/worksheets/Data.xml"/></Relationships>`
			}
		]);
		const { validation } = await validateFile(ctx.db, seed.programmeId, 'units', 'tabs.xlsx', data);
		expect(validation.units.map((u) => u.name)).toEqual(['First tab']);
	});

	it('validates units: parents in file or programme, kind order, duplicate codes', async () => {
		const csv = [
			'name,kind,parent,code',
			'Ny kommun,organisation,imp-R,imp-NK',
			'Nytt bibliotek,workplace,imp-NK,imp-NB',
			'Barn,team,Nytt bibliotek,',
			'Fel ordning,organisation,imp-NB,',
			'Dubbel,workplace,imp-O,imp-NB',
			'Finns,workplace,imp-O,imp-LIB',
			'Okänd,workplace,Ingenstans,',
			'Region med förälder,region,imp-R,',
			'Utan förälder,team,,',
			'Konstig,planet,imp-R,'
		].join('\n');
		const { validation } = await validateFile(ctx.db, seed.programmeId, 'units', 'u.csv', enc(csv));
		expect(validation.issues.map((i) => [i.row, i.field, i.key])).toEqual([
			[5, 'kind', 'import.error.kindOrder'],
			[6, 'code', 'import.error.duplicateInFile'],
			[7, 'code', 'import.error.codeTaken'],
			[8, 'parent', 'import.error.unknownParent'],
			[9, 'parent', 'import.error.regionHasParent'],
			[10, 'parent', 'import.error.parentRequired'],
			[11, 'kind', 'import.error.kind']
		]);
		expect(validation.units).toHaveLength(3);
	});

	it('previews, confirms in one go and writes audit entries; refuses others', async () => {
		const csv = templateCsv('units')
			.replace('Region Västerbotten;region;;VB', 'Region Ny;region;;imp-RN')
			.replace('Umeå kommun;organisation;VB;VB-UME', 'Ny kommun 2;organisation;imp-RN;imp-NK2')
			.replace('Umeå stadsbibliotek;workplace;VB-UME;UME-SB', 'Bib 2;workplace;imp-NK2;imp-B2')
			.replace('Barn och unga;team;UME-SB;UME-SB-BU', 'Team 2;team;imp-B2;imp-T2');
		const { jobId, preview } = await previewImport(ctx.db, seed.actor, {
			programmeId: seed.programmeId,
			kind: 'units',
			fileName: 'units.csv',
			data: enc(csv)
		});
		expect(preview).toMatchObject({ rowCount: 4, validCount: 4, errorRowCount: 0 });
		expect(await ctx.db.selectFrom('units').select('id').where('code', '=', 'imp-B2').execute()).toEqual([]);

		const stranger: Actor = { ...seed.actor, personId: 999999, roles: [] };
		await expect(getImportJob(ctx.db, stranger, jobId)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(confirmImport(ctx.db, stranger, jobId)).rejects.toBeInstanceOf(AccessDeniedError);

		expect(await confirmImport(ctx.db, seed.actor, jobId)).toEqual({ ok: true, created: 4 });
		expect(await confirmImport(ctx.db, seed.actor, jobId)).toEqual({ ok: false, reason: 'notPending' });
		const team = await ctx.db
			.selectFrom('units')
			.selectAll()
			.where('code', '=', 'imp-T2')
			.executeTakeFirstOrThrow();
		const bib = await ctx.db
			.selectFrom('units')
			.selectAll()
			.where('code', '=', 'imp-B2')
			.executeTakeFirstOrThrow();
		expect(team.parentId).toBe(bib.id);
		// The workplace type column: the template's code, or a label in any language.
		expect([bib.unitType, team.unitType]).toEqual(['main_library', null]);
		const audit = await ctx.db
			.selectFrom('auditLog')
			.select(['entityType', 'action'])
			.where('programmeId', '=', seed.programmeId)
			.where('actorId', '=', seed.actor.personId)
			.execute();
		expect(audit.filter((a) => a.entityType === 'unit' && a.action === 'create')).toHaveLength(4);
		expect(audit.filter((a) => a.entityType === 'import')).toHaveLength(1);
		expect((await getImportJob(ctx.db, seed.actor, jobId)).status).toBe('imported');
	});

	it('re-validates at confirmation: an e-mail taken meanwhile blocks the whole import', async () => {
		const csv = 'name,email,unit\nLate One,late1@example.org,imp-LIB\nLate Two,late2@example.org,imp-LIB\n';
		const { jobId } = await previewImport(ctx.db, seed.actor, {
			programmeId: seed.programmeId,
			kind: 'people',
			fileName: 'late.csv',
			data: enc(csv)
		});
		await ctx.db
			.insertInto('people')
			.values({
				programmeId: seed.programmeId,
				name: 'Quick',
				email: 'LATE2@example.org',
				emailNormalized: 'late2@example.org',
				updatedAt: nowIso()
			} as never)
			.execute();
		const result = await confirmImport(ctx.db, seed.actor, jobId);
		expect(result.ok).toBe(false);
		if (!result.ok && result.reason === 'errors')
			expect(result.preview.issues[0]).toMatchObject({ row: 3, key: 'import.error.emailTaken' });
		expect(
			await ctx.db
				.selectFrom('people')
				.select('id')
				.where('emailNormalized', '=', 'late1@example.org')
				.execute()
		).toEqual([]);
		expect((await getImportJob(ctx.db, seed.actor, jobId)).status).toBe('previewed');
		await discardImport(ctx.db, seed.actor, jobId);
		expect((await getImportJob(ctx.db, seed.actor, jobId)).status).toBe('discarded');
	});

	it('previews and imports 10,000 people (timing printed, not asserted)', async () => {
		const lines = ['namn;e-post;enhet;yrkeskategori;kön;startdatum;timkostnad'];
		for (let i = 0; i < 10_000; i++)
			lines.push(
				`Person ${i};bulk.person${i}@example.org;imp-LIB;librarian;female;2015-01-01;${300 + (i % 100)}`
			);
		const data = enc(lines.join('\r\n'));
		let t = performance.now();
		const { jobId, preview } = await previewImport(ctx.db, seed.actor, {
			programmeId: seed.programmeId,
			kind: 'people',
			fileName: 'bulk.csv',
			data
		});
		const previewMs = performance.now() - t;
		expect(preview).toMatchObject({ rowCount: 10_000, validCount: 10_000, errorRowCount: 0 });
		t = performance.now();
		const result = await confirmImport(ctx.db, seed.actor, jobId);
		const importMs = performance.now() - t;
		expect(result).toEqual({ ok: true, created: 10_000 });
		const count = await ctx.db
			.selectFrom('people')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('email', 'like', 'bulk.person%')
			.executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(10_000);
		console.log(
			`[${ctx.dialect}] 10,000-row import: preview ${Math.round(previewMs)} ms, confirm ${Math.round(importMs)} ms`
		);
	}, 120_000);
});
