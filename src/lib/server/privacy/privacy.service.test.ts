import JSZip from 'jszip';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { exportAuditCsv, listAudit } from '../audit/audit.service.ts';
import { AccessDeniedError } from '../core/errors.ts';
import type { Db } from '../db/database.ts';
import { createDemo } from '../demo/demo.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { programmeDashboard } from '../dashboards/dashboards.service.ts';
import { allHoursReports } from '../reports/reports.service.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	downloadMyExport,
	erasePerson,
	myExport,
	previewErasure,
	requestMyExport,
	runExportJobs
} from './privacy.service.ts';
import { ErasureRuleError, RetentionRuleError } from './privacy.schema.ts';
import { previewRetention, runRetention, updateRetentionSettings } from './retention.service.ts';

/** Which export file holds each subject table's rows, and the key that identifies a row. */
const FILES: Record<string, { file: string; key: (r: Record<string, unknown>) => string }> = {
	role_assignments: { file: 'people/roles.json', key: (r) => String(r.id) },
	registrations: { file: 'registrations/registrations.json', key: (r) => String(r.id) },
	cycle_forms: { file: 'cycle/forms_40_20_40.json', key: (r) => String(r.registrationId) },
	logbook_entries: { file: 'logbook/entries.json', key: (r) => String(r.id) },
	individual_plans: { file: 'plans/individual_plans.json', key: (r) => String(r.id) },
	development_dialogues: { file: 'plans/development_dialogues.json', key: (r) => String(r.id) },
	need_votes: { file: 'plans/need_votes.json', key: (r) => String(r.needId) },
	process_participants: { file: 'processes/process_memberships.json', key: (r) => String(r.processId) },
	survey_invitations: { file: 'surveys/invitations.json', key: (r) => String(r.id) },
	survey_responses: { file: 'surveys/identified_responses.json', key: (r) => String(r.id) },
	activity_interests: { file: 'catalogue/interests.json', key: (r) => String(r.id) },
	outbox: { file: 'mail/messages.json', key: (r) => String(r.id) },
	auth_sessions: { file: 'sign_in/sessions.json', key: (r) => String(r.createdAt) }
};

/** The person's rows of each subject table, straight from the database. */
async function rowsOf(db: Db, table: string, personId: number): Promise<Record<string, unknown>[]> {
	if (table === 'cycle_forms')
		return (
			await sql<Record<string, unknown>>`select registration_id as "registrationId" from cycle_forms
				where registration_id in (select id from registrations where person_id = ${personId})`.execute(db)
		).rows;
	const column =
		table === 'need_votes'
			? 'need_id as "needId"'
			: table === 'process_participants'
				? 'process_id as "processId"'
				: table === 'auth_sessions'
					? 'created_at as "createdAt"'
					: 'id';
	return (
		await sql<
			Record<string, unknown>
		>`select ${sql.raw(column)} from ${sql.table(table)} where person_id = ${personId}`.execute(db)
	).rows;
}

/** Every text column of every table, from the database itself. */
async function textColumns(db: Db, dialect: string): Promise<{ table: string; column: string }[]> {
	const tables = await db.introspection.getTables();
	return tables
		.filter((t) => !t.name.startsWith('kysely_'))
		.flatMap((t) =>
			t.columns
				.filter((c) => /char|text|json/i.test(c.dataType) || (dialect === 'sqlite' && c.dataType === ''))
				.map((c) => ({ table: t.name, column: c.name }))
		);
}

