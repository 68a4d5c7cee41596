import { hashPassword } from '../auth/password.ts';
import type { Db } from '../db/database.ts';
import type { Gender, JobCategory, NewPerson, Role } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { refreshPlannerStatistics, tuneForBulkLoad } from '../db/statistics.ts';
import { insertUnitsBulk } from '../organisation/organisation.service.ts';
import { insertPeopleBulk } from '../people/people.service.ts';
import { DEMO_EXTENSIONS } from './extensions.ts';
import { emailSlug, FIRST_NAMES, LAST_NAMES, ORIGIN_WEIGHTS, type Origin } from './names.ts';
import { Random } from './prng.ts';
import { DEMO_REGIONS, DEMO_TRACKS, MANAGER_WORKPLACE_CODE, type WorkplaceType } from './structure.ts';

/**
 * The demo programme (SPEC §5): "KUB – Kompetensutveckling för bibliotek" with four counties,
 * 31 libraries, 751 staff by default and one login per role. Deterministic: the same seed gives
 * the same people, names, e-mails and units on every run and on both databases. Scales with
 * `people` (e.g. 100,000 for benchmarks): rows go in with multi-row INSERTs and only the seven
 * logins get a password hash.
 */

export const DEMO_SEED = 20260101;
export const DEMO_PEOPLE = 751;
export const DEMO_PROGRAMME_NAME = 'KUB – Kompetensutveckling för bibliotek';

export interface DemoLogin {
	role: Role;
	email: string;
}

/** One login per role, in the order they are printed. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
	{ role: 'admin', email: 'admin@demo.klok' },
	{ role: 'office', email: 'office@demo.klok' },
	{ role: 'steering', email: 'steering@demo.klok' },
	{ role: 'manager', email: 'manager@demo.klok' },
	{ role: 'participant', email: 'participant@demo.klok' },
	{ role: 'evaluator', email: 'evaluator@demo.klok' },
	{ role: 'trainer', email: 'trainer@demo.klok' }
];

export interface DemoUnit {
	id: number;
	name: string;
	code: string;
	kind: 'region' | 'organisation' | 'workplace' | 'team';
	parentId: number | null;
	/** Set on workplaces and their teams. */
	workplaceType: WorkplaceType | null;
}

/** What a demo extension receives: the open transaction and everything the base created. */
export interface DemoContext {
	db: Db;
	programmeId: number;
	/** Seeded for this extension alone (from its name), so adding one never changes another's data. */
	random: Random;
	units: readonly DemoUnit[];
	/** Staff of the programme: id, unit and job category. */
	people: readonly { id: number; unitId: number | null; jobCategory: JobCategory | null }[];
	tracks: readonly { id: number; name: string }[];
	/** Person id of each demo login. */
	loginIds: Readonly<Record<string, number>>;
}

/** Later features add demo data (sessions, surveys, …) by adding one of these to `extensions.ts`. */
export interface DemoExtension {
	name: string;
	run(ctx: DemoContext): Promise<void>;
}

/** Thrown when the demo logins already exist, so a second `demo` run cannot half-create. */
export class DemoExistsError extends Error {
	constructor() {
		super('The demo programme already exists (admin@demo.klok is taken).');
		this.name = 'DemoExistsError';
	}
}

