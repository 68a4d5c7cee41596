import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { AccessDeniedError } from '../policy/policy.ts';
import {
	confirmImport,
	discardImport,
	getImportJob,
	previewImport,
	validateFile
} from './imports.service.ts';
import { detectDelimiter, ImportFileError, parseCsv } from './parse.ts';
import { templateCsv } from './templates.ts';

const enc = (text: string) => new TextEncoder().encode(text);

describe('parseCsv', () => {
	it('detects the delimiter, strips a BOM and keeps file row numbers', () => {
		expect(detectDelimiter('a;b;"c,d"\n')).toBe(';');
		expect(detectDelimiter('a,b,"c;d;e"\n')).toBe(',');
		const table = parseCsv('\ufeffnamn;e-post\n\nAnna;anna@example.org\n"Berg; Kim";kim@example.org\n');
		expect(table.headers).toEqual(['namn', 'e-post']);
		expect(table.rows.map((r) => r.n)).toEqual([3, 4]);
		expect(table.rows[1]?.cells[0]).toBe('Berg; Kim');
	});
	it('rejects a file without data rows', () => {
		expect(() => parseCsv('name,email\n')).toThrow(ImportFileError);
	});
});

async function seedProgramme(db: Db, tag: string) {
	const now = nowIso();
	const p = await db
		.insertInto('programmes')
		.values({
			name: 'Import ' + tag,
			funder: null,
			startsOn: '2026-01-01',
			endsOn: '2026-12-31',
			defaultLocale: 'sv',
			timeZone: 'Europe/Stockholm',
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const unit = (
		name: string,
		kind: 'region' | 'organisation' | 'workplace',
		parentId: number | null,
		code: string | null
	) =>
		db
			.insertInto('units')
			.values({ programmeId: p.id, parentId, kind, name, code, updatedAt: now })
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
			programmeId: p.id,
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
		.values({ personId: office.id, role: 'office', programmeId: p.id, unitId: null })
		.execute();
	const actor: Actor = {
		personId: office.id,
		name: 'Office',
		email: `office-${tag}@example.org`,
		programmeId: p.id,
		unitId: lib.id,
		locale: null,
		roles: [{ role: 'office', programmeId: p.id, unitId: null }],
		managedUnitIds: new Set()
	};
	return { programmeId: p.id, libId: lib.id, actor };
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
