import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { resolveProgrammeId } from './programme-context.service.ts';
import {
	closeUnit,
	createProgramme,
	createUnit,
	descendantUnitIds,
	getProgramme,
	listProgrammesFor,
	listUnits,
	moveTargets,
	moveUnit,
	OrganisationError,
	OrganisationInputError,
	OrganisationRuleError,
	readUnit,
	renameUnit,
	reopenUnit,
	searchUnitsFor,
	unitDetail,
	unitPath,
	unitTree,
	updateProgramme,
	updateUnit,
	type UnitNode
} from './organisation.service.ts';

let seq = 0;

async function programme(db: Db, name: string): Promise<number> {
	const row = await db
		.insertInto('programmes')
		.values({
			name,
			startsOn: '2026-01-01',
			endsOn: '2027-12-31',
			defaultLocale: 'sv',
			timeZone: 'Europe/Stockholm',
			updatedAt: nowIso()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

async function person(
	db: Db,
	programmeId: number | null,
	unitId: number | null,
	roles: { role: Role; programmeId: number | null; unitId?: number }[] = []
): Promise<Actor> {
	const email = `org-${++seq}-${Math.random().toString(36).slice(2, 8)}@example.org`;
	const row = await db
		.insertInto('people')
		.values({
			programmeId,
			unitId,
			name: `Person ${seq}`,
			email,
			emailNormalized: email,
			updatedAt: nowIso()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	for (const r of roles)
		await db
			.insertInto('roleAssignments')
			.values({ personId: row.id, role: r.role, programmeId: r.programmeId, unitId: r.unitId ?? null })
			.execute();
	const actor = await loadActor(db, row.id);
	if (!actor) throw new Error('actor not loaded');
	return actor;
}

/** Runs `work` and returns the rule error it threw (fails the test otherwise). */
async function ruleError(work: Promise<unknown>): Promise<OrganisationError> {
	const e = await work.then(
		() => undefined,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(OrganisationError);
	return e as OrganisationError;
}

async function unitRows(db: Db) {
	return db.selectFrom('units').selectAll().orderBy('id').execute();
}

describeEachDb('organisation service', (ctx) => {
	let p1: number;
	let p2: number;
	let office: Actor;
	let admin: Actor;
	let participant: Actor;
	let outsider: Actor;
	let region: number;
	let org: number;
	let library: number;

	beforeAll(async () => {
		const db = ctx.db;
		p1 = await programme(db, 'KUB');
		p2 = await programme(db, 'Other');
		office = await person(db, p1, null, [{ role: 'office', programmeId: p1 }]);
		admin = await person(db, null, null, [{ role: 'admin', programmeId: null }]);
		region = (
			await createUnit(db, office, { programmeId: p1, kind: 'region', name: 'Region Norr', code: 'R1' })
		).id;
		org = (
			await createUnit(db, office, {
				programmeId: p1,
				parentId: region,
				kind: 'organisation',
				name: 'Umeå kommun'
			})
		).id;
		library = (
			await createUnit(db, office, {
				programmeId: p1,
				parentId: org,
				kind: 'workplace',
				name: 'Umeå stadsbibliotek',
				code: 'W1'
			})
		).id;
		participant = await person(db, p1, library);
		outsider = await person(db, p2, null, [{ role: 'office', programmeId: p2 }]);
	});

	it('creates units with audit rows and builds paths', async () => {
		const db = ctx.db;
		expect(await unitPath(db, library)).toBe('Region Norr › Umeå kommun › Umeå stadsbibliotek');
		const audit = await db
			.selectFrom('auditLog')
			.selectAll()
			.where('entityType', '=', 'unit')
			.where('entityId', '=', library)
			.execute();
		expect(audit).toHaveLength(1);
		expect(audit[0]?.action).toBe('create');
		expect(audit[0]?.before).toBeNull();
		expect(JSON.parse(audit[0]?.after ?? '{}')).toMatchObject({
			name: 'Umeå stadsbibliotek',
			code: 'W1',
			kind: 'workplace'
		});
		expect(audit[0]?.actorId).toBe(office.personId);
		expect(audit[0]?.programmeId).toBe(p1);
	});

	it('everyone in the programme reads; a person of another programme cannot', async () => {
		const db = ctx.db;
		expect((await readUnit(db, participant, library)).name).toBe('Umeå stadsbibliotek');
		await expect(readUnit(db, outsider, library)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(readUnit(db, participant, 999_999)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(unitTree(db, outsider, p1)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(getProgramme(db, outsider, p1)).rejects.toBeInstanceOf(AccessDeniedError);
		const page = await searchUnitsFor(db, outsider, { page: 1, pageSize: 50 });
		expect(page.rows.every((u) => u.programmeId === p2)).toBe(true);
		await expect(
			searchUnitsFor(db, outsider, { page: 1, pageSize: 50, programmeId: p1 })
		).rejects.toBeInstanceOf(AccessDeniedError);
	});

	it('participants, managers and other programmes cannot write', async () => {
		const db = ctx.db;
		const manager = await person(db, p1, library, [{ role: 'manager', programmeId: p1, unitId: library }]);
		const before = await unitRows(db);
		for (const actor of [participant, manager, outsider]) {
			await expect(
				createUnit(db, actor, { programmeId: p1, parentId: library, kind: 'team', name: 'Team X' })
			).rejects.toBeInstanceOf(AccessDeniedError);
			await expect(renameUnit(db, actor, library, { name: 'Hacked' })).rejects.toBeInstanceOf(
				AccessDeniedError
			);
			await expect(moveUnit(db, actor, library, { parentId: region })).rejects.toBeInstanceOf(
				AccessDeniedError
			);
			await expect(closeUnit(db, actor, library)).rejects.toBeInstanceOf(AccessDeniedError);
			await expect(reopenUnit(db, actor, library)).rejects.toBeInstanceOf(AccessDeniedError);
			await expect(updateProgramme(db, actor, p1, { name: 'Hacked' })).rejects.toBeInstanceOf(
				AccessDeniedError
			);
		}
		expect(await unitRows(db)).toEqual(before);
	});

	it("sets, changes and clears a workplace type from the vocabulary; refuses others in the user's language", async () => {
		const db = ctx.db;
		const created = await createUnit(db, office, {
			programmeId: p1,
			parentId: (await readUnit(db, office, library)).parentId!,
			kind: 'workplace',
			name: 'Hemtjänst Väst',
			unitType: 'home_care'
		});
		expect(created.unitType).toBe('home_care');
		const unit = created.id;
		const name = created.name;
		expect((await renameUnit(db, office, unit, { name, unitType: 'school_library' })).unitType).toBe(
			'school_library'
		);
		// Renaming without a type keeps it; '' (the form's "not set") clears it.
		expect((await renameUnit(db, office, unit, { name })).unitType).toBe('school_library');
		const e = await ruleError(renameUnit(db, office, unit, { name, unitType: 'spaceport' }));
		expect(e.fieldErrors('sv')).toEqual({ unitType: ['Välj en typ av arbetsplats i listan.'] });
		expect((await renameUnit(db, office, unit, { name, unitType: '' })).unitType).toBeNull();
		const audit = await db
			.selectFrom('auditLog')
			.select('after')
			.where('entityType', '=', 'unit')
			.where('entityId', '=', unit)
			.where('action', '=', 'update')
			.execute();
		expect(audit.map((a) => JSON.parse(a.after!).unitType)).toEqual(['school_library', null]);
		await closeUnit(db, office, unit);
	});

	it('enforces the kind rule on create and move', async () => {
		const db = ctx.db;
		let e = await ruleError(createUnit(db, office, { programmeId: p1, kind: 'workplace', name: 'Loose' }));
		expect(e.fieldErrors('en')).toEqual({ parentId: [expect.stringContaining('top level')] });
		e = await ruleError(
			createUnit(db, office, { programmeId: p1, parentId: library, kind: 'workplace', name: 'Same' })
		);
		expect(e.fieldErrors('sv').parentId?.[0]).toContain('arbetsplats');
		e = await ruleError(
			createUnit(db, office, { programmeId: p1, parentId: library, kind: 'region', name: 'Up' })
		);
		expect(e).toBeInstanceOf(OrganisationRuleError);
		// A workplace may sit directly under a region (strictly lower rank is enough).
		const direct = await createUnit(db, office, {
			programmeId: p1,
			parentId: region,
			kind: 'workplace',
			name: 'Länsbibliotek'
		});
		expect(direct.parentId).toBe(region);
		// An organisation cannot move under a workplace.
		e = await ruleError(moveUnit(db, office, org, { parentId: direct.id }));
		expect(Object.keys(e.fieldErrors('en'))).toEqual(['parentId']);
		// A workplace cannot move to the top level.
		e = await ruleError(moveUnit(db, office, direct.id, { parentId: null }));
		expect(e.fieldErrors('en').parentId).toBeDefined();
		const team = await createUnit(db, office, {
			programmeId: p1,
			parentId: direct.id,
			kind: 'team',
			name: 'Barn'
		});
		const targets = await moveTargets(db, office, team.id);
		expect(targets.allowTopLevel).toBe(false);
		expect(targets.parents.map((t) => t.id)).toContain(library);
		expect(targets.parents.map((t) => t.id)).not.toContain(direct.id);
	});

	it('refuses cycles when moving', async () => {
		const db = ctx.db;
		const before = await unitRows(db);
		let e = await ruleError(moveUnit(db, office, region, { parentId: region }));
		expect(e.fieldErrors('en').parentId?.[0]).toMatch(/itself/);
		// The kind rule alone would also refuse this; check the cycle rule with a deeper tree.
		const org2 = await createUnit(db, office, { programmeId: p1, kind: 'organisation', name: 'Org Top' });
		const wp = await createUnit(db, office, {
			programmeId: p1,
			parentId: org2.id,
			kind: 'workplace',
			name: 'WP'
		});
		e = await ruleError(moveUnit(db, office, org2.id, { parentId: wp.id }));
		expect(e.fieldErrors('en').parentId?.[0]).toMatch(/itself or one of its own/);
		const after = await unitRows(db);
		expect(after.filter((u) => before.some((b) => b.id === u.id))).toEqual(before);
		expect((await moveTargets(db, office, org2.id)).parents.map((p) => p.id)).toEqual([region]);
	});

	it('moves a unit, audited with before and after', async () => {
		const db = ctx.db;
		const org2 = await createUnit(db, office, {
			programmeId: p1,
			kind: 'organisation',
			name: 'Skellefteå kommun'
		});
		const moved = await moveUnit(db, office, org2.id, { parentId: region });
		expect(moved.parentId).toBe(region);
		expect(await unitPath(db, org2.id)).toBe('Region Norr › Skellefteå kommun');
		const audit = await db
			.selectFrom('auditLog')
			.selectAll()
			.where('entityId', '=', org2.id)
			.where('action', '=', 'move')
			.executeTakeFirstOrThrow();
		expect(JSON.parse(audit.before ?? '{}').parentId).toBeNull();
		expect(JSON.parse(audit.after ?? '{}').parentId).toBe(region);
		// Back to the top level is allowed for an organisation.
		expect((await moveUnit(db, office, org2.id, {})).parentId).toBeNull();
		// A unit of another programme cannot be a parent (reported as unknown).
		const foreign = await createUnit(db, outsider, { programmeId: p2, kind: 'region', name: 'Foreign' });
		const e = await ruleError(moveUnit(db, office, org2.id, { parentId: foreign.id }));
		expect(e.fieldErrors('en').parentId?.[0]).toMatch(/does not exist/);
	});

	it('renames and changes code; duplicate codes are a 409 conflict', async () => {
		const db = ctx.db;
		const renamed = await renameUnit(db, office, library, { name: 'Umeå stadsbibliotek', code: 'W-1' });
		expect(renamed.code).toBe('W-1');
		const audit = await db
			.selectFrom('auditLog')
			.selectAll()
			.where('entityId', '=', library)
			.where('action', '=', 'update')
			.executeTakeFirstOrThrow();
		expect(JSON.parse(audit.before ?? '{}').code).toBe('W1');
		expect(JSON.parse(audit.after ?? '{}').code).toBe('W-1');
		const e = await ruleError(renameUnit(db, office, org, { name: 'Umeå kommun', code: 'R1' }));
		expect(e.status).toBe(409);
		expect(e.fieldErrors('en').code?.[0]).toMatch(/already used/);
		const e2 = await ruleError(
			createUnit(db, office, { programmeId: p1, parentId: library, kind: 'team', name: 'T', code: 'W-1' })
		);
		expect(e2.status).toBe(409);
		// Codes are unique per programme only.
		const other = await createUnit(db, outsider, {
			programmeId: p2,
			kind: 'region',
			name: 'Syd',
			code: 'R1'
		});
		expect(other.code).toBe('R1');
		// Unchanged values write nothing.
		const count = async () =>
			Number(
				(
					await db
						.selectFrom('auditLog')
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		const n = await count();
		await updateUnit(db, office, library, { name: 'Umeå stadsbibliotek' });
		expect(await count()).toBe(n);
	});

	it('close is refused with active people or open children; reopen is refused under a closed parent', async () => {
		const db = ctx.db;
		let e = await ruleError(closeUnit(db, office, library));
		expect(e.fieldErrors('en')._form?.[0]).toMatch(/0 open sub-unit\(s\) and 2 active/); // participant and manager;
		e = await ruleError(closeUnit(db, office, org));
		expect(e.fieldErrors('en')._form?.[0]).toMatch(/1 open sub-unit/);
		expect((await getUnitRow(db, org)).closedAt).toBeNull();

		const parent = await createUnit(db, office, {
			programmeId: p1,
			kind: 'organisation',
			name: 'Closing Org'
		});
		const child = await createUnit(db, office, {
			programmeId: p1,
			parentId: parent.id,
			kind: 'workplace',
			name: 'Closing WP'
		});
		// A deactivated person does not block closing.
		const gone = await person(db, p1, child.id);
		await db.updateTable('people').set({ deactivatedAt: nowIso() }).where('id', '=', gone.personId).execute();
		const closedChild = await closeUnit(db, office, child.id);
		expect(closedChild.closedAt).not.toBeNull();
		await ruleError(closeUnit(db, office, child.id));
		const closedParent = await closeUnit(db, office, parent.id);
		expect(closedParent.closedAt).not.toBeNull();
		e = await ruleError(reopenUnit(db, office, child.id));
		expect(e.fieldErrors('en')._form?.[0]).toMatch(/parent unit is closed/);
		// Nothing can be created under or moved to a closed parent.
		await ruleError(
			createUnit(db, office, { programmeId: p1, parentId: parent.id, kind: 'workplace', name: 'X' })
		);
		await ruleError(moveUnit(db, office, library, { parentId: parent.id }));
		// Closed units are hidden from lists unless asked for.
		expect((await listUnits(db, p1)).some((u) => u.id === parent.id)).toBe(false);
		expect((await listUnits(db, p1, { includeClosed: true })).some((u) => u.id === parent.id)).toBe(true);
		const tree = await unitTree(db, participant, p1, { includeClosed: true });
		const node = tree.roots.find((r) => r.id === parent.id);
		expect(node?.children.map((c) => c.id)).toEqual([child.id]);
		expect((await reopenUnit(db, office, parent.id)).closedAt).toBeNull();
		expect((await reopenUnit(db, office, child.id)).closedAt).toBeNull();
		const actions = await db
			.selectFrom('auditLog')
			.select('action')
			.where('entityType', '=', 'unit')
			.where('entityId', '=', child.id)
			.orderBy('id')
			.execute();
		expect(actions.map((a) => a.action)).toEqual(['create', 'close', 'reopen']);
	});

	it('counts active people per unit in the tree', async () => {
		const db = ctx.db;
		const countIn = async (id: number) => find((await unitTree(db, participant, p1)).roots, id)?.activePeople;
		const initially = await countIn(library);
		await person(db, p1, library);
		const gone = await person(db, p1, library);
		await db.updateTable('people').set({ deactivatedAt: nowIso() }).where('id', '=', gone.personId).execute();
		expect(await countIn(library)).toBe((initially ?? 0) + 1);
		// A region and the organisation count everyone under them (issue 15.12), not only their own staff.
		const active = await db
			.selectFrom('people')
			.select('unitId')
			.where('deactivatedAt', 'is', null)
			.execute();
		for (const root of [region, org]) {
			const under = await descendantUnitIds(db, [root]);
			const expected = active.filter((p) => p.unitId !== null && under.has(p.unitId)).length;
			expect(expected).toBeGreaterThanOrEqual((initially ?? 0) + 1);
			expect(await countIn(root)).toBe(expected);
		}
		const detail = await unitDetail(db, participant, library);
		expect(detail.activePeople).toBe((initially ?? 0) + 1);
		expect(detail.ancestors.map((a) => a.id)).toEqual([region, org]);
		expect((await descendantUnitIds(db, [region])).has(library)).toBe(true);
	});

	it('bad input leaves data unchanged; markup and SQL are stored verbatim', async () => {
		const db = ctx.db;
		const before = await unitRows(db);
		for (const input of [
			{ programmeId: p1, parentId: library, kind: 'team', name: '' },
			{ programmeId: p1, parentId: library, kind: 'team', name: '   ' },
			{ programmeId: p1, parentId: library, kind: 'team', name: 'x'.repeat(500) },
			{ programmeId: p1, parentId: library, kind: 'galaxy', name: 'Bad kind' },
			{ programmeId: p1, parentId: library, kind: 'team', name: 'Bad code', code: 'has space' },
			{ programmeId: p1, parentId: 'abc', kind: 'team', name: 'Bad parent' }
		]) {
			const e = await ruleError(createUnit(db, office, input));
			expect(e).toBeInstanceOf(OrganisationInputError);
		}
		const e = await ruleError(
			createUnit(db, office, { programmeId: p1, parentId: 987_654, kind: 'team', name: 'Orphan' })
		);
		expect(e.fieldErrors('en').parentId).toBeDefined();
		await ruleError(renameUnit(db, office, library, { name: '' }));
		await ruleError(renameUnit(db, office, library, { name: 'y'.repeat(500) }));
		await ruleError(moveUnit(db, office, library, { parentId: 987_654 }));
		expect(await unitRows(db)).toEqual(before);

		const script = await createUnit(db, office, {
			programmeId: p1,
			parentId: library,
			kind: 'team',
			name: '<script>alert(1)</script>'
		});
		const sqlish = await createUnit(db, office, {
			programmeId: p1,
			parentId: library,
			kind: 'team',
			name: "'; drop table units; --"
		});
		expect((await getUnitRow(db, script.id)).name).toBe('<script>alert(1)</script>');
		expect((await getUnitRow(db, sqlish.id)).name).toBe("'; drop table units; --");
		expect(await unitPath(db, sqlish.id)).toContain("'; drop table units; --");
		const found = await searchUnitsFor(db, office, {
			page: 1,
			pageSize: 10,
			programmeId: p1,
			q: 'DROP TABLE'
		});
		expect(found.rows.map((u) => u.id)).toEqual([sqlish.id]);
		// Wildcards in the search term match literally.
		const none = await searchUnitsFor(db, office, { page: 1, pageSize: 10, programmeId: p1, q: '%' });
		expect(none.total).toBe(0);
	});

	it('searches with filters and paging', async () => {
		const db = ctx.db;
		const all = await searchUnitsFor(db, office, { page: 1, pageSize: 200, programmeId: p1 });
		const page = await searchUnitsFor(db, office, { page: 2, pageSize: 2, programmeId: p1 });
		expect(page.total).toBe(all.total);
		expect(page.rows.map((u) => u.id)).toEqual(all.rows.slice(2, 4).map((u) => u.id));
		const teams = await searchUnitsFor(db, office, { page: 1, pageSize: 200, programmeId: p1, kind: 'team' });
		expect(teams.rows.every((u) => u.kind === 'team')).toBe(true);
		const children = await searchUnitsFor(db, office, { page: 1, pageSize: 200, parentId: region });
		expect(children.rows.every((u) => u.parentId === region)).toBe(true);
		const nordic = await searchUnitsFor(db, participant, { page: 1, pageSize: 200, q: 'UMEÅ' });
		expect(nordic.rows.map((u) => u.id)).toContain(library);
	});

	it('programme settings: read, update with audit, validation, admin create and list', async () => {
		const db = ctx.db;
		expect((await getProgramme(db, participant, p1)).name).toBe('KUB');
		const updated = await updateProgramme(db, office, p1, {
			name: 'KUB 2',
			funder: 'ESF',
			startsOn: '2026-02-01',
			endsOn: '2027-12-31',
			defaultLocale: 'en',
			timeZone: 'Europe/Oslo',
			minGroupSize: '7'
		});
		expect(updated).toMatchObject({ name: 'KUB 2', funder: 'ESF', timeZone: 'Europe/Oslo', minGroupSize: 7 });
		const audit = await db
			.selectFrom('auditLog')
			.selectAll()
			.where('entityType', '=', 'programme')
			.where('entityId', '=', p1)
			.executeTakeFirstOrThrow();
		expect(JSON.parse(audit.before ?? '{}').name).toBe('KUB');
		expect(JSON.parse(audit.after ?? '{}').name).toBe('KUB 2');

		const bad = [
			{ timeZone: 'Mars/Olympus' },
			{ timeZone: '../../etc' },
			{ minGroupSize: 1 },
			{ minGroupSize: 51 },
			{ minGroupSize: 2.5 },
			{ defaultLocale: 'de' },
			{ startsOn: '2026-02-30' },
			{ startsOn: '2026-03-01', endsOn: '2026-01-01' },
			{ name: '' },
			{ unknownField: 1 }
		];
		for (const patch of bad) await ruleError(updateProgramme(db, office, p1, patch));
		// The period is checked against stored values too.
		const e = await ruleError(updateProgramme(db, office, p1, { startsOn: '2030-01-01' }));
		expect(e.fieldErrors('sv').startsOn?.[0]).toMatch(/Slutdatumet/);
		expect(await getProgramme(db, office, p1)).toEqual(updated);

		await expect(
			createProgramme(db, office, {
				name: 'New',
				startsOn: '2026-01-01',
				endsOn: '2026-12-31',
				defaultLocale: 'sv',
				timeZone: 'Europe/Stockholm',
				minGroupSize: 5
			})
		).rejects.toBeInstanceOf(AccessDeniedError);
		const created = await createProgramme(db, admin, {
			name: 'BESÖK',
			startsOn: '2026-01-01',
			endsOn: '2026-12-31',
			defaultLocale: 'da',
			timeZone: 'Europe/Copenhagen',
			minGroupSize: 5
		});
		expect(created.funder).toBeNull();
		expect((await listProgrammesFor(db, admin)).rows.map((p) => p.id)).toEqual(
			expect.arrayContaining([p1, p2, created.id])
		);
		expect((await listProgrammesFor(db, participant)).rows.map((p) => p.id)).toEqual([p1]);
		expect(await resolveProgrammeId(db, participant, p2)).toBe(p1);
		expect(await resolveProgrammeId(db, admin, created.id)).toBe(created.id);
	});
});

function find(nodes: UnitNode[], id: number): UnitNode | undefined {
	for (const n of nodes) {
		if (n.id === id) return n;
		const inner = find(n.children, id);
		if (inner) return inner;
	}
	return undefined;
}

async function getUnitRow(db: Db, id: number) {
	return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
