import { beforeAll, expect, it } from 'vitest';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { search } from '../search/search.service.ts';
import { deactivatePerson, reactivatePerson } from '../people/people.service.ts';
import {
	addSubject,
	getExpert,
	getMyProfile,
	installExpertActivation,
	listExperts,
	saveMyProfile
} from './experts.service.ts';

/** The expert directory on both databases: opt-in, filters in SQL, deactivation, bad input. */
describeEachDb('expert directory', (ctx) => {
	let fx: ProgrammeFixture;
	const actors = {} as Record<'office' | 'participant' | 'inA' | 'inTeam' | 'otherOffice' | 'inB', Actor>;

	beforeAll(async () => {
		installExpertActivation();
		fx = await buildProgrammeFixture(ctx.db, 'experts');
		for (const key of Object.keys({
			office: 1,
			participant: 1,
			inA: 1,
			inTeam: 1,
			otherOffice: 1,
			inB: 1
		}) as (keyof typeof actors)[])
			actors[key] = (await loadActor(ctx.db, fx.people[key]))!;
		for (const name of ['Läsfrämjande', 'Digital kompetens', 'Bemötande'])
			await addSubject(ctx.db, actors.office, fx.programmeId, { name });
	});

	const names = async (query: Record<string, unknown>, actor = actors.participant) =>
		(await listExperts(ctx.db, actor, fx.programmeId, query)).experts.map((e) => e.name);

	it('lists only people who opted in, filtered by subject, tag, language, unit and text', async () => {
		await saveMyProfile(ctx.db, actors.inA, {
			listed: 'on',
			helpWith: 'Bokprat för mellanstadiet',
			contact: 'Telefon 010-123',
			subjects: 'Läsfrämjande',
			tags: 'Bokcirklar, Poddar',
			languages: 'sv, fi'
		});
		await saveMyProfile(ctx.db, actors.inTeam, {
			listed: true,
			subjects: ['Digital kompetens'],
			tags: [],
			languages: ['sv', 'en']
		});
		// Saved but not listed: never in the directory.
		await saveMyProfile(ctx.db, actors.inB, { listed: '', subjects: 'Läsfrämjande' });

		expect(await names({})).toEqual([`inA experts`, `inTeam experts`]);
		expect(await names({ subject: 'läsfrämjande' })).toEqual([`inA experts`]);
		expect(await names({ subject: 'BOKCIRKLAR' })).toEqual([`inA experts`]);
		expect(await names({ language: 'en' })).toEqual([`inTeam experts`]);
		expect(await names({ unitId: String(fx.units.teamA) })).toEqual([`inTeam experts`]);
		expect(await names({ q: 'MELLANSTADIET' })).toEqual([`inA experts`]);
		expect(await names({ subject: 'Läsfrämjande', language: 'en' })).toEqual([]);
		const page = await listExperts(ctx.db, actors.participant, fx.programmeId, { subject: 'Läsfrämjande' });
		expect(page.total).toBe(1);
		expect(page.experts[0]).toMatchObject({
			subjects: ['Läsfrämjande'],
			tags: ['bokcirklar', 'poddar'],
			languages: ['fi', 'sv'],
			contact: 'Telefon 010-123'
		});
	});

	it('puts listed experts in the full-text search for members only', async () => {
		const hits = await search(ctx.db, actors.participant, fx.programmeId, {
			q: 'mellanstadiet',
			kind: 'expert'
		});
		expect(hits.results.map((r) => r.url)).toEqual([`/experts/${fx.people.inA}`]);
		const outside = await search(ctx.db, actors.otherOffice, fx.programmeId, { q: 'mellanstadiet' });
		expect(outside.results).toEqual([]);
	});

	it('shows trainer sessions and process roles on the expert page; hides an unlisted one', async () => {
		const detail = await getExpert(ctx.db, actors.participant, fx.programmeId, fx.people.inA);
		expect(detail).toMatchObject({
			name: 'inA experts',
			trainerSessions: [],
			processRoles: [],
			editable: false
		});
		await expect(getExpert(ctx.db, actors.participant, fx.programmeId, fx.people.inB)).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		// Another programme's office sees nothing of this directory.
		await expect(listExperts(ctx.db, actors.otherOffice, fx.programmeId, {})).rejects.toBeInstanceOf(
			AccessDeniedError
		);
	});

	it('drops a deactivated person from the listing and their page at once, and an opt-out too', async () => {
		await ctx.db
			.updateTable('people')
			.set({ deactivatedAt: nowIso() })
			.where('id', '=', fx.people.inTeam)
			.execute();
		expect(await names({})).toEqual([`inA experts`]);
		await expect(
			getExpert(ctx.db, actors.participant, fx.programmeId, fx.people.inTeam)
		).rejects.toBeInstanceOf(AccessDeniedError);
		await saveMyProfile(ctx.db, actors.inA, { listed: false });
		expect(await names({})).toEqual([]);
		expect(
			(await search(ctx.db, actors.participant, fx.programmeId, { q: 'mellanstadiet' })).results
		).toEqual([]);
		expect((await getMyProfile(ctx.db, actors.inA)).listed).toBe(false);
	});

	it('takes a deactivated expert out of the directory and the search, and a reactivation brings them back', async () => {
		await saveMyProfile(ctx.db, actors.inB, {
			listed: 'on',
			helpWith: 'Skrivarverkstäder för vuxna',
			subjects: 'Bemötande'
		});
		const found = async () =>
			(await search(ctx.db, actors.participant, fx.programmeId, { q: 'skrivarverkstäder' })).results.map(
				(r) => r.url
			);
		expect(await names({})).toEqual([`inB experts`]);
		expect(await found()).toEqual([`/experts/${fx.people.inB}`]);
		await deactivatePerson(ctx.db, actors.office, fx.people.inB);
		expect(await names({})).toEqual([]);
		expect(await found()).toEqual([]);
		const left = await ctx.db
			.selectFrom('searchDocuments')
			.select('id')
			.where('kind', '=', 'expert')
			.where('refId', '=', fx.people.inB)
			.execute();
		expect(left).toEqual([]);
		await reactivatePerson(ctx.db, actors.office, fx.people.inB);
		expect(await names({})).toEqual([`inB experts`]);
		expect(await found()).toEqual([`/experts/${fx.people.inB}`]);
		// Reactivating someone who opted out does not list them.
		await saveMyProfile(ctx.db, actors.inB, { listed: false });
		await deactivatePerson(ctx.db, actors.office, fx.people.inB);
		await reactivatePerson(ctx.db, actors.office, fx.people.inB);
		expect(await found()).toEqual([]);
		expect(await names({})).toEqual([]);
	});

	it('refuses bad input with field messages and stores nothing', async () => {
		const bad = async (input: Record<string, unknown>) => {
			try {
				await saveMyProfile(ctx.db, actors.participant, input);
			} catch (e) {
				return (e as { status: number; fieldErrors(l: string): Record<string, string[]> }).fieldErrors('sv');
			}
			throw new Error('accepted');
		};
		expect(Object.keys(await bad({ listed: 'on', subjects: 'Astrologi' }))).toEqual(['subjects']);
		expect(Object.keys(await bad({ listed: 'on', languages: 'svenska' }))).toEqual(['languages.0']);
		expect(Object.keys(await bad({ listed: 'on', tags: 'x'.repeat(61) }))).toEqual(['tags.0']);
		expect(Object.keys(await bad({ listed: 'on', helpWith: 'a\u0000b' }))).toEqual(['helpWith']);
		const stored = await ctx.db
			.selectFrom('expertProfiles')
			.select('personId')
			.where('personId', '=', fx.people.participant)
			.execute();
		expect(stored).toEqual([]);
		await expect(
			listExperts(ctx.db, actors.participant, fx.programmeId, { page: 'x' })
		).rejects.toMatchObject({
			status: 422
		});
		await expect(
			addSubject(ctx.db, actors.office, fx.programmeId, { name: 'Bemötande' })
		).rejects.toMatchObject({
			status: 409
		});
		await expect(
			addSubject(ctx.db, actors.participant, fx.programmeId, { name: 'X' })
		).rejects.toBeInstanceOf(AccessDeniedError);
	});
});