/** True when the database holds any programme (the demo is only created on an empty one). */
export async function hasAnyProgramme(db: Db): Promise<boolean> {
	return (await db.selectFrom('programmes').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** True when the demo logins exist. */
export async function hasDemo(db: Db): Promise<boolean> {
	const row = await db
		.selectFrom('people')
		.select('id')
		.where('emailNormalized', '=', 'admin@demo.klok')
		.executeTakeFirst();
	return row !== undefined;
}

function hashSeed(text: string): number {
	let h = 2166136261;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
	return h >>> 0;
}

/** Splits `total` over `weights` proportionally (largest remainder), deterministically. */
function apportion(total: number, weights: readonly number[]): number[] {
	const sum = weights.reduce((a, b) => a + b, 0);
	const exact = weights.map((w) => (total * w) / sum);
	const counts = exact.map(Math.floor);
	let left = total - counts.reduce((a, b) => a + b, 0);
	const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
	for (const { i } of order) {
		if (left-- <= 0) break;
		counts[i]! += 1;
	}
	return counts;
}

const GENDER_WEIGHTS: Record<Gender, number> = { female: 68, male: 27, other: 1, not_stated: 4 };
const STAFF_CATEGORIES: Partial<Record<JobCategory, number>> = {
	librarian: 52,
	library_assistant: 33,
	it_specialist: 5,
	communicator: 4,
	administrator: 4,
	archivist: 1,
	other: 1
};
const FIRST_DAY = Date.UTC(2001, 0, 1) / 86_400_000;
const LAST_DAY = Date.UTC(2025, 11, 31) / 86_400_000;

interface Draft {
	name: string;
	first: string;
	last: string;
	gender: Gender;
}

function drawName(random: Random): Draft {
	const origin = random.weighted(ORIGIN_WEIGHTS) as Origin;
	const gender = random.weighted(GENDER_WEIGHTS);
	const pools = FIRST_NAMES[origin];
	const pool =
		gender === 'female'
			? pools.female
			: gender === 'male'
				? pools.male
				: random.pick([pools.female, pools.male, pools.neutral] as const);
	const first = random.pick(pool as readonly string[]);
	const last = random.pick(LAST_NAMES[origin] as readonly string[]);
	return { name: `${first} ${last}`, first, last, gender };
}

/**
 * Creates the demo programme in one transaction and returns its id and the logins. Throws
 * `DemoExistsError` when the demo logins exist already. `people` counts the programme's staff
 * (office, manager and participant logins included) and must cover one manager per workplace.
 */
export async function createDemo(
	db: Db,
	options: { people?: number; password: string; log?: (line: string) => void }
): Promise<{ programmeId: number; logins: DemoLogin[] }> {
	const total = options.people ?? DEMO_PEOPLE;
	const workplaceCount = DEMO_REGIONS.flatMap((r) => r.organisations.flatMap((o) => o.workplaces)).length;
	if (!Number.isInteger(total) || total < workplaceCount + 2)
		throw new Error(`The demo needs at least ${workplaceCount + 2} people (one manager per workplace).`);
	if (await hasDemo(db)) throw new DemoExistsError();
	// One argon2id hash for all seven logins; everyone else has no password (they can reset).
	const passwordHash = await hashPassword(options.password);
	const random = new Random(DEMO_SEED);
	const now = nowIso();

	const restore = await tuneForBulkLoad(db);
	try {
		const log = options.log ?? (() => {});
		const created = await createInTransaction(db, { total, passwordHash, random, now, log });
		// Statistics for the planner, so that the first requests already use the right indexes.
		const started = performance.now();
		await refreshPlannerStatistics(db);
		log(`planner statistics: ${Math.round(performance.now() - started)} ms`);
		return created;
	} finally {
		await restore();
	}
}

async function createInTransaction(
	db: Db,
	{
		total,
		passwordHash,
		random,
		now,
		log
	}: { total: number; passwordHash: string; random: Random; now: string; log: (line: string) => void }
): Promise<{ programmeId: number; logins: DemoLogin[] }> {
	let started = performance.now();
	return db.transaction().execute(async (trx) => {
		if (await hasDemo(trx)) throw new DemoExistsError();
		const programme = await trx
			.insertInto('programmes')
			.values({
				name: DEMO_PROGRAMME_NAME,
				funder: 'Europeiska socialfonden (ESF)',
				startsOn: '2026-01-01',
				endsOn: '2027-12-31',
				defaultLocale: 'sv',
				timeZone: 'Europe/Stockholm',
				minGroupSize: 5,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const programmeId = programme.id;

		const tracks = await trx
			.insertInto('tracks')
			.values(
				DEMO_TRACKS.map((t, i) => ({
					programmeId,
					name: t.name,
					description: t.description,
					sortOrder: i + 1
				}))
			)
			.returning(['id', 'name'])
			.execute();

		// The tree, one level at a time so every parent has its id before its children.
		const units: DemoUnit[] = [];
		const unitRow = (name: string, code: string, kind: DemoUnit['kind'], parentId: number | null) => ({
			programmeId,
			parentId,
			kind,
			name,
			code,
			updatedAt: now
		});
		const regionIds = await insertUnitsBulk(
			trx,
			DEMO_REGIONS.map((r) => unitRow(r.name, r.code, 'region', null))
		);
		DEMO_REGIONS.forEach((r, i) =>
			units.push({
				id: regionIds[i]!,
				name: r.name,
				code: r.code,
				kind: 'region',
				parentId: null,
				workplaceType: null
			})
		);
		const orgs = DEMO_REGIONS.flatMap((r, i) => r.organisations.map((o) => ({ o, parentId: regionIds[i]! })));
		const orgIds = await insertUnitsBulk(
			trx,
			orgs.map(({ o, parentId }) => unitRow(o.name, o.code, 'organisation', parentId))
		);
		orgs.forEach(({ o, parentId }, i) =>
			units.push({
				id: orgIds[i]!,
				name: o.name,
				code: o.code,
				kind: 'organisation',
				parentId,
				workplaceType: null
			})
		);
		const places = orgs.flatMap(({ o }, i) => o.workplaces.map((w) => ({ w, parentId: orgIds[i]! })));
		const placeIds = await insertUnitsBulk(
			trx,
			places.map(({ w, parentId }) => unitRow(w.name, w.code, 'workplace', parentId))
		);
		places.forEach(({ w, parentId }, i) =>
			units.push({
				id: placeIds[i]!,
				name: w.name,
				code: w.code,
				kind: 'workplace',
				parentId,
				workplaceType: w.type
			})
		);
		const teams = places.flatMap(({ w }, i) =>
			(w.teams ?? []).map((t) => ({ t, w, parentId: placeIds[i]! }))
		);
		const teamIds = await insertUnitsBulk(
			trx,
			teams.map(({ t, parentId }) => unitRow(t.name, t.code, 'team', parentId))
		);
		teams.forEach(({ t, w, parentId }, i) =>
			units.push({
				id: teamIds[i]!,
				name: t.name,
				code: t.code,
				kind: 'team',
				parentId,
				workplaceType: w.type
			})
		);
		const teamIdsOf = (workplaceIndex: number) =>
			teams.flatMap((t, i) => (t.parentId === placeIds[workplaceIndex] ? [teamIds[i]!] : []));

		// Staff: one manager per workplace, the rest spread by workplace size.
		const managerIndex = places.findIndex(({ w }) => w.code === MANAGER_WORKPLACE_CODE);
		const officeIndex = 0; // the county library of the first region
		const counts = apportion(
			total - places.length - 2,
			places.map(({ w }) => w.size)
		);
		const people: NewPerson[] = [];
		const managerOf: { email: string; unitId: number }[] = [];
		const staff = (
			draft: Draft,
			email: string,
			unitId: number,
			jobCategory: JobCategory,
			hash: string | null
		): NewPerson => ({
			programmeId,
			unitId,
			name: draft.name,
			email,
			emailNormalized: email,
			jobCategory,
			gender: draft.gender,
			roleStartedOn: new Date(random.int(FIRST_DAY, LAST_DAY) * 86_400_000).toISOString().slice(0, 10),
			hourlyCost: jobCategory === 'manager' ? random.int(380, 450) : random.int(280, 420),
			locale: null,
			passwordHash: hash,
			deactivatedAt: null,
			updatedAt: now
		});
		const login = (name: string, gender: Gender) => {
			const [first = '', last = ''] = name.split(' ');
			return { name, first, last, gender };
		};

		people.push(
			staff(
				login('Karin Nordström', 'female'),
				'office@demo.klok',
				placeIds[officeIndex]!,
				'administrator',
				passwordHash
			),
			staff(
				login('Maria Lundgren', 'female'),
				'manager@demo.klok',
				placeIds[managerIndex]!,
				'manager',
				passwordHash
			),
			staff(
				login('Elin Sjöberg', 'female'),
				'participant@demo.klok',
				placeIds[managerIndex]!,
				'librarian',
				passwordHash
			)
		);
		managerOf.push({ email: 'manager@demo.klok', unitId: placeIds[managerIndex]! });
		let seq = 0;
		places.forEach(({ w }, i) => {
			const workplaceId = placeIds[i]!;
			const teamsHere = teamIdsOf(i);
			const emailFor = (d: Draft) =>
				`${emailSlug(d.first)}.${emailSlug(d.last)}${++seq}@${w.domain}.demo.klok`;
			if (i !== managerIndex) {
				const d = drawName(random);
				const email = emailFor(d);
				people.push(staff(d, email, workplaceId, 'manager', null));
				managerOf.push({ email, unitId: workplaceId });
			}
			for (let k = 0; k < counts[i]!; k++) {
				const d = drawName(random);
				const unitId = teamsHere.length > 0 && random.chance(0.6) ? random.pick(teamsHere) : workplaceId;
				const category = random.weighted(STAFF_CATEGORIES as Record<JobCategory, number>);
				people.push(staff(d, emailFor(d), unitId, category, null));
			}
		});
		// Accounts that are not staff of the programme (no unit): admin and programme-level roles.
		const account = (name: string, email: string): NewPerson => ({
			programmeId: null,
			unitId: null,
			name,
			email,
			emailNormalized: email,
			jobCategory: null,
			gender: null,
			roleStartedOn: null,
			hourlyCost: null,
			locale: null,
			passwordHash,
			deactivatedAt: null,
			updatedAt: now
		});
		people.push(
			account('Ingrid Holmberg', 'admin@demo.klok'),
			account('Lars Öberg', 'steering@demo.klok'),
			account('Per-Olof Hedlund', 'evaluator@demo.klok'),
			account('Sofia Berglund', 'trainer@demo.klok')
		);

		const ids = await insertPeopleBulk(trx, people);
		const idOf = new Map(people.map((p, i) => [p.emailNormalized, ids[i]!]));
		const loginIds = Object.fromEntries(DEMO_LOGINS.map((l) => [l.email, idOf.get(l.email)!]));

		const roles: { personId: number; role: Role; programmeId: number | null; unitId: number | null }[] = [
			{ personId: loginIds['admin@demo.klok']!, role: 'admin', programmeId: null, unitId: null },
			{ personId: loginIds['office@demo.klok']!, role: 'office', programmeId, unitId: null },
			{ personId: loginIds['steering@demo.klok']!, role: 'steering', programmeId, unitId: null },
			{ personId: loginIds['evaluator@demo.klok']!, role: 'evaluator', programmeId, unitId: null },
			{ personId: loginIds['trainer@demo.klok']!, role: 'trainer', programmeId, unitId: null },
			...managerOf.map((m) => ({
				personId: idOf.get(m.email)!,
				role: 'manager' as const,
				programmeId,
				unitId: m.unitId
			}))
		];
		await trx.insertInto('roleAssignments').values(roles).execute();

		const ctxPeople = people.flatMap((p, i) =>
			p.programmeId === programmeId
				? [{ id: ids[i]!, unitId: p.unitId ?? null, jobCategory: p.jobCategory ?? null }]
				: []
		);
		log(`people and units: ${Math.round(performance.now() - started)} ms`);
		for (const extension of DEMO_EXTENSIONS) {
			started = performance.now();
			await extension.run({
				db: trx,
				programmeId,
				random: new Random(DEMO_SEED ^ hashSeed(extension.name)),
				units,
				people: ctxPeople,
				tracks,
				loginIds
			});
			log(`${extension.name}: ${Math.round(performance.now() - started)} ms`);
		}
		return { programmeId, logins: [...DEMO_LOGINS] };
	});
}
