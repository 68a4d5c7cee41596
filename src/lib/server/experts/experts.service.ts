import { sessionsTrainedBy } from '../catalogue/catalogue.service.ts';
import { FieldsRuleError, KeyedRuleError } from '../core/errors.ts';
import { parseInput } from '../core/validation.ts';
import type { Db } from '../db/database.ts';
import type { ExpertAreaKind } from '../db/schema.ts';
import { AccessDeniedError, authorize, can, type Actor } from '../policy/policy.ts';
import { processRolesOf } from '../processes/processes.service.ts';
import { onPersonActivation } from '../people/people.service.ts';
import { indexDocument, removeDocument } from '../search/search.service.ts';
import { isLocale } from '#lib/i18n/index.ts';
import { nowIso } from '../db/sql.ts';
import {
	areasOf,
	countAllListed,
	countListed,
	findListed,
	findProfile,
	insertSubject,
	isActiveIn,
	saveProfile,
	subjectsOf,
	type ProfileRow
} from './experts.repository.ts';
import {
	EXPERT_PAGE_SIZE,
	expertQuerySchema,
	profileInputSchema,
	subjectInputSchema,
	type ExpertQuery
} from './experts.schema.ts';

/**
 * The expert directory (SPEC §2, issue 13 point 5): who knows what and how to reach them.
 * Each person decides whether they are listed (opt-in); a deactivated person drops out of
 * every list and page at once (the listing query joins their account). Areas are subjects
 * from the programme's vocabulary, free tags and languages; trainer sessions and process
 * roles are shown from the catalogue and processes modules.
 */

export interface ExpertView {
	personId: number;
	name: string;
	unitId: number | null;
	unitName: string | null;
	helpWith: string;
	contact: string;
	subjects: string[];
	tags: string[];
	languages: string[];
}

export interface ExpertDetail extends ExpertView {
	email: string;
	trainerSessions: { id: number; title: string; startsAt: string }[];
	processRoles: { id: number; title: string; role: 'member' | 'lead' }[];
	/** The viewer may edit this profile. */
	editable: boolean;
}

function present(
	row: ProfileRow,
	areas: { kind: ExpertAreaKind; value: string }[],
	names: Map<string, string>
) {
	const of = (kind: ExpertAreaKind) => areas.filter((a) => a.kind === kind).map((a) => a.value);
	return {
		personId: row.personId,
		name: row.name,
		unitId: row.unitId,
		unitName: row.unitName,
		helpWith: row.helpWith,
		contact: row.contact,
		subjects: of('subject').map((v) => names.get(v) ?? v),
		tags: of('tag'),
		languages: of('language')
	} satisfies ExpertView;
}

async function vocabulary(db: Db, programmeId: number) {
	const subjects = await subjectsOf(db, programmeId);
	return { subjects, byValue: new Map(subjects.map((s) => [s.name.toLowerCase(), s.name])) };
}

/** One page of the directory (members of the programme). */
export async function listExperts(db: Db, actor: Actor, programmeId: number, query: unknown) {
	authorize(actor, 'read', { type: 'community', programmeId });
	const q: ExpertQuery = parseInput(expertQuerySchema, query, (e) => new FieldsRuleError({}, e));
	const total = await countListed(db, programmeId, q);
	const pages = Math.max(1, Math.ceil(total / EXPERT_PAGE_SIZE));
	const page = Math.min(q.page, pages);
	const rows = await findListed(db, programmeId, q, EXPERT_PAGE_SIZE, (page - 1) * EXPERT_PAGE_SIZE);
	const areas = await areasOf(
		db,
		rows.map((r) => r.personId)
	);
	const { byValue, subjects } = await vocabulary(db, programmeId);
	return {
		experts: rows.map((r) => present(r, areas.get(r.personId) ?? [], byValue)),
		total,
		page,
		pageSize: EXPERT_PAGE_SIZE,
		subjects: subjects.map((s) => s.name),
		query: q
	};
}

/** One listed expert's page: refused (404) when not listed, deactivated or of another programme. */
export async function getExpert(
	db: Db,
	actor: Actor,
	programmeId: number,
	personId: number
): Promise<ExpertDetail> {
	authorize(actor, 'read', { type: 'community', programmeId });
	const row = await findProfile(db, personId);
	const own = personId === actor.personId;
	if (!row || row.programmeId !== programmeId || row.deactivatedAt !== null || (!row.listed && !own))
		throw new AccessDeniedError();
	if (!(await isActiveIn(db, personId, programmeId))) throw new AccessDeniedError();
	const [areas, { byValue }, trainerSessions, processRoles] = await Promise.all([
		areasOf(db, [personId]),
		vocabulary(db, programmeId),
		sessionsTrainedBy(db, personId),
		processRolesOf(db, personId)
	]);
	return {
		...present(row, areas.get(personId) ?? [], byValue),
		email: row.email,
		trainerSessions,
		processRoles,
		editable: can(actor, 'update', { type: 'expertProfile', programmeId, personId })
	};
}

