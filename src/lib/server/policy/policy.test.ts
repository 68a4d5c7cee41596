import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getPersonApi } from '../../../routes/api/v1/people/[id]/+server.ts';
import { setDb } from '../db/index.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { loadActor } from '../people/actor.ts';
import { getPerson, listPeople, updatePerson } from '../people/people.service.ts';
import { peopleQuerySchema } from '../people/people.schema.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	AccessDeniedError,
	can,
	homeSections,
	managedUnitsOf,
	mayHandleRoleKind,
	menuAccess,
	outboxScope,
	personScope,
	roleNamesOf,
	rolesIn,
	seesEveryProgramme,
	type Action,
	type Actor
} from './policy.ts';

/**
 * The permission matrix for people: every role × action × target, written out so that a
 * change to the policy shows up as a changed expectation here.
 */

const ACTIONS: Action[] = ['read', 'readSensitive', 'create', 'update', 'deactivate', 'grantRole'];
const ALL = ACTIONS.join(' ');

type ActorKey =
	'participant' | 'managerA' | 'office' | 'steering' | 'evaluator' | 'trainer' | 'admin' | 'otherOffice';
type TargetKey = 'self' | 'ownUnit' | 'descendant' | 'otherWorkplace' | 'otherProgramme';

/** Allowed actions per actor and target (space-separated; '' = nothing). */
const MATRIX: Record<ActorKey, Record<TargetKey, string>> = {
	participant: { self: 'read', ownUnit: '', descendant: '', otherWorkplace: '', otherProgramme: '' },
	managerA: { self: 'read', ownUnit: 'read', descendant: 'read', otherWorkplace: '', otherProgramme: '' },
	office: { self: ALL, ownUnit: ALL, descendant: ALL, otherWorkplace: ALL, otherProgramme: '' },
	steering: { self: 'read', ownUnit: '', descendant: '', otherWorkplace: '', otherProgramme: '' },
	evaluator: { self: 'read', ownUnit: '', descendant: '', otherWorkplace: '', otherProgramme: '' },
	trainer: { self: 'read', ownUnit: '', descendant: '', otherWorkplace: '', otherProgramme: '' },
	admin: { self: ALL, ownUnit: ALL, descendant: ALL, otherWorkplace: ALL, otherProgramme: ALL },
	otherOffice: { self: ALL, ownUnit: '', descendant: '', otherWorkplace: '', otherProgramme: ALL }
};

/** Which fixture person each target means ("own unit" is workplace A, managed by managerA). */
const TARGET_PERSON: Record<Exclude<TargetKey, 'self'>, keyof ProgrammeFixture['people']> = {
	ownUnit: 'inA',
	descendant: 'inTeam',
	otherWorkplace: 'inB',
	otherProgramme: 'inOther'
};

const CASES = (Object.keys(MATRIX) as ActorKey[]).flatMap((actor) =>
	(Object.keys(MATRIX[actor]) as TargetKey[]).flatMap((target) =>
		ACTIONS.map((action) => ({
			actor,
			target,
			action,
			expected: MATRIX[actor][target].split(' ').includes(action)
		}))
	)
);