async function occurrences(db: Db, dialect: string, needle: string): Promise<string[]> {
	const found: string[] = [];
	for (const { table, column } of await textColumns(db, dialect)) {
		const pattern = '%' + needle.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
		const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}
			where cast(${sql.ref(column)} as text) like ${pattern} escape '\\'`.execute(db);
		if (Number(r.rows[0]!.n) > 0) found.push(`${table}.${column}`);
	}
	return found;
}

/** A figure with the names left out (erasure must change the name, and lists sorted by it). */
function withoutNames(value: unknown): unknown {
	if (Array.isArray(value)) {
		const items = value.map(withoutNames);
		return items.every((i) => i && typeof i === 'object' && 'registrationId' in i)
			? [...items].sort(
					(a, b) =>
						Number((a as { registrationId: number }).registrationId) -
						Number((b as { registrationId: number }).registrationId)
				)
			: items;
	}
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value)
				.filter(([k]) => k !== 'personName')
				.map(([k, v]) => [k, withoutNames(v)])
		);
	return value;
}

describeEachDb('privacy: my data, erasure, retention, audit', (ctx) => {
	let programmeId: number;
	let office: Actor;
	let participant: Actor;
	let otherOffice: Actor;

	const person = (email: string) =>
		ctx.db
			.selectFrom('people')
			.select(['id', 'name', 'email'])
			.where('email', '=', email)
			.executeTakeFirstOrThrow();

	beforeAll(async () => {
		({ programmeId } = await createDemo(ctx.db, { password: 'demo', people: 60 }));
		office = (await loadActor(ctx.db, (await person('office@demo.klok')).id))!;
		participant = (await loadActor(ctx.db, (await person('participant@demo.klok')).id))!;
		const fx = await buildProgrammeFixture(ctx.db, 'privacy');
		otherOffice = (await loadActor(ctx.db, fx.people.otherOffice))!;
		// A sign-in session and a logbook entry, so those tables hold rows of the participant.
		await ctx.db
			.insertInto('authSessions')
			.values({
				id: 'h'.repeat(64),
				personId: participant.personId,
				expiresAt: '2099-01-01T00:00:00.000Z',
				lastSeenAt: '2026-01-01T00:00:00.000Z',
				userAgent: 'test',
				ip: '127.0.0.1'
			})
			.execute();
	}, 120_000);

	it('exports every row of the participant in every personal table, and nothing of anyone else', async () => {
		const { id, token } = await requestMyExport(ctx.db, participant);
		expect(token).toMatch(/^kx_/);
		expect((await myExport(ctx.db, participant, id))?.status).toBe('queued');
		expect(await myExport(ctx.db, office, id)).toBeNull();
		const run = await runExportJobs(ctx.db);
		expect(run.built).toBe(1);
		const ready = await myExport(ctx.db, participant, id);
		expect(ready).toMatchObject({ status: 'ready' });
		expect(ready!.progress).toBe(ready!.total);

		expect(await downloadMyExport(ctx.db, office, token!)).toBeNull();
		const file = await downloadMyExport(ctx.db, participant, token!);
		expect(file).not.toBeNull();
		const zip = await JSZip.loadAsync(file!.content);
		const index = await zip.file('index.html')!.async('string');
		expect(index).toContain(participant.name);

		const files: Record<string, Record<string, unknown>[]> = {};
		for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.json')))
			files[name] = JSON.parse(await zip.file(name)!.async('string'));

		for (const [table, { file, key }] of Object.entries(FILES)) {
			const expected = (await rowsOf(ctx.db, table, participant.personId)).map(key).sort();
			const exported = (files[file] ?? []).map(key).sort();
			expect(exported, `${table} in ${file}`).toEqual(expected);
		}
		// The demo gives the participant registrations, forms and plans: the test is not empty.
		expect(files['registrations/registrations.json']!.length).toBeGreaterThan(0);
		expect(files['people/profile.json']![0]).toMatchObject({ email: 'participant@demo.klok' });

		// Nothing of anyone else: no other person's id as a person, no other e-mail address.
		for (const [name, rows] of Object.entries(files))
			for (const row of rows)
				if ('personId' in row && row.personId !== null)
					expect(row.personId, `${name}`).toBe(participant.personId);
		const text =
			Object.values(files)
				.map((rows) => JSON.stringify(rows))
				.join('\n') + index;
		const others = await ctx.db
			.selectFrom('people')
			.select('email')
			.where('id', '!=', participant.personId)
			.execute();
		for (const o of others) expect(text.includes(o.email), o.email).toBe(false);
		expect(text).not.toContain('passwordHash');

		// Request and download are in the audit log.
		const log = await listAudit(ctx.db, office, programmeId, {
			actorId: participant.personId,
			page: 1,
			pageSize: 50
		});
		expect(log.data.map((e) => `${e.action}:${e.entityType}`)).toEqual(
			expect.arrayContaining(['export:personalData', 'download:personalData'])
		);
	});

	it('expires the download link', async () => {
		const { id, token } = await requestMyExport(ctx.db, participant);
		await runExportJobs(ctx.db);
		await ctx.db
			.updateTable('privacyExports')
			.set({ expiresAt: '2000-01-01T00:00:00.000Z' })
			.where('id', '=', id)
			.execute();
		expect((await myExport(ctx.db, participant, id))?.status).toBe('expired');
		expect(await downloadMyExport(ctx.db, participant, token!)).toBeNull();
		expect((await runExportJobs(ctx.db)).expired).toBe(1);
		const row = await ctx.db
			.selectFrom('privacyExports')
			.select(['content', 'status'])
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ content: null, status: 'expired' });
	});

	it('erases a person: reports unchanged, no trace of name or e-mail, refused outside the programme', async () => {
		const target = await person('participant@demo.klok');
		await expect(previewErasure(ctx.db, otherOffice, target.id)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(previewErasure(ctx.db, participant, target.id)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(
			erasePerson(ctx.db, otherOffice, target.id, { confirmation: target.name })
		).rejects.toBeInstanceOf(AccessDeniedError);

		const preview = await previewErasure(ctx.db, office, target.id);
		const byTable = Object.fromEntries(preview.counts.map((c) => [c.table, c]));
		expect(byTable.registrations!.anonymised).toBeGreaterThan(0);
		expect(byTable.people).toEqual({ table: 'people', deleted: 0, anonymised: 1, kept: 0 });
		expect(byTable.auth_sessions!.deleted).toBe(1);

		const wrong = await erasePerson(ctx.db, office, target.id, { confirmation: 'someone else' }).catch(
			(e) => e
		);
		expect(wrong).toBeInstanceOf(ErasureRuleError);
		expect((wrong as ErasureRuleError).fieldErrors('sv').confirmation).toEqual([
			'Namnet stämmer inte. Skriv det exakt som det visas.'
		]);
		const empty = await erasePerson(ctx.db, office, target.id, {}).catch((e) => e);
		expect(Object.keys((empty as ErasureRuleError).fieldErrors('en'))).toEqual(['confirmation']);

		const reportsBefore = await allHoursReports(ctx.db, office, programmeId, {}, 'en');
		const dashboardBefore = await programmeDashboard(
			ctx.db,
			office,
			programmeId,
			new Date('2026-10-01T00:00:00Z')
		);
		expect(await occurrences(ctx.db, ctx.dialect, target.email)).not.toEqual([]);

		const { counts } = await erasePerson(ctx.db, office, target.id, { confirmation: target.name });
		expect(counts).toEqual(preview.counts);

		expect(await allHoursReports(ctx.db, office, programmeId, {}, 'en')).toEqual(reportsBefore);
		// Every dashboard figure is unchanged; only the erased person's name in the overdue list changes.
		const dashboardAfter = await programmeDashboard(
			ctx.db,
			office,
			programmeId,
			new Date('2026-10-01T00:00:00Z')
		);
		expect(withoutNames(dashboardAfter)).toEqual(withoutNames(dashboardBefore));
		expect(JSON.stringify(dashboardAfter)).not.toContain(target.name);
		expect(await occurrences(ctx.db, ctx.dialect, target.email)).toEqual([]);
		expect(await occurrences(ctx.db, ctx.dialect, target.name)).toEqual([]);
		const after = await ctx.db
			.selectFrom('people')
			.select(['name', 'email', 'passwordHash'])
			.where('id', '=', target.id)
			.executeTakeFirstOrThrow();
		expect(after.name).toMatch(/^Erased person #\d+$/);
		expect(after.passwordHash).toBeNull();
		const left = await ctx.db
			.selectFrom('authSessions')
			.select('id')
			.where('personId', '=', target.id)
			.execute();
		expect(left).toEqual([]);

		// Once only; the audit keeps the action.
		await expect(erasePerson(ctx.db, office, target.id, { confirmation: after.name })).rejects.toBeInstanceOf(
			ErasureRuleError
		);
		const log = await listAudit(ctx.db, office, programmeId, { action: 'erase', page: 1, pageSize: 10 });
		expect(log.data.map((e) => [e.entityId, e.actorId])).toEqual([[target.id, office.personId]]);
	});

	it('refuses to change audit rows on PostgreSQL outside erasure', async () => {
		if (ctx.dialect !== 'postgres') return;
		await expect(sql`update audit_log set action = 'x'`.execute(ctx.db)).rejects.toThrow(/append-only/);
		await expect(sql`delete from audit_log`.execute(ctx.db)).rejects.toThrow(/append-only/);
	});

	it('retention: a dry run lists what would go and changes nothing; the run removes it', async () => {
		const bad = await updateRetentionSettings(ctx.db, office, programmeId, {
			dialogueNotesOnErasure: 'shred',
			logbookMonthsAfterEnd: 'soon',
			inactiveYears: '0',
			surveyRawMonthsAfterClose: ''
		}).catch((e) => e);
		expect(bad).toBeInstanceOf(RetentionRuleError);
		expect((bad as RetentionRuleError).fieldErrors('sv')).toEqual({
			dialogueNotesOnErasure: ['Välj vad som ska hända med anteckningarna.'],
			logbookMonthsAfterEnd: ['Ange ett heltal.'],
			inactiveYears: ['Ange ett tal från 1 till 600 (år: 1 till 50).']
		});
		await expect(
			updateRetentionSettings(ctx.db, participant, programmeId, { dialogueNotesOnErasure: 'keep' })
		).rejects.toBeInstanceOf(AccessDeniedError);

		await updateRetentionSettings(ctx.db, office, programmeId, {
			dialogueNotesOnErasure: 'keep',
			logbookMonthsAfterEnd: '1',
			inactiveYears: '1',
			surveyRawMonthsAfterClose: ''
		});
		const gone = await person('manager@demo.klok');
		await ctx.db
			.updateTable('people')
			.set({ deactivatedAt: '2026-01-02T00:00:00.000Z' })
			.where('id', '=', gone.id)
			.execute();
		const entries = async () =>
			Number(
				(
					await ctx.db
						.selectFrom('logbookEntries')
						.select((eb) => eb.fn.countAll().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		const before = await entries();
		expect(before).toBeGreaterThan(0);

		const now = new Date('2031-06-01T00:00:00Z');
		const dry = await runRetention(ctx.db, { dryRun: true, now, programmeId });
		expect(dry).toEqual([
			{ programmeId, rule: 'logbook', cutoff: '2031-05-01', count: before },
			{ programmeId, rule: 'inactive', cutoff: '2030-06-01T00:00:00.000Z', count: 1 }
		]);
		expect(await entries()).toBe(before);
		expect((await person('manager@demo.klok')).email).toBe('manager@demo.klok');
		// The office's page shows today's dry run: the programme has not ended yet.
		expect((await previewRetention(ctx.db, office, programmeId)).map((l) => l.count)).toEqual([0, 0]);

		const done = await runRetention(ctx.db, { dryRun: false, now, programmeId });
		expect(done.map((l) => l.count)).toEqual([before, 1]);
		expect(await entries()).toBe(0);
		const erased = await ctx.db
			.selectFrom('people')
			.select('name')
			.where('id', '=', gone.id)
			.executeTakeFirstOrThrow();
		expect(erased.name).toMatch(/^Erased person #/);
		expect((await runRetention(ctx.db, { dryRun: true, now, programmeId })).map((l) => l.count)).toEqual([
			0, 0
		]);
	});

	it('audit: filters by person, action and period, and exports CSV', async () => {
		const all = await listAudit(ctx.db, office, programmeId, { page: 1, pageSize: 500 });
		expect(all.total).toBeGreaterThan(0);
		const reads = await listAudit(ctx.db, office, programmeId, {
			action: 'retention',
			page: 1,
			pageSize: 50
		});
		expect(reads.data.length).toBe(1);
		expect(reads.data.every((e) => e.action === 'retention')).toBe(true);
		const none = await listAudit(ctx.db, office, programmeId, {
			from: '2000-01-01',
			to: '2000-12-31',
			page: 1,
			pageSize: 50
		});
		expect(none.total).toBe(0);
		const today = new Date().toISOString().slice(0, 10);
		const todays = await listAudit(ctx.db, office, programmeId, {
			from: today,
			to: today,
			actorId: office.personId,
			page: 1,
			pageSize: 500
		});
		expect(todays.total).toBeGreaterThan(0);
		expect(todays.data.every((e) => e.actorId === office.personId)).toBe(true);

		let csv = '';
		for await (const chunk of await exportAuditCsv(ctx.db, office, { programmeId, action: 'erase' }))
			csv += chunk;
		const lines = csv.trim().split('\r\n');
		expect(lines[0]).toBe('id,createdAt,actorId,actorName,action,entityType,entityId,before,after');
		expect(lines.length).toBe(3);
		await expect(exportAuditCsv(ctx.db, participant, { programmeId })).rejects.toBeInstanceOf(
			AccessDeniedError
		);
	});
});