/** The actor's own entry for the form (an empty, unlisted one before they first save). */
export async function getMyProfile(db: Db, actor: Actor) {
	const programmeId = actor.programmeId;
	if (programmeId === null) throw new AccessDeniedError();
	authorize(actor, 'update', { type: 'expertProfile', programmeId, personId: actor.personId });
	const row = await findProfile(db, actor.personId);
	const areas = (await areasOf(db, [actor.personId])).get(actor.personId) ?? [];
	const { byValue, subjects } = await vocabulary(db, programmeId);
	const of = (kind: ExpertAreaKind) => areas.filter((a) => a.kind === kind).map((a) => a.value);
	return {
		programmeId,
		listed: row?.listed === 1,
		helpWith: row?.helpWith ?? '',
		contact: row?.contact ?? '',
		subjects: of('subject').map((v) => byValue.get(v) ?? v),
		tags: of('tag'),
		languages: of('language'),
		vocabulary: subjects.map((s) => s.name)
	};
}

/** Saves the actor's own entry; `listed` is their opt-in (or opt-out). */
export async function saveMyProfile(db: Db, actor: Actor, input: unknown) {
	const programmeId = actor.programmeId;
	if (programmeId === null) throw new AccessDeniedError();
	authorize(actor, 'update', { type: 'expertProfile', programmeId, personId: actor.personId });
	const values = parseInput(profileInputSchema, input, (e) => new FieldsRuleError({}, e));
	const { byValue } = await vocabulary(db, programmeId);
	const unknown = values.subjects.find((s) => !byValue.has(s.toLowerCase()));
	if (unknown !== undefined)
		throw new KeyedRuleError('experts.error.unknownSubject', 'subjects', 422, { subject: unknown });
	const areas = new Map<string, { kind: ExpertAreaKind; value: string }>();
	const add = (kind: ExpertAreaKind, value: string) => areas.set(`${kind}:${value}`, { kind, value });
	for (const s of values.subjects) add('subject', s.toLowerCase());
	for (const t of values.tags) add('tag', t.toLowerCase());
	for (const l of values.languages) add('language', l);
	await db.transaction().execute(async (trx) => {
		await saveProfile(
			trx,
			{
				personId: actor.personId,
				programmeId,
				listed: values.listed ? 1 : 0,
				helpWith: values.helpWith,
				contact: values.contact
			},
			[...areas.values()]
		);
		// Searchable (members only) while listed; unlisting takes it out of the index in the same transaction.
		await indexExpert(trx, actor.personId);
	});
	return getMyProfile(db, actor);
}

/**
 * Puts a profile in the search index (members only) while it is listed and its person active,
 * and takes it out otherwise; in the caller's transaction.
 */
async function indexExpert(trx: Db, personId: number): Promise<void> {
	const row = await findProfile(trx, personId);
	if (
		!row ||
		row.listed !== 1 ||
		row.deactivatedAt !== null ||
		!(await isActiveIn(trx, personId, row.programmeId))
	) {
		await removeDocument(trx, 'expert', personId);
		return;
	}
	const areas = (await areasOf(trx, [personId])).get(personId) ?? [];
	const { byValue } = await vocabulary(trx, row.programmeId);
	const shown = present(row, areas, byValue);
	await indexDocument(trx, {
		kind: 'expert',
		refId: personId,
		programmeId: row.programmeId,
		language: isLocale(row.locale) ? row.locale : 'sv',
		title: row.name,
		body: [row.helpWith, ...shown.subjects, ...shown.tags].join(' · '),
		url: `/experts/${personId}`,
		audience: 'members',
		visibleFrom: nowIso()
	});
}

/**
 * A deactivated person's listing leaves the search index with the deactivation (the directory
 * itself filters active people in SQL); a reactivation with the listing still opted in puts it
 * back. Wired once at start (`hooks.server.ts`); calling again changes nothing.
 */
export function installExpertActivation(): void {
	onPersonActivation(expertActivation);
}

function expertActivation(trx: Db, change: { personId: number }): Promise<void> {
	return indexExpert(trx, change.personId);
}

/** The programme's subject vocabulary. */
export async function listSubjects(db: Db, actor: Actor, programmeId: number): Promise<string[]> {
	authorize(actor, 'read', { type: 'community', programmeId });
	return (await subjectsOf(db, programmeId)).map((s) => s.name);
}

/** Adds a subject to the vocabulary (office); a duplicate is a 409. */
export async function addSubject(db: Db, actor: Actor, programmeId: number, input: unknown): Promise<void> {
	authorize(actor, 'manage', { type: 'community', programmeId });
	const { name } = parseInput(subjectInputSchema, input, (e) => new FieldsRuleError({}, e));
	if (!(await insertSubject(db, programmeId, name)))
		throw new KeyedRuleError('experts.error.subjectExists', 'name', 409);
}

/** How many people are listed (the directory's header). */
export function listedExpertCount(db: Db, programmeId: number): Promise<number> {
	return countAllListed(db, programmeId);
}
