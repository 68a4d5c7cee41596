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
	actsAsOffice,
	approvalScope,
	can,
	canCreateProcessSomewhere,
	decidesRegistrationFor,
	decidesRegistrations,
	homeSections,
	logbookScope,
	managedUnitsOf,
	managerRootUnitIds,
	mayHandleRoleKind,
	menuAccess,
	outboxScope,
	personScope,
	registrationScope,
	roleNamesOf,
	rolesIn,
	seesEveryProgramme,
	sessionResource,
	teamUnitScope,
	type Action,
	type Actor,
	type Resource
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

/**
 * The matrix for every resource type: each role (one fixture person per role) × every action ×
 * the targets that matter for that type — in scope (the actor's programme, unit or sessions),
 * out of scope (another programme, another unit), the actor's own record and someone else's.
 * Expectations are written from the rules in policy.ts's comments and SPEC §1 ("a manager sees
 * only the units they manage and their descendants; a participant sees their own data; the
 * programme office sees the programme"; steering reads dashboards, evaluators de-identified
 * data and logbooks shared with them, trainers their own sessions). Where a cell records what
 * policy.ts does today rather than a documented rule, a comment says so.
 *
 * Shorthands in the table: ALL = every action; ADMIN = every action but `readIdentified`
 * (which anonymity, not rank, decides).
 */
/** Every action (a Record, so that a new Action fails to compile until it is in the matrix). */
const ACTION_FLAGS: Record<Action, true> = {
	read: true,
	create: true,
	update: true,
	deactivate: true,
	readSensitive: true,
	grantRole: true,
	import: true,
	readAudit: true,
	readOutbox: true,
	readReports: true,
	register: true,
	approve: true,
	cancel: true,
	readParticipants: true,
	markAttendance: true,
	expressInterest: true,
	readInterest: true,
	contribute: true,
	manage: true,
	prioritise: true,
	readResults: true,
	exportRaw: true,
	readIdentified: true,
	erase: true,
	manageRetention: true,
	comment: true,
	moderate: true
};
const EVERY_ACTION = Object.keys(ACTION_FLAGS) as Action[];
const MATRIX_ACTORS = [
	'participant',
	'managerA',
	'office',
	'steering',
	'evaluator',
	'trainer',
	'admin',
	'otherOffice'
] as const;
type MatrixActor = (typeof MATRIX_ACTORS)[number];
type ResourceType = Resource['type'];
type Target<T extends ResourceType> = (fx: ProgrammeFixture, actor: Actor) => Extract<Resource, { type: T }>;

