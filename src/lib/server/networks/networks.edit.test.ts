import { beforeAll, expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { search } from '../search/search.service.ts';
import {
	addMember,
	createNetwork,
	getNetwork,
	removeMember,
	setNetworkContact,
	updateNetwork
} from './networks.service.ts';

/** Editing a network on both databases: its fields, the contact person and members through the person picker. */
describeEachDb('network editing', (ctx) => {
	let fx: ProgrammeFixture;
	let office: Actor, participant: Actor, inA: Actor, inB: Actor, otherOffice: Actor;
	let id: number;

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, 'netedit');
		const load = async (pid: number) => (await loadActor(ctx.db, pid))!;
		office = await load(fx.people.office);
		participant = await load(fx.people.participant);
		inA = await load(fx.people.inA);
		inB = await load(fx.people.inB);
		otherOffice = await load(fx.people.otherOffice);
		id = await createNetwork(ctx.db, office, fx.programmeId, { name: 'Läsombud', startsOn: '2026-03-01' });
	});

	it('lets the office edit name, purpose, reach and start date, keeping the contact person', async () => {
		await updateNetwork(ctx.db, office, id, {
			name: 'Läsombud i regionen',
			purpose: 'Läsfrämjande på arbetsplatser',
			reach: 'national',
			startsOn: '2026-04-01'
		});
		const { network } = await getNetwork(ctx.db, participant, id);
		expect(network).toMatchObject({
			name: 'Läsombud i regionen',
			purpose: 'Läsfrämjande på arbetsplatser',
			reach: 'national',
			startsOn: '2026-04-01',
			contactPersonId: fx.people.office
		});
		const hits = await search(ctx.db, participant, fx.programmeId, { q: 'arbetsplatser', kind: 'network' });
		expect(hits.results.map((r) => r.url)).toEqual([`/networks/${id}`]);
		await expect(updateNetwork(ctx.db, office, id, { name: '', startsOn: 'igår' })).rejects.toMatchObject({
			status: 422
		});
	});

	it('offers people of the programme only to those who keep the network, and adds them as members', async () => {
		const kept = await getNetwork(ctx.db, office, id, { member: 'INA NETEDIT', contact: 'inOther' });
		expect(kept.pickers.member.matches.map((m) => m.id)).toEqual([fx.people.inA]);
		expect(kept.pickers.contact.matches).toEqual([]);
		// A reader gets no matches even when asking.
		expect((await getNetwork(ctx.db, participant, id, { member: 'inA' })).pickers.member.matches).toEqual([]);
		await addMember(ctx.db, office, id, { personId: String(fx.people.inA) });
		await expect(addMember(ctx.db, office, id, { personId: fx.people.inOther })).rejects.toMatchObject({
			status: 422
		});
		await addMember(ctx.db, office, id, {
			externalName: 'Kim Extern',
			externalOrganisation: 'Regionbiblioteket'
		});
		const members = (await getNetwork(ctx.db, office, id)).members;
		expect(members.map((m) => m.personId ?? m.externalName)).toEqual(
			expect.arrayContaining([fx.people.office, fx.people.inA, 'Kim Extern'])
		);
	});

	it('hands the network to a new contact person, who may then edit it; the old one (not office) may not', async () => {
		await setNetworkContact(ctx.db, office, id, { personId: fx.people.inB });
		let page = await getNetwork(ctx.db, inB, id);
		expect(page.network.contactPersonId).toBe(fx.people.inB);
		expect(page.editable).toBe(true);
		expect(page.members.some((m) => m.personId === fx.people.inB)).toBe(true);
		await setNetworkContact(ctx.db, inB, id, { personId: fx.people.inA });
		await expect(
			updateNetwork(ctx.db, inB, id, { name: 'Kapat', startsOn: '2026-04-01' })
		).rejects.toBeInstanceOf(AccessDeniedError);
		page = await getNetwork(ctx.db, inA, id);
		expect(page.editable).toBe(true);
		const external = page.members.find((m) => m.externalName === 'Kim Extern')!;
		await removeMember(ctx.db, inA, id, external.id);
		await expect(setNetworkContact(ctx.db, inA, id, { personId: fx.people.inOther })).rejects.toMatchObject({
			status: 422
		});
		await expect(
			setNetworkContact(ctx.db, participant, id, { personId: fx.people.participant })
		).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(
			setNetworkContact(ctx.db, otherOffice, id, { personId: fx.people.inB })
		).rejects.toBeInstanceOf(AccessDeniedError);
		expect((await getNetwork(ctx.db, inA, id)).members.some((m) => m.externalName === 'Kim Extern')).toBe(
			false
		);
	});
});
