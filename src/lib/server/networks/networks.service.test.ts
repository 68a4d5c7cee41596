import { beforeAll, expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { search } from '../search/search.service.ts';
import {
	addMeeting,
	addMember,
	createNetwork,
	getNetwork,
	listNetworks,
	networksStarted,
	updateNetwork
} from './networks.service.ts';

/** Networks on both databases: members inside and outside, meetings, the "started" count, refusals. */
describeEachDb('networks', (ctx) => {
	let fx: ProgrammeFixture;
	let office: Actor, participant: Actor, inA: Actor, otherOffice: Actor;

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, 'networks');
		const load = async (id: number) => (await loadActor(ctx.db, id))!;
		office = await load(fx.people.office);
		participant = await load(fx.people.participant);
		inA = await load(fx.people.inA);
		otherOffice = await load(fx.people.otherOffice);
	});

	it('counts the networks started in a period (KLURA: at least three new networks)', async () => {
		await createNetwork(ctx.db, office, fx.programmeId, {
			name: 'Barnbibliotekarier',
			startsOn: '2026-02-01'
		});
		await createNetwork(ctx.db, participant, fx.programmeId, { name: 'Makerspace', startsOn: '2026-06-15' });
		const national = await createNetwork(ctx.db, inA, fx.programmeId, {
			name: 'Nationellt nätverk för läsfrämjande',
			purpose: 'Erfarenhetsutbyte mellan regioner',
			reach: 'national',
			startsOn: '2026-12-31'
		});
		await createNetwork(ctx.db, otherOffice, fx.otherProgrammeId, {
			name: 'Elsewhere',
			startsOn: '2026-03-01'
		});
		expect(await networksStarted(ctx.db, fx.programmeId, { from: '2026-01-01', to: '2026-12-31' })).toBe(3);
		expect(await networksStarted(ctx.db, fx.programmeId, { from: '2026-02-02', to: '2026-12-30' })).toBe(1);
		expect(await networksStarted(ctx.db, fx.otherProgrammeId, { from: '2026-01-01', to: '2026-12-31' })).toBe(
			1
		);
		await expect(
			networksStarted(ctx.db, fx.programmeId, { from: '2026-13-01', to: '2026-12-31' })
		).rejects.toMatchObject({
			status: 422
		});

		// The creator is the contact person and keeps it: external members, meetings.
		await addMember(ctx.db, inA, national, {
			externalName: 'Kari Nordmann',
			externalOrganisation: 'Region Norr',
			externalEmail: 'kari@example.org'
		});
		await addMember(ctx.db, inA, national, { personId: fx.people.participant });
		await expect(addMember(ctx.db, inA, national, { personId: fx.people.participant })).rejects.toMatchObject(
			{
				status: 409
			}
		);
		await expect(addMember(ctx.db, inA, national, { personId: fx.people.inOther })).rejects.toMatchObject({
			status: 422
		});
		await addMeeting(ctx.db, inA, national, {
			meetsOn: '2027-01-20',
			place: 'Umeå',
			notes: 'Första träffen'
		});
		const seen = await getNetwork(ctx.db, participant, national);
		expect(seen.network).toMatchObject({ reach: 'national', contactPersonId: fx.people.inA, memberCount: 3 });
		expect(seen.members.map((m) => m.personName ?? m.externalName)).toEqual([
			'inA networks',
			'Kari Nordmann',
			'participant networks'
		]);
		// Only the network's keepers see external e-mail addresses.
		expect(seen.members.find((m) => m.externalName)?.externalEmail).toBeNull();
		expect((await getNetwork(ctx.db, inA, national)).members.find((m) => m.externalName)?.externalEmail).toBe(
			'kari@example.org'
		);
		expect(seen.meetings).toMatchObject([{ meetsOn: '2027-01-20', place: 'Umeå' }]);
		expect((await listNetworks(ctx.db, participant, fx.programmeId)).total).toBe(3);
		const hits = await search(ctx.db, participant, fx.programmeId, { q: 'regioner', kind: 'network' });
		expect(hits.results.map((r) => r.url)).toEqual([`/networks/${national}`]);
	});

	it('refuses strangers and bad input', async () => {
		const id = await createNetwork(ctx.db, office, fx.programmeId, {
			name: 'Ledare',
			startsOn: '2026-04-01'
		});
		await expect(getNetwork(ctx.db, otherOffice, id)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(addMeeting(ctx.db, participant, id, { meetsOn: '2026-05-01' })).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		await expect(
			updateNetwork(ctx.db, office, id, { name: '', startsOn: '2026-04-01' })
		).rejects.toMatchObject({ status: 422 });
		await expect(
			createNetwork(ctx.db, office, fx.programmeId, { name: 'X', startsOn: '2026-04-01', reach: 'global' })
		).rejects.toMatchObject({ status: 422 });
		await expect(
			createNetwork(ctx.db, office, fx.programmeId, {
				name: 'X',
				startsOn: '2026-04-01',
				contactPersonId: fx.people.inOther
			})
		).rejects.toMatchObject({ status: 422 });
		await expect(
			addMember(ctx.db, office, id, { externalName: 'A', externalEmail: 'not-mail' })
		).rejects.toMatchObject({
			status: 422
		});
	});
});
