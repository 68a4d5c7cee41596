import { beforeAll, expect, it } from 'vitest';
import { seedBasic, type BasicSeed } from '../../../../tests/support/seed.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb, insertTestProgramme } from '../testing/db.ts';
import { getHome, rolesIn } from './home.service.ts';

describeEachDb('home service', (ctx) => {
	let seed: BasicSeed;
	const actor = async (role: keyof BasicSeed['people']): Promise<Actor> => {
		const a = await loadActor(ctx.db, seed.people[role]);
		if (!a) throw new Error('no actor');
		return a;
	};

	beforeAll(async () => {
		seed = await seedBasic(ctx.db);
		// A second programme, which nobody in the first may see.
		const now = nowIso();
		const otherId = await insertTestProgramme(ctx.db, {
			name: 'Other',
			startsOn: '2024-01-01',
			endsOn: '2024-12-31',
			defaultLocale: 'en',
			timeZone: 'UTC'
		});
		await ctx.db
			.insertInto('units')
			.values({ programmeId: otherId, parentId: null, kind: 'region', name: 'Elsewhere', updatedAt: now })
			.execute();
		await ctx.db
			.insertInto('tracks')
			.values([
				{ programmeId: seed.programmeId, name: 'Learning', sortOrder: 1 },
				{ programmeId: seed.programmeId, name: 'IT', sortOrder: 2 }
			])
			.execute();
	});

	it('shows a participant their programme, unit path and own details, and nothing else', async () => {
		const home = await getHome(ctx.db, await actor('participant'));
		expect(home.roles).toEqual(['participant']);
		expect(home.programme).toMatchObject({
			id: seed.programmeId,
			name: 'Basic programme',
			funder: 'Test fund'
		});
		expect(home.unit).toMatchObject({
			name: 'Library A',
			kind: 'workplace',
			path: [{ name: 'Basic region' }, { name: 'Basic municipality' }]
		});
		expect(home.me).toEqual({
			email: 'participant@basic.test',
			jobCategory: 'librarian',
			roleStartedOn: null
		});
		expect(home.manager).toBeNull();
		expect(home.office).toBeNull();
		expect(home.overview).toBeNull();
		expect(home.admin).toBeNull();
	});

	it('shows a manager their units as a tree with active staff counts and their people', async () => {
		const home = await getHome(ctx.db, await actor('manager'));
		expect(home.roles).toEqual(['participant', 'manager']);
		expect(home.manager?.units).toEqual([
			{
				id: seed.units.organisation,
				name: 'Basic municipality',
				kind: 'organisation',
				depth: 0,
				staff: 0,
				staffTotal: 6
			},
			{ id: seed.units.workplaceA, name: 'Library A', kind: 'workplace', depth: 1, staff: 1, staffTotal: 1 },
			{ id: seed.units.workplaceB, name: 'Library B', kind: 'workplace', depth: 1, staff: 5, staffTotal: 5 }
		]);
		expect(home.manager?.roots).toEqual([{ id: seed.units.organisation, name: 'Basic municipality' }]);
		expect(home.manager?.peopleTotal).toBe(6);
		expect(home.manager?.people.map((p) => p.name)).toEqual([
			'Evaluator Person',
			'Manager Person',
			'Office Person',
			'Participant Person',
			'Steering Person',
			'Trainer Person'
		]);
		expect(home.office).toBeNull();
	});

	it('gives the programme office grouped counts, outbox and recent audit entries', async () => {
		const now = nowIso();
		await ctx.db
			.insertInto('outbox')
			.values([
				{ programmeId: seed.programmeId, toAddress: 'a@x.test', subject: 's', textBody: 'b', kind: 'test' },
				{
					programmeId: seed.programmeId,
					toAddress: 'b@x.test',
					subject: 's',
					textBody: 'b',
					kind: 'test',
					sentAt: now
				}
			])
			.execute();
		await ctx.db
			.insertInto('auditLog')
			.values({
				programmeId: seed.programmeId,
				actorId: seed.people.office,
				action: 'update',
				entityType: 'person',
				entityId: seed.people.participant
			})
			.execute();
		// Readings (the outbox) are audited too, but the home page lists changes only.
		await ctx.db
			.insertInto('auditLog')
			.values({
				programmeId: seed.programmeId,
				actorId: seed.people.office,
				action: 'read',
				entityType: 'outbox',
				entityId: null
			})
			.execute();
		const home = await getHome(ctx.db, await actor('office'));
		expect(home.roles).toEqual(['participant', 'office']);
		const office = home.office!;
		expect(office.activePeople).toBe(6);
		expect(office.deactivatedPeople).toBe(0);
		expect(office.unitsByKind).toEqual([
			{ kind: 'region', count: 1 },
			{ kind: 'organisation', count: 1 },
			{ kind: 'workplace', count: 2 },
			{ kind: 'team', count: 0 }
		]);
		expect(office.byJobCategory).toEqual([{ jobCategory: 'librarian', count: 6 }]);
		expect(office.roleHolders).toEqual([
			{ role: 'manager', count: 1 },
			{ role: 'office', count: 1 },
			{ role: 'steering', count: 1 },
			{ role: 'evaluator', count: 1 },
			{ role: 'trainer', count: 1 }
		]);
		expect(office.outboxUnsent).toBe(1);
		expect(office.recentAudit).toMatchObject([
			{ actorName: 'Office Person', action: 'update', entityType: 'person' }
		]);
	});

	it('counts a deactivated person as deactivated, not as staff', async () => {
		await ctx.db
			.updateTable('people')
			.set({ deactivatedAt: nowIso() })
			.where('id', '=', seed.people.trainer)
			.execute();
		try {
			const office = (await getHome(ctx.db, await actor('office'))).office!;
			expect(office.activePeople).toBe(5);
			expect(office.deactivatedPeople).toBe(1);
			expect(office.roleHolders.find((r) => r.role === 'trainer')?.count).toBe(0);
			const manager = (await getHome(ctx.db, await actor('manager'))).manager!;
			expect(manager.units[0]?.staffTotal).toBe(5);
			expect(manager.peopleTotal).toBe(5);
		} finally {
			await ctx.db
				.updateTable('people')
				.set({ deactivatedAt: null })
				.where('id', '=', seed.people.trainer)
				.execute();
		}
	});

	it('gives steering group, evaluators and trainers an overview without personal data', async () => {
		for (const role of ['steering', 'evaluator', 'trainer'] as const) {
			const home = await getHome(ctx.db, await actor(role));
			expect(home.roles).toEqual(['participant', role]);
			expect(home.overview).toEqual({ workplaces: 2, activePeople: 6, tracks: ['Learning', 'IT'] });
			expect(home.future).toEqual([role]);
			expect(home.office).toBeNull();
			expect(home.manager).toBeNull();
		}
	});

	it('lists every programme with counts for a system administrator', async () => {
		const admin = await actor('admin');
		expect(rolesIn(admin, seed.programmeId)).toEqual(['admin']);
		const home = await getHome(ctx.db, admin);
		expect(home.me).toBeNull();
		expect(home.admin?.programmes).toEqual([
			expect.objectContaining({ name: 'Basic programme', units: 4, activePeople: 6 }),
			expect.objectContaining({ name: 'Other', units: 1, activePeople: 0 })
		]);
		// Opening a programme from the list shows its office view.
		const opened = await getHome(ctx.db, admin, seed.programmeId);
		expect(opened.office?.activePeople).toBe(6);
	});

	it('ignores a requested programme the person does not belong to', async () => {
		const other = await ctx.db
			.selectFrom('programmes')
			.select('id')
			.where('name', '=', 'Other')
			.executeTakeFirstOrThrow();
		const home = await getHome(ctx.db, await actor('office'), other.id);
		expect(home.programme?.id).toBe(seed.programmeId);
	});
});
