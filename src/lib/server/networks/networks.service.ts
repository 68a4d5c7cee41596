import { FieldsRuleError, KeyedRuleError } from '../core/errors.ts';
import { parseInput } from '../core/validation.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { indexDocument } from '../search/search.service.ts';
import { registerGoalCountSource } from '../goals/goals.service.ts';
import { AccessDeniedError, authorize, can, type Actor, type Resource } from '../policy/policy.ts';
import { searchActivePeople } from '../people/people.service.ts';
import { pickMatches } from '../core/picker.ts';
import {
	countNetworks,
	countStarted,
	deleteMember,
	findNetwork,
	findNetworksByName,
	findNetworks,
	insertMeeting,
	insertMember,
	insertNetwork,
	isProgrammePerson,
	personIdByEmail,
	meetingsOf,
	membersOf,
	updateNetworkRow,
	type NetworkRow
} from './networks.repository.ts';
import {
	contactInputSchema,
	meetingInputSchema,
	memberInputSchema,
	NETWORK_PAGE_SIZE,
	networkInputSchema,
	networkQuerySchema,
	periodSchema
} from './networks.schema.ts';

/**
 * Networks and groups formed in a programme (SPEC §2, issue 13 point 6): name, purpose,
 * members inside and outside the programme (a national network has external members), a
 * contact person, a start date and meetings. `networksStarted` is the count behind KLURA's
 * goal "at least three new networks".
 */

export type NetworkView = NetworkRow;

/** The network in the search index (members of the programme find it). */
function indexNetwork(
	trx: Db,
	id: number,
	programmeId: number,
	values: { name: string; purpose: string; startsOn: string }
) {
	return indexDocument(trx, {
		kind: 'network',
		refId: id,
		programmeId,
		language: 'sv',
		title: values.name,
		body: values.purpose,
		url: `/networks/${id}`,
		audience: 'members',
		visibleFrom: nowIso(),
		publishedAt: values.startsOn + 'T00:00:00.000Z'
	});
}

function resource(
	row: Pick<NetworkRow, 'id' | 'programmeId' | 'contactPersonId'>
): Extract<Resource, { type: 'network' }> {
	return { type: 'network', id: row.id, programmeId: row.programmeId, contactPersonId: row.contactPersonId };
}

const invalid = (e: import('zod').ZodError) => new FieldsRuleError({}, e);

async function networkOr404(db: Db, actor: Actor, id: number, action: 'read' | 'update') {
	const row = await findNetwork(db, id);
	if (!row) throw new AccessDeniedError();
	authorize(actor, action, resource(row));
	return row;
}

async function checkContact(db: Db, programmeId: number, personId: number | null | undefined) {
	if (personId && !(await isProgrammePerson(db, personId, programmeId)))
		throw new KeyedRuleError('networks.error.contactPerson', 'contactPersonId');
}

/** One page of a programme's networks, newest first. */
export async function listNetworks(db: Db, actor: Actor, programmeId: number, query: unknown = {}) {
	authorize(actor, 'read', { type: 'community', programmeId });
	const { page: asked } = parseInput(networkQuerySchema, query, invalid);
	const total = await countNetworks(db, programmeId);
	const pages = Math.max(1, Math.ceil(total / NETWORK_PAGE_SIZE));
	const page = Math.min(asked, pages);
	return {
		networks: await findNetworks(db, programmeId, NETWORK_PAGE_SIZE, (page - 1) * NETWORK_PAGE_SIZE),
		total,
		page,
		pageSize: NETWORK_PAGE_SIZE,
		canCreate: can(actor, 'create', { type: 'network', id: 0, programmeId, contactPersonId: null })
	};
}

/**
 * A network with its members and meetings; for those who keep it (the office, the contact
 * person) the shared person pickers' matches for `terms.member` and `terms.contact`.
 */
export async function getNetwork(
	db: Db,
	actor: Actor,
	id: number,
	terms: { member?: string | null; contact?: string | null } = {}
) {
	const row = await networkOr404(db, actor, id, 'read');
	const editable = can(actor, 'update', resource(row));
	const people = (term: string | null | undefined) =>
		pickMatches(editable ? term : '', async (t, limit) =>
			(await searchActivePeople(db, row.programmeId, t, limit)).map((p) => ({
				id: p.id,
				label: `${p.name} (${p.email})`
			}))
		);
	const [members, meetings, member, contact] = await Promise.all([
		membersOf(db, id),
		meetingsOf(db, id),
		people(terms.member),
		people(terms.contact)
	]);
	return {
		network: row,
		// External e-mail addresses are for those who keep the network.
		members: members.map((m) => ({ ...m, externalEmail: editable ? m.externalEmail : null })),
		meetings,
		editable,
		pickers: { member, contact }
	};
}