describeEachDb('policy matrix (people)', (ctx) => {
	let fx: ProgrammeFixture;
	const actors = {} as Record<ActorKey | 'managerB', Actor>;
	const resources = new Map<
		number,
		{ type: 'person'; id: number; programmeId: number | null; unitId: number | null }
	>();

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, 'matrix');
		for (const key of [...(Object.keys(MATRIX) as ActorKey[]), 'managerB' as const]) {
			const actor = await loadActor(ctx.db, fx.people[key]);
			if (!actor) throw new Error('fixture actor missing: ' + key);
			actors[key] = actor;
		}
		const rows = await ctx.db.selectFrom('people').select(['id', 'programmeId', 'unitId']).execute();
		for (const r of rows) resources.set(r.id, { type: 'person', ...r });
	});

	it('covers every role, action and target', () => {
		expect(CASES).toHaveLength(8 * 5 * 6);
	});

	it.each(CASES)('$actor → $action on $target: $expected', ({ actor, target, action, expected }) => {
		const who = actors[actor];
		const targetId = target === 'self' ? who.personId : fx.people[TARGET_PERSON[target]];
		const resource = resources.get(targetId);
		expect(resource).toBeDefined();
		expect(can(who, action, resource!)).toBe(expected);
	});

	it("loadActor expands a manager's units to their descendants", () => {
		expect([...actors.managerA.managedUnitIds].sort()).toEqual([fx.units.workplaceA, fx.units.teamA].sort());
	});

	it('refuses a manager of another unit', () => {
		const managerB = actors.managerB;
		for (const key of ['inA', 'inTeam'] as const) {
			const resource = resources.get(fx.people[key])!;
			for (const action of ACTIONS) expect(can(managerB, action, resource)).toBe(false);
		}
		expect(can(managerB, 'read', resources.get(fx.people.inB)!)).toBe(true);
	});

	it('scopes lists: office all, manager units + self, others self', () => {
		expect(personScope(actors.office, fx.programmeId)).toEqual({ kind: 'all' });
		expect(personScope(actors.admin, fx.programmeId)).toEqual({ kind: 'all' });
		const m = personScope(actors.managerA, fx.programmeId);
		expect(m.kind).toBe('units');
		expect(personScope(actors.participant, fx.programmeId)).toEqual({
			kind: 'self',
			personId: fx.people.participant
		});
		expect(personScope(actors.otherOffice, fx.programmeId).kind).toBe('self');
	});

	it('the people service refuses an existing person exactly like a missing one', async () => {
		const missing = 987_654;
		for (const [actor, refusedId] of [
			[actors.managerB, fx.people.inA],
			[actors.participant, fx.people.inB],
			[actors.otherOffice, fx.people.inTeam],
			[actors.office, fx.people.inOther]
		] as const) {
			const refused = await getPerson(ctx.db, actor, refusedId).catch((e: unknown) => e);
			const unknown = await getPerson(ctx.db, actor, missing).catch((e: unknown) => e);
			expect(refused).toBeInstanceOf(AccessDeniedError);
			expect(unknown).toBeInstanceOf(AccessDeniedError);
			expect((refused as Error).message).toBe((unknown as Error).message);
		}
		await expect(updatePerson(ctx.db, actors.managerA, fx.people.inA, { name: 'X' })).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		// The manager's list holds exactly workplace A and team A people, plus self.
		const list = await listPeople(ctx.db, actors.managerA, fx.programmeId, peopleQuerySchema.parse({}));
		expect(list.data.map((p) => p.id).sort()).toEqual(
			[fx.people.managerA, fx.people.inA, fx.people.inTeam].sort()
		);
	});

	it('the API answers 404 with the same body for a refused and an unknown id', async () => {
		setDb(ctx.db);
		try {
			const call = async (actor: Actor, id: number | string) => {
				const event = {
					params: { id: String(id) },
					locals: { actor, locale: 'en', sessionId: null, viaApiToken: true },
					url: new URL(`http://localhost/api/v1/people/${id}`),
					request: new Request(`http://localhost/api/v1/people/${id}`)
				} as unknown as Parameters<typeof getPersonApi>[0];
				const response = await getPersonApi(event);
				return { status: response.status, body: await response.text() };
			};
			const refused = await call(actors.managerB, fx.people.inA);
			const unknown = await call(actors.managerB, 987_654);
			expect(refused.status).toBe(404);
			expect(refused).toEqual(unknown);
			const allowed = await call(actors.managerA, fx.people.inTeam);
			expect(allowed.status).toBe(200);
			const body = JSON.parse(allowed.body) as Record<string, unknown>;
			expect(body.id).toBe(fx.people.inTeam);
			// Sensitive fields are left out for a manager, present for the office.
			expect(body).not.toHaveProperty('hourlyCost');
			expect(body).not.toHaveProperty('gender');
			const asOffice = JSON.parse((await call(actors.office, fx.people.inTeam)).body) as Record<
				string,
				unknown
			>;
			expect(asOffice.hourlyCost).toBe(400);
			expect(asOffice.gender).toBe('female');
		} finally {
			setDb(undefined);
		}
	});
});

describe('policy without a database', () => {
	const bare: Actor = {
		personId: 1,
		name: 'A',
		email: 'a@x.se',
		programmeId: 1,
		unitId: null,
		locale: null,
		roles: [{ role: 'manager', programmeId: 1, unitId: 5 }],
		managedUnitIds: new Set([5])
	};
	it('a manager reads people in managed units but never their sensitive fields', () => {
		const target = { type: 'person' as const, id: 2, programmeId: 1, unitId: 5 };
		expect(can(bare, 'read', target)).toBe(true);
		expect(can(bare, 'readSensitive', target)).toBe(false);
		expect(can(bare, 'read', { ...target, unitId: 6 })).toBe(false);
		expect(can(bare, 'read', { ...target, unitId: null })).toBe(false);
	});
});