/** The targets of each type. "own"/"self" targets are built around the actor being asked. */
const TARGETS: { [T in ResourceType]: Record<string, Target<T>> } = {
	programme: {
		inScope: (fx) => ({ type: 'programme', id: fx.programmeId }),
		otherProgramme: (fx) => ({ type: 'programme', id: fx.otherProgrammeId })
	},
	programmeAdmin: {
		inScope: (fx) => ({ type: 'programmeAdmin', programmeId: fx.programmeId }),
		otherProgramme: (fx) => ({ type: 'programmeAdmin', programmeId: fx.otherProgrammeId })
	},
	unit: {
		inScope: (fx) => ({ type: 'unit', id: fx.units.workplaceA, programmeId: fx.programmeId }),
		otherProgramme: (fx) => ({ type: 'unit', id: fx.units.otherUnit, programmeId: fx.otherProgrammeId })
	},
	person: {
		self: (fx, a) => ({ type: 'person', id: a.personId, programmeId: a.programmeId, unitId: a.unitId }),
		ownUnit: (fx) => ({
			type: 'person',
			id: fx.people.inA,
			programmeId: fx.programmeId,
			unitId: fx.units.workplaceA
		}),
		descendant: (fx) => ({
			type: 'person',
			id: fx.people.inTeam,
			programmeId: fx.programmeId,
			unitId: fx.units.teamA
		}),
		otherWorkplace: (fx) => ({
			type: 'person',
			id: fx.people.inB,
			programmeId: fx.programmeId,
			unitId: fx.units.workplaceB
		}),
		otherProgramme: (fx) => ({
			type: 'person',
			id: fx.people.inOther,
			programmeId: fx.otherProgrammeId,
			unitId: fx.units.otherUnit
		})
	},
	activity: {
		published: (fx) => ({ type: 'activity', id: 1, programmeId: fx.programmeId, published: true }),
		unpublished: (fx) => ({ type: 'activity', id: 2, programmeId: fx.programmeId, published: false }),
		otherProgramme: (fx) => ({ type: 'activity', id: 3, programmeId: fx.otherProgrammeId, published: true })
	},
	session: {
		published: (fx) => ({
			type: 'session',
			id: 1,
			programmeId: fx.programmeId,
			published: true,
			trainerIds: []
		}),
		unpublished: (fx) => ({
			type: 'session',
			id: 2,
			programmeId: fx.programmeId,
			published: false,
			trainerIds: []
		}),
		/** Unpublished, and the actor trains it. */
		ownTrained: (fx, a) => ({
			type: 'session',
			id: 3,
			programmeId: fx.programmeId,
			published: false,
			trainerIds: [a.personId]
		}),
		otherProgramme: (fx) => ({
			type: 'session',
			id: 4,
			programmeId: fx.otherProgrammeId,
			published: true,
			trainerIds: []
		})
	},
	workplace: {
		/** The actor's own unit, as a member (the caller sets `member`). */
		own: (fx, a) => ({
			type: 'workplace',
			programmeId: a.programmeId ?? fx.programmeId,
			unitId: a.unitId ?? fx.units.region,
			member: true
		}),
		workplaceA: (fx) => ({
			type: 'workplace',
			programmeId: fx.programmeId,
			unitId: fx.units.workplaceA,
			member: false
		}),
		workplaceB: (fx) => ({
			type: 'workplace',
			programmeId: fx.programmeId,
			unitId: fx.units.workplaceB,
			member: false
		}),
		otherProgramme: (fx) => ({
			type: 'workplace',
			programmeId: fx.otherProgrammeId,
			unitId: fx.units.otherUnit,
			member: false
		})
	},
	personalPlan: {
		self: (fx, a) => ({
			type: 'personalPlan',
			programmeId: a.programmeId ?? fx.programmeId,
			personId: a.personId,
			unitId: a.unitId
		}),
		ownUnit: (fx) => ({
			type: 'personalPlan',
			programmeId: fx.programmeId,
			personId: fx.people.inA,
			unitId: fx.units.workplaceA
		}),
		descendant: (fx) => ({
			type: 'personalPlan',
			programmeId: fx.programmeId,
			personId: fx.people.inTeam,
			unitId: fx.units.teamA
		}),
		otherWorkplace: (fx) => ({
			type: 'personalPlan',
			programmeId: fx.programmeId,
			personId: fx.people.inB,
			unitId: fx.units.workplaceB
		}),
		otherProgramme: (fx) => ({
			type: 'personalPlan',
			programmeId: fx.otherProgrammeId,
			personId: fx.people.inOther,
			unitId: fx.units.otherUnit
		})
	},
	process: {
		workplaceA: (fx) => ({
			type: 'process',
			id: 1,
			programmeId: fx.programmeId,
			unitId: fx.units.workplaceA,
			participantIds: [],
			leadIds: []
		}),
		/** In workplace B, led by the actor. */
		ownLed: (fx, a) => ({
			type: 'process',
			id: 2,
			programmeId: fx.programmeId,
			unitId: fx.units.workplaceB,
			participantIds: [a.personId],
			leadIds: [a.personId]
		}),
		/** In workplace B, the actor takes part. */
		ownParticipating: (fx, a) => ({
			type: 'process',
			id: 3,
			programmeId: fx.programmeId,
			unitId: fx.units.workplaceB,
			participantIds: [a.personId],
			leadIds: []
		}),
		workplaceB: (fx) => ({
			type: 'process',
			id: 4,
			programmeId: fx.programmeId,
			unitId: fx.units.workplaceB,
			participantIds: [],
			leadIds: []
		}),
		otherProgramme: (fx) => ({
			type: 'process',
			id: 5,
			programmeId: fx.otherProgrammeId,
			unitId: fx.units.otherUnit,
			participantIds: [],
			leadIds: []
		})
	},
	logbookEntry: {
		/** The actor's own entry, shared with everyone it can be shared with. */
		own: (fx, a) => ({
			type: 'logbookEntry',
			id: 1,
			programmeId: a.programmeId,
			authorId: a.personId,
			authorUnitId: a.unitId,
			sharedWith: ['process_group', 'manager', 'evaluators'],
			processParticipantIds: []
		}),
		/** By a member of workplace A, shared with nobody, in a process the actor takes part in. */
		othersPrivate: (fx, a) => ({
			type: 'logbookEntry',
			id: 2,
			programmeId: fx.programmeId,
			authorId: fx.people.inA,
			authorUnitId: fx.units.workplaceA,
			sharedWith: [],
			processParticipantIds: [a.personId]
		}),
		othersSharedWithManager: (fx) => ({
			type: 'logbookEntry',
			id: 3,
			programmeId: fx.programmeId,
			authorId: fx.people.inA,
			authorUnitId: fx.units.workplaceA,
			sharedWith: ['manager'],
			processParticipantIds: []
		}),
		othersSharedWithEvaluators: (fx) => ({
			type: 'logbookEntry',
			id: 4,
			programmeId: fx.programmeId,
			authorId: fx.people.inA,
			authorUnitId: fx.units.workplaceA,
			sharedWith: ['evaluators'],
			processParticipantIds: []
		}),
		/** Shared with the process group, and the actor is in that process. */
		othersSharedWithProcessGroup: (fx, a) => ({
			type: 'logbookEntry',
			id: 5,
			programmeId: fx.programmeId,
			authorId: fx.people.inA,
			authorUnitId: fx.units.workplaceA,
			sharedWith: ['process_group'],
			processParticipantIds: [fx.people.inA, a.personId]
		}),
		/** Another programme's, shared with every audience; the actor is in none of them. */
		otherProgramme: (fx) => ({
			type: 'logbookEntry',
			id: 6,
			programmeId: fx.otherProgrammeId,
			authorId: fx.people.inOther,
			authorUnitId: fx.units.otherUnit,
			sharedWith: ['process_group', 'manager', 'evaluators'],
			processParticipantIds: [fx.people.inOther]
		})
	},
	survey: {
		identified: (fx) => ({ type: 'survey', id: 1, programmeId: fx.programmeId, anonymous: false }),
		anonymous: (fx) => ({ type: 'survey', id: 2, programmeId: fx.programmeId, anonymous: true }),
		/** `anonymous` absent counts as anonymous. */
		unstated: (fx) => ({ type: 'survey', id: 3, programmeId: fx.programmeId }),
		otherProgramme: (fx) => ({ type: 'survey', id: 4, programmeId: fx.otherProgrammeId, anonymous: false })
	},
	registration: {
		own: (fx, a) => ({
			type: 'registration',
			id: 1,
			programmeId: a.programmeId ?? fx.programmeId,
			personId: a.personId,
			unitId: a.unitId,
			trainerIds: []
		}),
		ownUnit: (fx) => ({
			type: 'registration',
			id: 2,
			programmeId: fx.programmeId,
			personId: fx.people.inA,
			unitId: fx.units.workplaceA,
			trainerIds: []
		}),
		descendant: (fx) => ({
			type: 'registration',
			id: 3,
			programmeId: fx.programmeId,
			personId: fx.people.inTeam,
			unitId: fx.units.teamA,
			trainerIds: []
		}),
		otherWorkplace: (fx) => ({
			type: 'registration',
			id: 4,
			programmeId: fx.programmeId,
			personId: fx.people.inB,
			unitId: fx.units.workplaceB,
			trainerIds: []
		}),
		/** Someone else's, for a session the actor trains. */
		ownTrained: (fx, a) => ({
			type: 'registration',
			id: 5,
			programmeId: fx.programmeId,
			personId: fx.people.inB,
			unitId: fx.units.workplaceB,
			trainerIds: [a.personId]
		}),
		otherProgramme: (fx) => ({
			type: 'registration',
			id: 6,
			programmeId: fx.otherProgrammeId,
			personId: fx.people.inOther,
			unitId: fx.units.otherUnit,
			trainerIds: []
		})
	},
	openStandards: {
		inScope: (fx) => ({ type: 'openStandards', programmeId: fx.programmeId }),
		otherProgramme: (fx) => ({ type: 'openStandards', programmeId: fx.otherProgrammeId })
	},
	community: {
		inScope: (fx) => ({ type: 'community', programmeId: fx.programmeId }),
		otherProgramme: (fx) => ({ type: 'community', programmeId: fx.otherProgrammeId })
	},
	expertProfile: {
		self: (fx, a) => ({
			type: 'expertProfile',
			programmeId: a.programmeId ?? fx.programmeId,
			personId: a.personId
		}),
		other: (fx) => ({ type: 'expertProfile', programmeId: fx.programmeId, personId: fx.people.inA }),
		otherProgramme: (fx) => ({
			type: 'expertProfile',
			programmeId: fx.otherProgrammeId,
			personId: fx.people.inOther
		})
	},
	network: {
		inScope: (fx) => ({
			type: 'network',
			id: 1,
			programmeId: fx.programmeId,
			contactPersonId: fx.people.inA
		}),
		/** The actor is the contact person (of a network in programme 1). */
		own: (fx, a) => ({ type: 'network', id: 2, programmeId: fx.programmeId, contactPersonId: a.personId }),
		otherProgramme: (fx) => ({
			type: 'network',
			id: 3,
			programmeId: fx.otherProgrammeId,
			contactPersonId: fx.people.inOther
		})
	},
	post: {
		draftNoWriters: (fx) => postTarget(fx.programmeId, { visible: false }),
		publishedMembers: (fx) => postTarget(fx.programmeId, { visible: true }),
		/** The actor's own draft in a programme that no longer lets anyone but the office write. */
		ownDraft: (fx, a) => postTarget(fx.programmeId, { visible: false, authorIds: [a.personId] }),
		/** Managers and participants may write here. */
		openToWriters: (fx) =>
			postTarget(fx.programmeId, { visible: false, managersMayWrite: true, participantsMayWrite: true }),
		otherProgramme: (fx) => postTarget(fx.otherProgrammeId, { visible: true, audience: 'public' })
	},
	postComment: {
		own: (fx, a) => ({ type: 'postComment', id: 1, programmeId: fx.programmeId, authorId: a.personId }),
		others: (fx) => ({ type: 'postComment', id: 2, programmeId: fx.programmeId, authorId: fx.people.inA }),
		otherProgramme: (fx) => ({
			type: 'postComment',
			id: 3,
			programmeId: fx.otherProgrammeId,
			authorId: fx.people.inOther
		})
	},
	budget: {
		totals: (fx) => ({ type: 'budget', programmeId: fx.programmeId, unitId: null }),
		ownUnit: (fx) => ({ type: 'budget', programmeId: fx.programmeId, unitId: fx.units.workplaceA }),
		otherWorkplace: (fx) => ({ type: 'budget', programmeId: fx.programmeId, unitId: fx.units.workplaceB }),
		otherProgramme: (fx) => ({ type: 'budget', programmeId: fx.otherProgrammeId, unitId: null })
	},
	visit: {
		ownUnit: (fx) => ({ type: 'visit', programmeId: fx.programmeId, unitId: fx.units.workplaceA }),
		otherWorkplace: (fx) => ({ type: 'visit', programmeId: fx.programmeId, unitId: fx.units.workplaceB }),
		otherProgramme: (fx) => ({ type: 'visit', programmeId: fx.otherProgrammeId, unitId: fx.units.otherUnit })
	},
	funderReport: {
		inScope: (fx) => ({ type: 'funderReport', programmeId: fx.programmeId }),
		otherProgramme: (fx) => ({ type: 'funderReport', programmeId: fx.otherProgrammeId })
	},
	goals: {
		inScope: (fx) => ({ type: 'goals', programmeId: fx.programmeId }),
		otherProgramme: (fx) => ({ type: 'goals', programmeId: fx.otherProgrammeId })
	},
	decisions: {
		inScope: (fx) => ({ type: 'decisions', programmeId: fx.programmeId }),
		otherProgramme: (fx) => ({ type: 'decisions', programmeId: fx.otherProgrammeId })
	}
};

