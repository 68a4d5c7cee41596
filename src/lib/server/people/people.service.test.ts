import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../auth/api-token.service.ts';
import { createSession } from '../auth/session.service.ts';
import { listAudit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { loadActor } from './actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from './people.fixtures.ts';
import { insertPerson } from './people.repository.ts';
import { peopleQuerySchema } from './people.schema.ts';
import {
	createPerson,
	deactivatePerson,
	getPerson,
	grantRole,
	InputError,
	isEmailUniqueViolation,
	listPeople,
	listRoles,
	reactivatePerson,
	revokeRole,
	trainerCandidates,
	updatePerson
} from './people.service.ts';

const query = (q: Record<string, unknown> = {}) => peopleQuerySchema.parse(q);

/** Everything a failed change must leave untouched. */
async function snapshot(db: Db) {
	return {
		people: await db.selectFrom('people').selectAll().orderBy('id').execute(),
		roles: await db.selectFrom('roleAssignments').selectAll().orderBy('id').execute(),
		audit: await db.selectFrom('auditLog').select('id').orderBy('id').execute()
	};
}

async function inputError(work: Promise<unknown>): Promise<InputError> {
	const e = await work.then(
		() => undefined,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(InputError);
	return e as InputError;
}

describeEachDb('people service', (ctx) => {
	let fx: ProgrammeFixture;
	let office: Actor;
	let managerA: Actor;
	let participant: Actor;
	let admin: Actor;
	const valid = () => ({
		name: 'Ny Person',
		email: `ny.${Math.random().toString(36).slice(2)}@example.org`,
		unitId: fx.units.workplaceA,
		jobCategory: 'librarian'
	});

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, 'svc');
		office = (await loadActor(ctx.db, fx.people.office))!;
		managerA = (await loadActor(ctx.db, fx.people.managerA))!;
		participant = (await loadActor(ctx.db, fx.people.participant))!;
		admin = (await loadActor(ctx.db, fx.people.admin))!;
	});

	describe('trainer candidates', () => {
		it("offers the programme's active trainer-role holders and the current trainers, nobody else", async () => {
			const ids = async (extra: number[] = []) =>
				(await trainerCandidates(ctx.db, fx.programmeId, extra)).map((p) => p.id).sort();
			expect(await ids()).toEqual([fx.people.trainer]);
			expect(await ids([fx.people.inTeam])).toEqual([fx.people.trainer, fx.people.inTeam].sort());
			// A trainer of the other programme is not one here.
			expect(await trainerCandidates(ctx.db, fx.otherProgrammeId)).toEqual([]);
			await ctx.db
				.updateTable('people')
				.set({ deactivatedAt: nowIso() })
				.where('id', '=', fx.people.trainer)
				.execute();
			try {
				expect(await ids()).toEqual([]);
			} finally {
				await ctx.db
					.updateTable('people')
					.set({ deactivatedAt: null })
					.where('id', '=', fx.people.trainer)
					.execute();
			}
		});
	});

	describe('listing', () => {
		it("gives a manager exactly their units' people (descendants included) plus self", async () => {
			const page = await listPeople(ctx.db, managerA, fx.programmeId, query({ status: 'all' }));
			expect(page.data.map((p) => p.id).sort()).toEqual(
				[fx.people.managerA, fx.people.inA, fx.people.inTeam].sort()
			);
			expect(page.total).toBe(3);
			// A manager never sees gender or hourly cost; the office does.
			expect(page.data[0]).not.toHaveProperty('hourlyCost');
			const asOffice = await listPeople(ctx.db, office, fx.programmeId, query({ q: 'inTeam svc' }));
			expect(asOffice.data[0]).toMatchObject({ hourlyCost: 400, gender: 'female' });
		});

		it("records a list handed out with others' gender and hourly cost, and only that", async () => {
			const reads = async () =>
				Number(
					(
						await ctx.db
							.selectFrom('auditLog')
							.select((e) => e.fn.countAll<number>().as('n'))
							.where('action', '=', 'read')
							.where('entityType', '=', 'person')
							.where('entityId', 'is', null)
							.executeTakeFirstOrThrow()
					).n
				);
			const before = await reads();
			await listPeople(ctx.db, office, fx.programmeId, query({ q: 'inTeam svc' }));
			await listPeople(ctx.db, managerA, fx.programmeId, query(), { recordSensitiveRead: true });
			expect(await reads()).toBe(before);
			await listPeople(ctx.db, office, fx.programmeId, query({ q: 'inTeam svc' }), {
				recordSensitiveRead: true
			});
			expect(await reads()).toBe(before + 1);
		});

		it('gives a participant only themselves and refuses an outside programme', async () => {
			const page = await listPeople(ctx.db, participant, fx.programmeId, query());
			expect(page.data.map((p) => p.id)).toEqual([fx.people.participant]);
			await expect(listPeople(ctx.db, participant, fx.otherProgrammeId, query())).rejects.toBeInstanceOf(
				AccessDeniedError
			);
		});

		it('gives the office everyone in the programme and nobody from another', async () => {
			const page = await listPeople(ctx.db, office, fx.programmeId, query({ pageSize: '200' }));
			const ids = page.data.map((p) => p.id);
			expect(ids).toContain(fx.people.inB);
			expect(ids).not.toContain(fx.people.inOther);
			expect(ids).not.toContain(fx.people.admin);
		});

		it('filters by unit with and without descendants, by job category and status, and pages', async () => {
			const only = await listPeople(
				ctx.db,
				office,
				fx.programmeId,
				query({ unitId: String(fx.units.workplaceA) })
			);
			expect(only.data.map((p) => p.id).sort()).toEqual([fx.people.managerA, fx.people.inA].sort());
			const below = await listPeople(
				ctx.db,
				office,
				fx.programmeId,
				query({ unitId: String(fx.units.workplaceA), includeDescendants: 'true' })
			);
			expect(below.data.map((p) => p.id).sort()).toEqual(
				[fx.people.managerA, fx.people.inA, fx.people.inTeam].sort()
			);
			const none = await listPeople(ctx.db, office, fx.programmeId, query({ jobCategory: 'archivist' }));
			expect(none.total).toBe(0);
			const first = await listPeople(ctx.db, office, fx.programmeId, query({ pageSize: '2', page: '1' }));
			const second = await listPeople(ctx.db, office, fx.programmeId, query({ pageSize: '2', page: '2' }));
			expect(first.data).toHaveLength(2);
			expect(first.total).toBe(second.total);
			expect(first.total).toBeGreaterThanOrEqual(10);
			// Sorted by name, no overlap between pages.
			expect(first.data[0]!.name.localeCompare(first.data[1]!.name)).toBeLessThanOrEqual(0);
			expect(second.data.map((p) => p.id)).not.toContain(first.data[0]!.id);
			expect(() => query({ pageSize: '201' })).toThrow();
		});

		it('searches name and e-mail case-insensitively, Nordic letters included', async () => {
			const asa = await createPerson(ctx.db, office, fx.programmeId, {
				...valid(),
				name: 'Åsa Öberg',
				email: 'asa.oberg@example.org'
			});
			const bjorn = await createPerson(ctx.db, office, fx.programmeId, {
				...valid(),
				name: 'Bjørn Ærø',
				email: 'BJORN.aero@example.org'
			});
			const find = async (q: string) =>
				(await listPeople(ctx.db, office, fx.programmeId, query({ q }))).data.map((p) => p.id);
			expect(await find('åsa')).toEqual([asa.id]);
			expect(await find('ÖBERG')).toEqual([asa.id]);
			expect(await find('ærø')).toEqual([bjorn.id]);
			expect(await find('bjorn.AERO')).toEqual([bjorn.id]);
			// LIKE wildcards are matched literally.
			expect(await find('%')).toEqual([]);
		});
	});

	describe('creating and changing', () => {
		it('creates a person with an audit entry that never holds secrets', async () => {
			const created = await createPerson(ctx.db, office, fx.programmeId, {
				...valid(),
				name: '  Karin Lund  ',
				gender: 'not_stated',
				hourlyCost: '350,50',
				roleStartedOn: '2020-03-01'
			});
			expect(created).toMatchObject({
				name: 'Karin Lund',
				gender: 'not_stated',
				hourlyCost: 350.5,
				status: 'active',
				unitName: `Workplace A svc`
			});
			const audit = await ctx.db
				.selectFrom('auditLog')
				.selectAll()
				.where('entityType', '=', 'person')
				.where('entityId', '=', created.id)
				.execute();
			expect(audit).toHaveLength(1);
			expect(audit[0]).toMatchObject({
				action: 'create',
				actorId: office.personId,
				programmeId: fx.programmeId
			});
			expect(JSON.parse(audit[0]!.after!)).toMatchObject({ name: 'Karin Lund', unitId: fx.units.workplaceA });

			await ctx.db
				.updateTable('people')
				.set({ passwordHash: 'SECRET-HASH' })
				.where('id', '=', created.id)
				.execute();
			await updatePerson(ctx.db, office, created.id, { name: 'Karin Lund-Berg' });
			const rows = await ctx.db
				.selectFrom('auditLog')
				.selectAll()
				.where('entityId', '=', created.id)
				.execute();
			expect(rows.map((r) => r.action)).toEqual(['create', 'update']);
			expect(JSON.stringify(rows)).not.toContain('SECRET-HASH');
			const update = rows[1]!;
			expect(JSON.parse(update.before!).name).toBe('Karin Lund');
			expect(JSON.parse(update.after!).name).toBe('Karin Lund-Berg');
		});

		it("treats e-mail as unique case-insensitively ('Anna@X.se' vs 'anna@x.se')", async () => {
			await createPerson(ctx.db, office, fx.programmeId, { ...valid(), email: 'Anna@X.se' });
			const before = await snapshot(ctx.db);
			const e = await inputError(
				createPerson(ctx.db, office, fx.programmeId, { ...valid(), email: 'anna@x.se' })
			);
			expect(e.keyFor('email')).toBe('error.emailTaken');
			expect(e.conflict).toBe(true);
			expect(e.fields('sv').email).toEqual(['E-postadressen används redan.']);
			// Changing someone else's e-mail to it is refused the same way; one's own in new case is fine.
			const e2 = await inputError(updatePerson(ctx.db, office, fx.people.inA, { email: 'ANNA@x.SE' }));
			expect(e2.keyFor('email')).toBe('error.emailTaken');
			expect(await snapshot(ctx.db)).toEqual(before);
		});

		it('recognises the unique-index violation itself, so a lost race gets the same message', async () => {
			const err = await insertPerson(ctx.db, {
				programmeId: fx.programmeId,
				unitId: fx.units.workplaceA,
				name: 'Race',
				email: 'ANNA@x.se'
			}).catch((e: unknown) => e);
			expect(isEmailUniqueViolation(err)).toBe(true);
			expect(isEmailUniqueViolation(new Error('other'))).toBe(false);
		});

		it('updates with PATCH semantics: absent fields stay, null clears', async () => {
			const p = await createPerson(ctx.db, office, fx.programmeId, {
				...valid(),
				gender: 'male',
				hourlyCost: 100
			});
			const changed = await updatePerson(ctx.db, office, p.id, {
				gender: null,
				unitId: fx.units.teamA,
				jobCategory: 'it_specialist'
			});
			expect(changed).toMatchObject({ name: p.name, gender: null, hourlyCost: 100, unitId: fx.units.teamA });
			expect(changed.jobCategory).toBe('it_specialist');
		});

		const BAD_CREATES: [string, Record<string, unknown>, string[]][] = [
			['empty', {}, ['name', 'email', 'unitId', 'jobCategory']],
			['blank strings', { name: '   ', email: '' }, ['name', 'email']],
			['too long', { name: 'x'.repeat(201), email: 'a'.repeat(250) + '@x.se' }, ['name', 'email']],
			[
				'wrong types',
				{ name: 42, email: true, unitId: 'abc', jobCategory: 7, hourlyCost: 'lots' },
				['name', 'email', 'unitId', 'jobCategory', 'hourlyCost']
			],
			['script tags', { name: '<script>alert(1)</script>', email: '<script>@x.se' }, ['name', 'email']],
			['SQL fragments', { email: "x' OR '1'='1", unitId: '1 OR 1=1' }, ['email', 'unitId']],
			['unknown unit', { unitId: 999_999 }, ['unitId']],
			[
				'bad enums and numbers',
				{ gender: 'yes', locale: 'xx', hourlyCost: -5, roleStartedOn: '2026-02-30' },
				['gender', 'locale', 'hourlyCost', 'roleStartedOn']
			]
		];

		it.each(BAD_CREATES)(
			'rejects %s with field errors and stores nothing',
			async (_label, patch, expected) => {
				const before = await snapshot(ctx.db);
				const input = { ...valid(), ...patch };
				for (const key of Object.keys(patch))
					if (patch[key] === undefined) delete input[key as keyof typeof input];
				const e = await inputError(
					createPerson(ctx.db, office, fx.programmeId, _label === 'empty' ? {} : input)
				);
				expect(e.fieldNames.sort()).toEqual([...expected].sort());
				for (const messages of Object.values(e.fields('en')))
					for (const m of messages) expect(m).not.toMatch(/^error\./);
				expect(await snapshot(ctx.db)).toEqual(before);
			}
		);

		it('rejects units of another programme and closed units', async () => {
			const before = await snapshot(ctx.db);
			const other = await inputError(
				createPerson(ctx.db, office, fx.programmeId, { ...valid(), unitId: fx.units.otherUnit })
			);
			expect(other.keyFor('unitId')).toBe('error.unknownId');
			const closed = (
				await ctx.db
					.insertInto('units')
					.values({
						programmeId: fx.programmeId,
						parentId: fx.units.region,
						kind: 'workplace',
						name: 'Closed svc',
						closedAt: nowIso(),
						updatedAt: nowIso()
					})
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
			const before2 = await snapshot(ctx.db);
			expect(before2.people).toEqual(before.people);
			const e = await inputError(updatePerson(ctx.db, office, fx.people.inA, { unitId: closed }));
			expect(e.keyFor('unitId')).toBe('people.error.unitClosed');
			expect(await snapshot(ctx.db)).toEqual(before2);
		});

		it('rejects bad updates and leaves the row unchanged', async () => {
			const before = await snapshot(ctx.db);
			for (const patch of [
				{ name: '' },
				{ email: 'not-an-email' },
				{ unitId: -1 },
				{ hourlyCost: 'abc' },
				{ name: 'a'.repeat(500) }
			])
				await inputError(updatePerson(ctx.db, office, fx.people.inA, patch));
			expect(await snapshot(ctx.db)).toEqual(before);
		});

		it('stores SQL-looking names literally (queries are parameterised)', async () => {
			const p = await createPerson(ctx.db, office, fx.programmeId, {
				...valid(),
				name: "Robert'); DROP TABLE people;--"
			});
			expect((await getPerson(ctx.db, office, p.id)).name).toBe("Robert'); DROP TABLE people;--");
			expect((await ctx.db.selectFrom('people').select('id').execute()).length).toBeGreaterThan(10);
		});

		it('refuses changes by anyone but the office, as "not found"', async () => {
			await expect(createPerson(ctx.db, managerA, fx.programmeId, valid())).rejects.toBeInstanceOf(
				AccessDeniedError
			);
			await expect(updatePerson(ctx.db, managerA, fx.people.inA, { name: 'X' })).rejects.toBeInstanceOf(
				AccessDeniedError
			);
			await expect(deactivatePerson(ctx.db, participant, fx.people.participant)).rejects.toBeInstanceOf(
				AccessDeniedError
			);
		});
	});

	describe('deactivation', () => {
		it('deactivates: sessions deleted, tokens revoked, sign-in impossible, audited; reactivates', async () => {
			const p = await createPerson(ctx.db, office, fx.programmeId, valid());
			await createSession(ctx.db, p.id, { days: 30 });
			await createSession(ctx.db, p.id, { days: 30 });
			await createApiToken(ctx.db, p.id, 'script');
			const off = await deactivatePerson(ctx.db, office, p.id);
			expect(off.status).toBe('deactivated');
			expect(
				await ctx.db.selectFrom('authSessions').select('id').where('personId', '=', p.id).execute()
			).toEqual([]);
			const tokens = await ctx.db
				.selectFrom('apiTokens')
				.select('revokedAt')
				.where('personId', '=', p.id)
				.execute();
			expect(tokens.every((t) => t.revokedAt !== null)).toBe(true);
			expect(await loadActor(ctx.db, p.id)).toBeNull();
			// Still listed under "deactivated", not deleted.
			const listed = await listPeople(ctx.db, office, fx.programmeId, query({ status: 'deactivated' }));
			expect(listed.data.map((x) => x.id)).toContain(p.id);
			// Repeating changes nothing.
			await deactivatePerson(ctx.db, office, p.id);
			const on = await reactivatePerson(ctx.db, office, p.id);
			expect(on.status).toBe('active');
			const actions = await ctx.db
				.selectFrom('auditLog')
				.select('action')
				.where('entityType', '=', 'person')
				.where('entityId', '=', p.id)
				.orderBy('id')
				.execute();
			expect(actions.map((a) => a.action)).toEqual(['create', 'deactivate', 'reactivate']);
		});

		it('does not let the office deactivate itself', async () => {
			const e = await inputError(deactivatePerson(ctx.db, office, office.personId));
			expect(e.keyFor('_form')).toBe('people.error.deactivateSelf');
		});
	});

	describe('roles', () => {
		it('grants a manager role scoped to a unit and below, audited; refuses duplicates; revokes', async () => {
			const p = await createPerson(ctx.db, office, fx.programmeId, valid());
			const role = await grantRole(ctx.db, office, p.id, {
				role: 'manager',
				unitId: String(fx.units.workplaceA)
			});
			expect(role).toMatchObject({
				role: 'manager',
				unitId: fx.units.workplaceA,
				programmeId: fx.programmeId
			});
			const actor = (await loadActor(ctx.db, p.id))!;
			expect([...actor.managedUnitIds].sort()).toEqual([fx.units.workplaceA, fx.units.teamA].sort());
			const before = await snapshot(ctx.db);
			const dup = await inputError(
				grantRole(ctx.db, office, p.id, { role: 'manager', unitId: fx.units.workplaceA })
			);
			expect(dup.keyFor('role')).toBe('people.roles.duplicate');
			const noUnit = await inputError(grantRole(ctx.db, office, p.id, { role: 'manager' }));
			expect(noUnit.keyFor('unitId')).toBe('people.roles.unitRequired');
			await inputError(grantRole(ctx.db, office, p.id, { role: 'manager', unitId: fx.units.otherUnit }));
			await inputError(grantRole(ctx.db, office, p.id, { role: 'king' }));
			const adminOnly = await inputError(grantRole(ctx.db, office, p.id, { role: 'admin' }));
			expect(adminOnly.keyFor('role')).toBe('people.roles.adminOnly');
			expect(await snapshot(ctx.db)).toEqual(before);

			await grantRole(ctx.db, office, p.id, { role: 'steering' });
			expect((await listRoles(ctx.db, office, p.id)).map((r) => r.role)).toEqual(['manager', 'steering']);
			await revokeRole(ctx.db, office, p.id, role.id);
			expect((await listRoles(ctx.db, office, p.id)).map((r) => r.role)).toEqual(['steering']);
			const audit = await ctx.db
				.selectFrom('auditLog')
				.select(['action', 'entityId'])
				.where('entityType', '=', 'role')
				.where('entityId', '=', p.id)
				.orderBy('id')
				.execute();
			expect(audit.map((a) => a.action)).toEqual(['grant', 'grant', 'revoke']);
		});

		it('lets only an admin grant admin, and nobody but the office grant at all', async () => {
			const granted = await grantRole(ctx.db, admin, fx.people.inB, { role: 'admin' });
			expect(granted.programmeId).toBeNull();
			await expect(grantRole(ctx.db, managerA, fx.people.inA, { role: 'office' })).rejects.toBeInstanceOf(
				AccessDeniedError
			);
			await expect(revokeRole(ctx.db, office, fx.people.inB, granted.id)).rejects.toBeInstanceOf(InputError);
			// An assignment id of another person looks unknown.
			await expect(revokeRole(ctx.db, office, fx.people.inA, granted.id)).rejects.toBeInstanceOf(
				AccessDeniedError
			);
			await revokeRole(ctx.db, admin, fx.people.inB, granted.id);
		});
	});

	describe('audit log', () => {
		it('shows the office changes newest first with field diffs, filtered by person; refuses others', async () => {
			const p = await createPerson(ctx.db, office, fx.programmeId, { ...valid(), name: 'Diff Person' });
			await updatePerson(ctx.db, office, p.id, { name: 'Diff Person 2', unitId: fx.units.workplaceB });
			await grantRole(ctx.db, office, p.id, { role: 'trainer' });
			const log = await listAudit(ctx.db, office, fx.programmeId, { personId: p.id, page: 1, pageSize: 50 });
			expect(log.total).toBe(3);
			expect(log.personName).toBe('Diff Person 2');
			expect(log.data.map((e) => e.action)).toEqual(['grant', 'update', 'create']);
			const update = log.data[1]!;
			expect(update.actorName).toBe(`office svc`);
			expect(update.entityName).toBe('Diff Person 2');
			expect(update.changes).toEqual([
				{ field: 'name', before: 'Diff Person', after: 'Diff Person 2' },
				{ field: 'unitId', before: fx.units.workplaceA, after: fx.units.workplaceB }
			]);
			expect(log.unitNames[fx.units.workplaceB]).toBe('Workplace B svc');
			const roles = await listAudit(ctx.db, office, fx.programmeId, {
				entityType: 'role',
				page: 1,
				pageSize: 200
			});
			expect(roles.data.every((e) => e.entityType === 'role')).toBe(true);
			await expect(
				listAudit(ctx.db, managerA, fx.programmeId, { page: 1, pageSize: 10 })
			).rejects.toBeInstanceOf(AccessDeniedError);
			const other = (await loadActor(ctx.db, fx.people.otherOffice))!;
			await expect(
				listAudit(ctx.db, other, fx.programmeId, { page: 1, pageSize: 10 })
			).rejects.toBeInstanceOf(AccessDeniedError);
		});
	});
});