describe('policy pieces of people, organisation, mail, home and navigation', () => {
	const actor = (
		roles: Actor['roles'],
		extra: Partial<Pick<Actor, 'programmeId' | 'unitId' | 'managedUnitIds'>> = {}
	): Actor => ({
		personId: 1,
		name: 'A',
		email: 'a@x.se',
		programmeId: 1,
		unitId: 7,
		locale: null,
		roles,
		managedUnitIds: new Set(),
		...extra
	});
	const admin = actor([{ role: 'admin', programmeId: null, unitId: null }], {
		programmeId: null,
		unitId: null
	});
	const office = actor([{ role: 'office', programmeId: 1, unitId: null }]);
	const manager = actor([{ role: 'manager', programmeId: 1, unitId: 5 }], {
		managedUnitIds: new Set([5, 6])
	});
	const trainer = actor([{ role: 'trainer', programmeId: 1, unitId: null }]);
	const participant = actor([]);

	it('only an admin grants or revokes the admin role; other roles are the office’s to give', () => {
		expect(mayHandleRoleKind(admin, 'admin')).toBe(true);
		expect(mayHandleRoleKind(office, 'admin')).toBe(false);
		expect(mayHandleRoleKind(office, 'manager')).toBe(true);
		expect(mayHandleRoleKind(participant, 'office')).toBe(true);
	});

	it('names each role held once', () => {
		const twice = actor([
			{ role: 'manager', programmeId: 1, unitId: 5 },
			{ role: 'manager', programmeId: 1, unitId: 6 },
			{ role: 'trainer', programmeId: 2, unitId: null }
		]);
		expect(roleNamesOf(twice)).toEqual(['manager', 'trainer']);
		expect(roleNamesOf(participant)).toEqual([]);
	});

	it('admins see every programme and every outbox row; others their programme’s', () => {
		expect(seesEveryProgramme(admin)).toBe(true);
		for (const a of [office, manager, trainer, participant]) expect(seesEveryProgramme(a)).toBe(false);
		expect(outboxScope(admin, 3)).toEqual({ kind: 'all' });
		expect(outboxScope(office, 1)).toEqual({ kind: 'programme', programmeId: 1 });
	});

	it('roles in a programme: staff with a unit are participants, roles elsewhere do not count, admin is global', () => {
		expect(rolesIn(participant, 1)).toEqual(['participant']);
		expect(rolesIn(participant, 2)).toEqual([]);
		expect(rolesIn({ ...participant, unitId: null }, 1)).toEqual([]);
		expect(rolesIn(office, 1)).toEqual(['participant', 'office']);
		expect(rolesIn(office, 2)).toEqual([]);
		expect(rolesIn(admin, 2)).toEqual(['admin']);
		expect(rolesIn(admin, null)).toEqual(['admin']);
		expect(managedUnitsOf(manager)).toEqual([5, 6]);
		expect(managedUnitsOf(office)).toEqual([]);
	});

	it('the menu: people for office, managers and admins; approvals for office and managers; trainer page for trainers, office, admins', () => {
		expect(menuAccess(office)).toMatchObject({
			programmeId: 1,
			people: true,
			activities: true,
			approvals: true,
			trainer: true,
			learning: true,
			workplaceId: 7
		});
		expect(menuAccess(manager)).toMatchObject({
			people: true,
			activities: false,
			approvals: true,
			trainer: false,
			learning: true,
			workplaceId: 5
		});
		expect(menuAccess(trainer)).toMatchObject({
			people: false,
			activities: false,
			approvals: false,
			trainer: true,
			learning: false
		});
		expect(menuAccess(participant)).toMatchObject({
			people: false,
			approvals: false,
			trainer: false,
			learning: false,
			workplaceId: 7
		});
		// An admin without a programme gets the people list and the trainer page, nothing programme-bound.
		expect(menuAccess(admin)).toMatchObject({
			programmeId: null,
			people: true,
			activities: false,
			approvals: false,
			trainer: true,
			learning: false,
			workplaceId: null
		});
		// Someone on staff nowhere works in the programme of their first role.
		const steering = actor([{ role: 'steering', programmeId: 4, unitId: null }], {
			programmeId: null,
			unitId: null
		});
		expect(menuAccess(steering)).toMatchObject({ programmeId: 4, learning: true, people: false });
	});
});

describe('home sections', () => {
	const base: Actor = {
		personId: 1,
		name: 'A',
		email: 'a@x.se',
		programmeId: 1,
		unitId: 7,
		locale: null,
		roles: [],
		managedUnitIds: new Set()
	};
	const admin: Actor = {
		...base,
		programmeId: null,
		unitId: null,
		roles: [{ role: 'admin', programmeId: null, unitId: null }]
	};
	it('staff see their details; managers, office and overview roles their sections, in the shown programme only', () => {
		expect(homeSections(base, 1, 1)).toEqual({
			me: true,
			manager: false,
			office: false,
			overview: false,
			programmes: false,
			future: []
		});
		const manager = { ...base, roles: [{ role: 'manager' as const, programmeId: 1, unitId: 7 }] };
		expect(homeSections(manager, 1, 1)).toMatchObject({ me: true, manager: true, office: false });
		expect(homeSections(manager, 1, null)).toMatchObject({ me: true, manager: false });
		const office = { ...base, roles: [{ role: 'office' as const, programmeId: 1, unitId: null }] };
		expect(homeSections(office, 1, 1)).toMatchObject({ office: true, overview: false });
		const steering = { ...base, roles: [{ role: 'steering' as const, programmeId: 1, unitId: null }] };
		expect(homeSections(steering, 1, 1)).toMatchObject({ overview: true, future: ['steering'] });
		expect(homeSections(steering, 2, 2)).toMatchObject({ overview: false, future: [] });
	});
	it('admins list every programme and get the office view only of the programme they asked for', () => {
		expect(homeSections(admin, 3, 3, 3)).toMatchObject({ office: true, programmes: true, me: false });
		expect(homeSections(admin, 3, 3)).toMatchObject({ office: false, programmes: true });
		expect(homeSections(admin, null, null)).toMatchObject({ office: false, programmes: true });
	});
});