function postTarget(
	programmeId: number,
	over: Partial<Extract<Resource, { type: 'post' }>>
): Extract<Resource, { type: 'post' }> {
	return {
		type: 'post',
		id: 1,
		programmeId,
		authorIds: [],
		visible: true,
		audience: 'members',
		managersMayWrite: false,
		participantsMayWrite: false,
		...over
	};
}

const PERSON_OFFICE = 'read readSensitive create update deactivate grantRole erase';
const PROGRAMME_ADMIN_OFFICE =
	'readReports readInterest readAudit readOutbox import grantRole create manageRetention';
const SESSION_OFFICE = 'read register readParticipants markAttendance create update cancel';
const SURVEY_OFFICE = 'read create update manage readResults exportRaw';
const REGISTRATION_OFFICE = 'read register approve cancel markAttendance';
const OWN_LOGBOOK = 'read update manage';
const COMMUNITY_OFFICE = 'read create update manage';
const NETWORK_KEEPER = 'read create update manage';
const BUDGET_OFFICE = 'read create update manage readSensitive';
/** Visits and the funder report: the office reads and writes. */
const VISIT_OFFICE = 'read create update manage';

/** Allowed actions per type, actor and target (space-separated; '' = nothing). */
const EXPECTED: { [T in ResourceType]: Record<MatrixActor, Record<keyof (typeof TARGETS)[T], string>> } = {
	programme: {
		participant: { inScope: 'read', otherProgramme: '' },
		managerA: { inScope: 'read', otherProgramme: '' },
		office: { inScope: 'read update', otherProgramme: '' },
		steering: { inScope: 'read', otherProgramme: '' },
		evaluator: { inScope: 'read', otherProgramme: '' },
		trainer: { inScope: 'read', otherProgramme: '' },
		admin: { inScope: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { inScope: '', otherProgramme: 'read update' }
	},
	programmeAdmin: {
		participant: { inScope: '', otherProgramme: '' },
		// Today: any manager may read interest, in any programme; the service narrows it to their
		// own staff, the policy does not look at the programme.
		managerA: { inScope: 'readInterest', otherProgramme: 'readInterest' },
		office: { inScope: PROGRAMME_ADMIN_OFFICE, otherProgramme: '' },
		steering: { inScope: 'readReports', otherProgramme: '' },
		evaluator: { inScope: '', otherProgramme: '' },
		trainer: { inScope: '', otherProgramme: '' },
		admin: { inScope: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { inScope: '', otherProgramme: PROGRAMME_ADMIN_OFFICE }
	},
	unit: {
		participant: { inScope: 'read', otherProgramme: '' },
		// Managing a unit does not let a manager change the tree: the office does.
		managerA: { inScope: 'read', otherProgramme: '' },
		office: { inScope: 'read create update deactivate', otherProgramme: '' },
		steering: { inScope: 'read', otherProgramme: '' },
		evaluator: { inScope: 'read', otherProgramme: '' },
		trainer: { inScope: 'read', otherProgramme: '' },
		admin: { inScope: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { inScope: '', otherProgramme: 'read create update deactivate' }
	},
	person: {
		participant: { self: 'read', ownUnit: '', descendant: '', otherWorkplace: '', otherProgramme: '' },
		managerA: { self: 'read', ownUnit: 'read', descendant: 'read', otherWorkplace: '', otherProgramme: '' },
		office: {
			self: PERSON_OFFICE,
			ownUnit: PERSON_OFFICE,
			descendant: PERSON_OFFICE,
			otherWorkplace: PERSON_OFFICE,
			otherProgramme: ''
		},
		steering: { self: 'read', ownUnit: '', descendant: '', otherWorkplace: '', otherProgramme: '' },
		evaluator: { self: 'read', ownUnit: '', descendant: '', otherWorkplace: '', otherProgramme: '' },
		trainer: { self: 'read', ownUnit: '', descendant: '', otherWorkplace: '', otherProgramme: '' },
		admin: {
			self: 'ADMIN',
			ownUnit: 'ADMIN',
			descendant: 'ADMIN',
			otherWorkplace: 'ADMIN',
			otherProgramme: 'ADMIN'
		},
		otherOffice: {
			self: PERSON_OFFICE,
			ownUnit: '',
			descendant: '',
			otherWorkplace: '',
			otherProgramme: PERSON_OFFICE
		}
	},
	activity: {
		participant: { published: 'read expressInterest', unpublished: '', otherProgramme: '' },
		managerA: { published: 'read expressInterest', unpublished: '', otherProgramme: '' },
		office: {
			published: 'read expressInterest create update',
			unpublished: 'read create update',
			otherProgramme: ''
		},
		steering: { published: 'read expressInterest', unpublished: '', otherProgramme: '' },
		evaluator: { published: 'read expressInterest', unpublished: '', otherProgramme: '' },
		trainer: { published: 'read expressInterest', unpublished: '', otherProgramme: '' },
		admin: { published: 'ADMIN', unpublished: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { published: '', unpublished: '', otherProgramme: 'read expressInterest create update' }
	},
	session: {
		participant: {
			published: 'read register',
			unpublished: '',
			ownTrained: 'read readParticipants markAttendance',
			otherProgramme: ''
		},
		// Today: any manager may `register` (someone) on any published session, whatever its
		// programme; the registration rules then check the person.
		managerA: {
			published: 'read register',
			unpublished: '',
			ownTrained: 'read readParticipants markAttendance',
			otherProgramme: 'register'
		},
		office: {
			published: SESSION_OFFICE,
			unpublished: 'read readParticipants markAttendance create update cancel',
			ownTrained: 'read readParticipants markAttendance create update cancel',
			otherProgramme: ''
		},
		steering: {
			published: 'read register',
			unpublished: '',
			ownTrained: 'read readParticipants markAttendance',
			otherProgramme: ''
		},
		evaluator: {
			published: 'read register',
			unpublished: '',
			ownTrained: 'read readParticipants markAttendance',
			otherProgramme: ''
		},
		trainer: {
			published: 'read register',
			unpublished: '',
			ownTrained: 'read readParticipants markAttendance',
			otherProgramme: ''
		},
		admin: { published: 'ADMIN', unpublished: 'ADMIN', ownTrained: 'ADMIN', otherProgramme: 'ADMIN' },
		// A trainer's own session counts whatever the programme (trainers come from outside).
		otherOffice: {
			published: '',
			unpublished: '',
			ownTrained: 'read readParticipants markAttendance',
			otherProgramme: SESSION_OFFICE
		}
	},
	workplace: {
		participant: { own: 'read contribute', workplaceA: 'read', workplaceB: 'read', otherProgramme: '' },
		managerA: {
			own: 'read contribute manage',
			workplaceA: 'read contribute manage',
			workplaceB: 'read',
			otherProgramme: ''
		},
		office: {
			own: 'read contribute manage prioritise',
			workplaceA: 'read contribute manage prioritise',
			workplaceB: 'read contribute manage prioritise',
			otherProgramme: ''
		},
		steering: { own: 'read contribute', workplaceA: 'read', workplaceB: 'read', otherProgramme: '' },
		evaluator: { own: 'read contribute', workplaceA: 'read', workplaceB: 'read', otherProgramme: '' },
		trainer: { own: 'read contribute', workplaceA: 'read', workplaceB: 'read', otherProgramme: '' },
		admin: { own: 'ADMIN', workplaceA: 'ADMIN', workplaceB: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: {
			own: 'read contribute manage prioritise',
			workplaceA: '',
			workplaceB: '',
			otherProgramme: 'read contribute manage prioritise'
		}
	},
	personalPlan: {
		participant: { self: 'read update', ownUnit: '', descendant: '', otherWorkplace: '', otherProgramme: '' },
		// Today: a manager's own plan counts as "in a managed unit" (their unit is workplace A),
		// so they may also `manage` it.
		managerA: {
			self: 'read update manage',
			ownUnit: 'read update manage',
			descendant: 'read update manage',
			otherWorkplace: '',
			otherProgramme: ''
		},
		office: {
			self: 'read update manage',
			ownUnit: 'read update manage',
			descendant: 'read update manage',
			otherWorkplace: 'read update manage',
			otherProgramme: ''
		},
		steering: { self: 'read update', ownUnit: '', descendant: '', otherWorkplace: '', otherProgramme: '' },
		evaluator: { self: 'read update', ownUnit: '', descendant: '', otherWorkplace: '', otherProgramme: '' },
		trainer: { self: 'read update', ownUnit: '', descendant: '', otherWorkplace: '', otherProgramme: '' },
		admin: {
			self: 'ADMIN',
			ownUnit: 'ADMIN',
			descendant: 'ADMIN',
			otherWorkplace: 'ADMIN',
			otherProgramme: 'ADMIN'
		},
		otherOffice: {
			self: 'read update manage',
			ownUnit: '',
			descendant: '',
			otherWorkplace: '',
			otherProgramme: 'read update manage'
		}
	},
	process: {
		participant: {
			workplaceA: 'read',
			ownLed: 'read update manage',
			ownParticipating: 'read',
			workplaceB: 'read',
			otherProgramme: ''
		},
		managerA: {
			workplaceA: 'read create update manage',
			ownLed: 'read update manage',
			ownParticipating: 'read',
			workplaceB: 'read',
			otherProgramme: ''
		},
		office: {
			workplaceA: 'read create update manage',
			ownLed: 'read create update manage',
			ownParticipating: 'read create update manage',
			workplaceB: 'read create update manage',
			otherProgramme: ''
		},
		steering: {
			workplaceA: 'read',
			ownLed: 'read update manage',
			ownParticipating: 'read',
			workplaceB: 'read',
			otherProgramme: ''
		},
		evaluator: {
			workplaceA: 'read',
			ownLed: 'read update manage',
			ownParticipating: 'read',
			workplaceB: 'read',
			otherProgramme: ''
		},
		trainer: {
			workplaceA: 'read',
			ownLed: 'read update manage',
			ownParticipating: 'read',
			workplaceB: 'read',
			otherProgramme: ''
		},
		admin: {
			workplaceA: 'ADMIN',
			ownLed: 'ADMIN',
			ownParticipating: 'ADMIN',
			workplaceB: 'ADMIN',
			otherProgramme: 'ADMIN'
		},
		// Today: leading a process lets one update it even from outside its programme (leads are
		// chosen by the process's owners); reading still needs the programme.
		otherOffice: {
			workplaceA: '',
			ownLed: 'update manage',
			ownParticipating: '',
			workplaceB: '',
			otherProgramme: 'read create update manage'
		}
	},
	// Consent, not rank: admin and office get nothing by their role (SPEC §2 Logbook, §4).
	logbookEntry: {
		participant: {
			own: OWN_LOGBOOK,
			othersPrivate: '',
			othersSharedWithManager: '',
			othersSharedWithEvaluators: '',
			othersSharedWithProcessGroup: 'read',
			otherProgramme: ''
		},
		managerA: {
			own: OWN_LOGBOOK,
			othersPrivate: '',
			othersSharedWithManager: 'read',
			othersSharedWithEvaluators: '',
			othersSharedWithProcessGroup: 'read',
			otherProgramme: ''
		},
		office: {
			own: OWN_LOGBOOK,
			othersPrivate: '',
			othersSharedWithManager: '',
			othersSharedWithEvaluators: '',
			othersSharedWithProcessGroup: 'read',
			otherProgramme: ''
		},
		steering: {
			own: OWN_LOGBOOK,
			othersPrivate: '',
			othersSharedWithManager: '',
			othersSharedWithEvaluators: '',
			othersSharedWithProcessGroup: 'read',
			otherProgramme: ''
		},
		evaluator: {
			own: OWN_LOGBOOK,
			othersPrivate: '',
			othersSharedWithManager: '',
			othersSharedWithEvaluators: 'read',
			othersSharedWithProcessGroup: 'read',
			otherProgramme: ''
		},
		trainer: {
			own: OWN_LOGBOOK,
			othersPrivate: '',
			othersSharedWithManager: '',
			othersSharedWithEvaluators: '',
			othersSharedWithProcessGroup: 'read',
			otherProgramme: ''
		},
		admin: {
			own: OWN_LOGBOOK,
			othersPrivate: '',
			othersSharedWithManager: '',
			othersSharedWithEvaluators: '',
			othersSharedWithProcessGroup: 'read',
			otherProgramme: ''
		},
		otherOffice: {
			own: OWN_LOGBOOK,
			othersPrivate: '',
			othersSharedWithManager: '',
			othersSharedWithEvaluators: '',
			othersSharedWithProcessGroup: 'read',
			otherProgramme: ''
		}
	},
	survey: {
		participant: { identified: '', anonymous: '', unstated: '', otherProgramme: '' },
		managerA: { identified: '', anonymous: '', unstated: '', otherProgramme: '' },
		office: {
			identified: `${SURVEY_OFFICE} readIdentified`,
			anonymous: SURVEY_OFFICE,
			unstated: SURVEY_OFFICE,
			otherProgramme: ''
		},
		steering: {
			identified: 'readResults',
			anonymous: 'readResults',
			unstated: 'readResults',
			otherProgramme: ''
		},
		evaluator: {
			identified: 'readResults exportRaw',
			anonymous: 'readResults exportRaw',
			unstated: 'readResults exportRaw',
			otherProgramme: ''
		},
		trainer: { identified: '', anonymous: '', unstated: '', otherProgramme: '' },
		// An anonymous survey's participants are identified to nobody, admins included.
		admin: { identified: 'ALL', anonymous: 'ADMIN', unstated: 'ADMIN', otherProgramme: 'ALL' },
		otherOffice: {
			identified: '',
			anonymous: '',
			unstated: '',
			otherProgramme: `${SURVEY_OFFICE} readIdentified`
		}
	},
	registration: {
		participant: {
			own: 'read register cancel',
			ownUnit: '',
			descendant: '',
			otherWorkplace: '',
			ownTrained: 'read markAttendance',
			otherProgramme: ''
		},
		// Today: a manager's own registration is in a managed unit, so they may approve it.
		managerA: {
			own: 'read register approve cancel',
			ownUnit: 'read register approve cancel',
			descendant: 'read register approve cancel',
			otherWorkplace: '',
			ownTrained: 'read markAttendance',
			otherProgramme: ''
		},
		office: {
			own: REGISTRATION_OFFICE,
			ownUnit: REGISTRATION_OFFICE,
			descendant: REGISTRATION_OFFICE,
			otherWorkplace: REGISTRATION_OFFICE,
			ownTrained: REGISTRATION_OFFICE,
			otherProgramme: ''
		},
		steering: {
			own: 'read register cancel',
			ownUnit: '',
			descendant: '',
			otherWorkplace: '',
			ownTrained: 'read markAttendance',
			otherProgramme: ''
		},
		evaluator: {
			own: 'read register cancel',
			ownUnit: '',
			descendant: '',
			otherWorkplace: '',
			ownTrained: 'read markAttendance',
			otherProgramme: ''
		},
		trainer: {
			own: 'read register cancel',
			ownUnit: '',
			descendant: '',
			otherWorkplace: '',
			ownTrained: 'read markAttendance',
			otherProgramme: ''
		},
		admin: {
			own: 'ADMIN',
			ownUnit: 'ADMIN',
			descendant: 'ADMIN',
			otherWorkplace: 'ADMIN',
			ownTrained: 'ADMIN',
			otherProgramme: 'ADMIN'
		},
		otherOffice: {
			own: REGISTRATION_OFFICE,
			ownUnit: '',
			descendant: '',
			otherWorkplace: '',
			ownTrained: 'read markAttendance',
			otherProgramme: REGISTRATION_OFFICE
		}
	},
	openStandards: {
		participant: { inScope: '', otherProgramme: '' },
		managerA: { inScope: '', otherProgramme: '' },
		office: { inScope: 'manage', otherProgramme: '' },
		steering: { inScope: '', otherProgramme: '' },
		evaluator: { inScope: '', otherProgramme: '' },
		trainer: { inScope: '', otherProgramme: '' },
		admin: { inScope: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { inScope: '', otherProgramme: 'manage' }
	},
	community: {
		participant: { inScope: 'read', otherProgramme: '' },
		managerA: { inScope: 'read', otherProgramme: '' },
		office: { inScope: COMMUNITY_OFFICE, otherProgramme: '' },
		steering: { inScope: 'read', otherProgramme: '' },
		evaluator: { inScope: 'read', otherProgramme: '' },
		trainer: { inScope: 'read', otherProgramme: '' },
		admin: { inScope: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { inScope: '', otherProgramme: COMMUNITY_OFFICE }
	},
	expertProfile: {
		participant: { self: 'read update', other: 'read', otherProgramme: '' },
		managerA: { self: 'read update', other: 'read', otherProgramme: '' },
		office: { self: 'read update', other: 'read update', otherProgramme: '' },
		steering: { self: 'read update', other: 'read', otherProgramme: '' },
		evaluator: { self: 'read update', other: 'read', otherProgramme: '' },
		trainer: { self: 'read update', other: 'read', otherProgramme: '' },
		admin: { self: 'ADMIN', other: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { self: 'read update', other: '', otherProgramme: 'read update' }
	},
	network: {
		participant: { inScope: 'read create', own: NETWORK_KEEPER, otherProgramme: '' },
		managerA: { inScope: 'read create', own: NETWORK_KEEPER, otherProgramme: '' },
		office: { inScope: NETWORK_KEEPER, own: NETWORK_KEEPER, otherProgramme: '' },
		steering: { inScope: 'read create', own: NETWORK_KEEPER, otherProgramme: '' },
		evaluator: { inScope: 'read create', own: NETWORK_KEEPER, otherProgramme: '' },
		trainer: { inScope: 'read create', own: NETWORK_KEEPER, otherProgramme: '' },
		admin: { inScope: 'ADMIN', own: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { inScope: '', own: '', otherProgramme: NETWORK_KEEPER }
	},
	// Authors read their own drafts but edit them only while the programme lets them write.
	post: {
		participant: {
			draftNoWriters: '',
			publishedMembers: 'read comment',
			ownDraft: 'read',
			openToWriters: 'create',
			otherProgramme: 'read'
		},
		managerA: {
			draftNoWriters: '',
			publishedMembers: 'read comment',
			ownDraft: 'read',
			openToWriters: 'create',
			otherProgramme: 'read'
		},
		office: {
			draftNoWriters: 'read create update moderate',
			publishedMembers: 'read create update comment moderate',
			ownDraft: 'read create update moderate',
			openToWriters: 'read create update moderate',
			otherProgramme: 'read'
		},
		steering: {
			draftNoWriters: '',
			publishedMembers: 'read comment',
			ownDraft: 'read',
			openToWriters: 'create',
			otherProgramme: 'read'
		},
		evaluator: {
			draftNoWriters: '',
			publishedMembers: 'read comment',
			ownDraft: 'read',
			openToWriters: 'create',
			otherProgramme: 'read'
		},
		trainer: {
			draftNoWriters: '',
			publishedMembers: 'read comment',
			ownDraft: 'read',
			openToWriters: 'create',
			otherProgramme: 'read'
		},
		admin: {
			draftNoWriters: 'ADMIN',
			publishedMembers: 'ADMIN',
			ownDraft: 'ADMIN',
			openToWriters: 'ADMIN',
			otherProgramme: 'ADMIN'
		},
		otherOffice: {
			draftNoWriters: '',
			publishedMembers: '',
			ownDraft: 'read',
			openToWriters: '',
			otherProgramme: 'read create update comment moderate'
		}
	},
	postComment: {
		participant: { own: 'update manage', others: '', otherProgramme: '' },
		managerA: { own: 'update manage', others: '', otherProgramme: '' },
		office: { own: 'update manage moderate', others: 'manage moderate', otherProgramme: '' },
		steering: { own: 'update manage', others: '', otherProgramme: '' },
		evaluator: { own: 'update manage', others: '', otherProgramme: '' },
		trainer: { own: 'update manage', others: '', otherProgramme: '' },
		admin: { own: 'ADMIN', others: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { own: 'update manage', others: '', otherProgramme: 'manage moderate' }
	},
	budget: {
		participant: { totals: '', ownUnit: '', otherWorkplace: '', otherProgramme: '' },
		managerA: { totals: '', ownUnit: 'read', otherWorkplace: '', otherProgramme: '' },
		office: {
			totals: BUDGET_OFFICE,
			ownUnit: BUDGET_OFFICE,
			otherWorkplace: BUDGET_OFFICE,
			otherProgramme: ''
		},
		steering: { totals: 'read', ownUnit: '', otherWorkplace: '', otherProgramme: '' },
		evaluator: { totals: '', ownUnit: '', otherWorkplace: '', otherProgramme: '' },
		trainer: { totals: '', ownUnit: '', otherWorkplace: '', otherProgramme: '' },
		admin: { totals: 'ADMIN', ownUnit: 'ADMIN', otherWorkplace: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { totals: '', ownUnit: '', otherWorkplace: '', otherProgramme: BUDGET_OFFICE }
	},
	visit: {
		participant: { ownUnit: '', otherWorkplace: '', otherProgramme: '' },
		managerA: { ownUnit: 'read', otherWorkplace: '', otherProgramme: '' },
		office: { ownUnit: VISIT_OFFICE, otherWorkplace: VISIT_OFFICE, otherProgramme: '' },
		steering: { ownUnit: '', otherWorkplace: '', otherProgramme: '' },
		evaluator: { ownUnit: '', otherWorkplace: '', otherProgramme: '' },
		trainer: { ownUnit: '', otherWorkplace: '', otherProgramme: '' },
		admin: { ownUnit: 'ADMIN', otherWorkplace: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { ownUnit: '', otherWorkplace: '', otherProgramme: VISIT_OFFICE }
	},
	funderReport: {
		participant: { inScope: '', otherProgramme: '' },
		managerA: { inScope: '', otherProgramme: '' },
		office: { inScope: VISIT_OFFICE, otherProgramme: '' },
		steering: { inScope: 'read', otherProgramme: '' },
		evaluator: { inScope: '', otherProgramme: '' },
		trainer: { inScope: '', otherProgramme: '' },
		admin: { inScope: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { inScope: '', otherProgramme: VISIT_OFFICE }
	},
	// Goals: office manages; steering group and evaluators read; managers and participants see nothing.
	goals: {
		participant: { inScope: '', otherProgramme: '' },
		managerA: { inScope: '', otherProgramme: '' },
		office: { inScope: 'read manage', otherProgramme: '' },
		steering: { inScope: 'read', otherProgramme: '' },
		evaluator: { inScope: 'read', otherProgramme: '' },
		trainer: { inScope: '', otherProgramme: '' },
		admin: { inScope: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { inScope: '', otherProgramme: 'read manage' }
	},
	// The decisions log: office manages; the steering group reads.
	decisions: {
		participant: { inScope: '', otherProgramme: '' },
		managerA: { inScope: '', otherProgramme: '' },
		office: { inScope: 'read manage', otherProgramme: '' },
		steering: { inScope: 'read', otherProgramme: '' },
		evaluator: { inScope: '', otherProgramme: '' },
		trainer: { inScope: '', otherProgramme: '' },
		admin: { inScope: 'ADMIN', otherProgramme: 'ADMIN' },
		otherOffice: { inScope: '', otherProgramme: 'read manage' }
	}
};

/** Expands the shorthands and puts the actions in EVERY_ACTION order, so tables compare. */
function normalise(allowed: string): string {
	const words = allowed
		.split(' ')
		.flatMap((w) =>
			w === 'ALL'
				? EVERY_ACTION
				: w === 'ADMIN'
					? EVERY_ACTION.filter((a) => a !== 'readIdentified')
					: w
						? [w]
						: []
		);
	for (const w of words)
		if (!EVERY_ACTION.includes(w as Action)) throw new Error(`unknown action in table: ${w}`);
	return EVERY_ACTION.filter((a) => words.includes(a)).join(' ');
}

describeEachDb('policy matrix (every resource type)', (ctx) => {
	let fx: ProgrammeFixture;
	const actors = {} as Record<MatrixActor, Actor>;

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, 'matrix-all');
		for (const key of MATRIX_ACTORS) {
			const actor = await loadActor(ctx.db, fx.people[key]);
			if (!actor) throw new Error('fixture actor missing: ' + key);
			actors[key] = actor;
		}
	});

	it('covers every resource type and every action', () => {
		expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(TARGETS).sort());
		expect(new Set(EVERY_ACTION).size).toBe(EVERY_ACTION.length);
		// Each type has a target inside and one outside the actor's programme.
		for (const targets of Object.values(TARGETS)) expect(Object.keys(targets)).toContain('otherProgramme');
	});

	it.each(Object.keys(TARGETS) as ResourceType[])('%s: every role × action × target', (type) => {
		const targets = TARGETS[type] as Record<string, Target<ResourceType>>;
		const actual: Record<string, Record<string, string>> = {};
		const expected: Record<string, Record<string, string>> = {};
		for (const key of MATRIX_ACTORS) {
			actual[key] = {};
			expected[key] = {};
			for (const [name, build] of Object.entries(targets)) {
				const resource = build(fx, actors[key]);
				actual[key][name] = EVERY_ACTION.filter((action) => can(actors[key], action, resource)).join(' ');
				expected[key][name] = normalise((EXPECTED[type][key] as Record<string, string>)[name]!);
			}
		}
		expect(actual).toEqual(expected);
	});
});

// ---- catalogue, registrations

describe('policy for sessions and registrations (no database)', () => {
	const person = (id: number, roles: Actor['roles'], managed: number[] = []): Actor => ({
		personId: id,
		name: `P${id}`,
		email: `p${id}@x.se`,
		programmeId: 1,
		unitId: 5,
		locale: null,
		roles,
		managedUnitIds: new Set(managed)
	});
	const participant = person(1, []);
	const manager = person(2, [{ role: 'manager', programmeId: 1, unitId: 5 }], [5, 6]);
	const office = person(3, [{ role: 'office', programmeId: 1, unitId: null }]);
	const otherOffice = person(4, [{ role: 'office', programmeId: 2, unitId: null }]);
	const admin = person(5, [{ role: 'admin', programmeId: null, unitId: null }]);

	it('builds one session resource, published or not, with its trainers', () => {
		expect(sessionResource({ id: 7, programmeId: 1, published: true, trainerIds: [9] })).toEqual({
			type: 'session',
			id: 7,
			programmeId: 1,
			published: true,
			trainerIds: [9]
		});
		const draft = sessionResource({ id: 7, programmeId: 1, published: false, trainerIds: [] });
		expect(can(participant, 'read', draft)).toBe(false);
		expect(can(office, 'read', draft)).toBe(true);
	});

	it('the office (and admins) act as office in their programme only', () => {
		expect(actsAsOffice(office, 1)).toBe(true);
		expect(actsAsOffice(otherOffice, 1)).toBe(false);
		expect(actsAsOffice(admin, 1)).toBe(true);
		expect(actsAsOffice(manager, 1)).toBe(false);
		expect(actsAsOffice(participant, 1)).toBe(false);
	});

	it('decides registrations: the office for anyone, a manager for managed units only', () => {
		expect(decidesRegistrationFor(office, 1, 99)).toBe(true);
		expect(decidesRegistrationFor(office, 1, null)).toBe(true);
		expect(decidesRegistrationFor(otherOffice, 1, 5)).toBe(false);
		expect(decidesRegistrationFor(manager, 1, 6)).toBe(true);
		expect(decidesRegistrationFor(manager, 1, 7)).toBe(false);
		expect(decidesRegistrationFor(manager, 1, null)).toBe(false);
		expect(decidesRegistrationFor(participant, 1, 5)).toBe(false);
		expect(decidesRegistrations(office, 1)).toBe(true);
		expect(decidesRegistrations(manager, 1)).toBe(true);
		expect(decidesRegistrations(participant, 1)).toBe(false);
		expect(decidesRegistrations(otherOffice, 1)).toBe(false);
	});

	it('scopes registration lists: admins all; others self, managed units, office programmes, own sessions', () => {
		expect(registrationScope(admin)).toBeUndefined();
		expect(registrationScope(participant)).toEqual({
			personId: 1,
			unitIds: [],
			programmeIds: [],
			trainerId: 1
		});
		expect(registrationScope(manager)).toEqual({
			personId: 2,
			unitIds: [5, 6],
			programmeIds: [],
			trainerId: 2
		});
		expect(registrationScope(office)).toEqual({ personId: 3, unitIds: [], programmeIds: [1], trainerId: 3 });
		expect(registrationScope(otherOffice)?.programmeIds).toEqual([2]);
	});

	it('scopes approvals and team registration: the office the whole programme, a manager their units', () => {
		expect(approvalScope(office, 1)).toBeUndefined();
		expect(approvalScope(admin, 1)).toBeUndefined();
		expect(approvalScope(manager, 1)).toEqual({
			personId: -1,
			unitIds: [5, 6],
			programmeIds: [],
			trainerId: -1
		});
		expect(approvalScope(otherOffice, 1)).toEqual({
			personId: -1,
			unitIds: [],
			programmeIds: [],
			trainerId: -1
		});
		expect(teamUnitScope(office, 1)).toBeUndefined();
		expect(teamUnitScope(manager, 1)).toEqual([5, 6]);
		expect(teamUnitScope(participant, 1)).toEqual([]);
	});
});

describe('policy: learning at work (plans, processes, logbook, dashboards)', () => {
	const actor: Actor = {
		personId: 7,
		name: 'M',
		email: 'm@x.se',
		programmeId: 1,
		unitId: 5,
		locale: null,
		roles: [
			{ role: 'manager', programmeId: 1, unitId: 5 },
			{ role: 'manager', programmeId: 2, unitId: 9 },
			{ role: 'evaluator', programmeId: 3, unitId: null },
			{ role: 'office', programmeId: 4, unitId: null }
		],
		// Unit 5 and its team 6; unit 9 in programme 2.
		managedUnitIds: new Set([5, 6, 9])
	};
	const participant: Actor = { ...actor, personId: 8, roles: [], managedUnitIds: new Set() };

	it('managerRootUnitIds: the units of the manager roles in that programme, not their descendants', () => {
		expect(managerRootUnitIds(actor, 1)).toEqual([5]);
		expect(managerRootUnitIds(actor, 2)).toEqual([9]);
		expect(managerRootUnitIds(actor, 4)).toEqual([]);
		expect(managerRootUnitIds(participant, 1)).toEqual([]);
	});

	it('logbookScope: managed units (descendants included) and evaluated programmes, as canLogbook reads', () => {
		const scope = logbookScope(actor);
		expect(scope).toEqual({ personId: 7, managerUnitIds: [5, 6, 9], evaluatorProgrammeIds: [3] });
		expect(logbookScope(participant)).toEqual({ personId: 8, managerUnitIds: [], evaluatorProgrammeIds: [] });
		const entry = (over: Partial<Extract<Resource, { type: 'logbookEntry' }>>) => ({
			type: 'logbookEntry' as const,
			id: 1,
			authorId: 99,
			authorUnitId: 6,
			programmeId: 3,
			sharedWith: [] as ('manager' | 'evaluators' | 'process_group')[],
			processParticipantIds: [] as number[],
			...over
		});
		// In scope: shared with the manager by someone in a managed unit; with the evaluators of an evaluated programme.
		expect(scope.managerUnitIds).toContain(6);
		expect(can(actor, 'read', entry({ sharedWith: ['manager'] }))).toBe(true);
		expect(can(actor, 'read', entry({ sharedWith: ['evaluators'] }))).toBe(true);
		// Out of scope: another unit, another programme, not shared.
		expect(can(actor, 'read', entry({ sharedWith: ['manager'], authorUnitId: 77 }))).toBe(false);
		expect(can(actor, 'read', entry({ sharedWith: ['evaluators'], programmeId: 1 }))).toBe(false);
		expect(can(actor, 'read', entry({}))).toBe(false);
		// Own entries are the author's, not the scope's.
		expect(can(participant, 'read', entry({ authorId: 8 }))).toBe(true);
		expect(can(participant, 'read', entry({ sharedWith: ['manager', 'evaluators'] }))).toBe(false);
	});

	it('canCreateProcessSomewhere: the office anywhere it has units, a manager in a unit they manage', () => {
		expect(canCreateProcessSomewhere(actor, 1, [])).toBe(true);
		expect(canCreateProcessSomewhere(participant, 1, [5, 6])).toBe(false);
		expect(canCreateProcessSomewhere({ ...participant, roles: actor.roles.slice(3) }, 4, [40])).toBe(true);
		expect(canCreateProcessSomewhere({ ...participant, roles: actor.roles.slice(3) }, 4, [])).toBe(false);
		expect(canCreateProcessSomewhere({ ...participant, roles: actor.roles.slice(3) }, 1, [5])).toBe(false);
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