/** Makes an active person of the programme the contact person (and a member, if they are not yet). */
export async function setNetworkContact(db: Db, actor: Actor, id: number, input: unknown): Promise<void> {
	const row = await networkOr404(db, actor, id, 'update');
	const { personId } = parseInput(contactInputSchema, input, invalid);
	await checkContact(db, row.programmeId, personId);
	await db.transaction().execute(async (trx) => {
		await updateNetworkRow(trx, id, {
			name: row.name,
			purpose: row.purpose,
			reach: row.reach,
			contactPersonId: personId,
			startsOn: row.startsOn
		});
		await insertMember(trx, {
			networkId: id,
			personId,
			externalName: null,
			externalOrganisation: null,
			externalEmail: null
		});
	});
}

/** Starts a network; the creator is its contact person unless another is named. */
export async function createNetwork(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<number> {
	authorize(actor, 'create', { type: 'network', id: 0, programmeId, contactPersonId: null });
	const values = parseInput(networkInputSchema, input, invalid);
	const contactPersonId =
		values.contactPersonId ?? (actor.programmeId === programmeId ? actor.personId : null);
	await checkContact(db, programmeId, contactPersonId);
	return db.transaction().execute(async (trx) => {
		const id = await insertNetwork(trx, {
			programmeId,
			name: values.name,
			purpose: values.purpose,
			reach: values.reach,
			contactPersonId,
			startsOn: values.startsOn,
			createdBy: actor.personId,
			updatedAt: nowIso()
		});
		if (contactPersonId !== null)
			await insertMember(trx, {
				networkId: id,
				personId: contactPersonId,
				externalName: null,
				externalOrganisation: null,
				externalEmail: null
			});
		await indexNetwork(trx, id, programmeId, values);
		return id;
	});
}

export async function updateNetwork(db: Db, actor: Actor, id: number, input: unknown): Promise<void> {
	const row = await networkOr404(db, actor, id, 'update');
	const values = parseInput(networkInputSchema, input, invalid);
	await checkContact(db, row.programmeId, values.contactPersonId);
	await db.transaction().execute(async (trx) => {
		await updateNetworkRow(trx, id, {
			name: values.name,
			purpose: values.purpose,
			reach: values.reach,
			contactPersonId: values.contactPersonId ?? row.contactPersonId,
			startsOn: values.startsOn
		});
		await indexNetwork(trx, id, row.programmeId, values);
	});
}

/** Adds a member (the contact person or the office); a person already in it is a 409. */
export async function addMember(db: Db, actor: Actor, id: number, input: unknown): Promise<void> {
	const row = await networkOr404(db, actor, id, 'update');
	const values = parseInput(memberInputSchema, input, invalid);
	if ('email' in values) {
		const personId = await personIdByEmail(db, row.programmeId, values.email);
		if (personId === undefined) throw new KeyedRuleError('networks.error.member', 'email');
		return addMember(db, actor, id, { personId });
	}
	if ('personId' in values) {
		if (!(await isProgrammePerson(db, values.personId, row.programmeId)))
			throw new KeyedRuleError('networks.error.member', 'personId');
		const added = await insertMember(db, {
			networkId: id,
			personId: values.personId,
			externalName: null,
			externalOrganisation: null,
			externalEmail: null
		});
		if (!added) throw new KeyedRuleError('networks.error.memberExists', 'personId', 409);
		return;
	}
	await insertMember(db, {
		networkId: id,
		personId: null,
		externalName: values.externalName,
		externalOrganisation: values.externalOrganisation || null,
		externalEmail: values.externalEmail ?? null
	});
}

export async function removeMember(db: Db, actor: Actor, id: number, memberId: number): Promise<void> {
	await networkOr404(db, actor, id, 'update');
	if (!(await deleteMember(db, id, memberId))) throw new KeyedRuleError('error.unknownId');
}

export async function addMeeting(db: Db, actor: Actor, id: number, input: unknown): Promise<number> {
	await networkOr404(db, actor, id, 'update');
	const values = parseInput(meetingInputSchema, input, invalid);
	return insertMeeting(db, {
		networkId: id,
		meetsOn: values.meetsOn,
		place: values.place || null,
		notes: values.notes
	});
}

/**
 * How many networks of the programme started within the period (dates inclusive): the count
 * indicator for a goal such as "at least three new networks". No permission check (a figure).
 */
export async function networksStarted(
	db: Db,
	programmeId: number,
	period: { from: string; to: string }
): Promise<number> {
	const { from, to } = parseInput(periodSchema, period, invalid);
	return countStarted(db, programmeId, from, to);
}

/** Offers "networks started" to the goals (wired in hooks.server.ts init); open periods are cut at the goal's day. */
export function installNetworksGoalSource(): void {
	registerGoalCountSource('networksStarted', (db, programmeId, c) =>
		networksStarted(db, programmeId, {
			from: c.from ?? '1900-01-01',
			to: c.to ?? c.asOf.toISOString().slice(0, 10)
		})
	);
}

// ---- for pickers (posts' links)

/** Networks whose name contains the term (a bounded picker; members of the programme see networks). No permission check. */
export function networksByName(db: Db, programmeId: number, term: string, limit: number) {
	return findNetworksByName(db, programmeId, term, limit);
}

/** A network's name and programme by id, or undefined. No permission check. */
export async function networkSummary(db: Db, id: number) {
	const row = await findNetwork(db, id);
	return row ? { id: row.id, name: row.name, programmeId: row.programmeId } : undefined;
}
