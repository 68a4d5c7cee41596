import { expect, it } from 'vitest';
import { loadActor } from '../people/actor.ts';
import { listExperts } from '../experts/experts.service.ts';
import { listNetworks, networksStarted } from '../networks/networks.service.ts';
import { listIssues } from '../newsletter/newsletter.service.ts';
import { describeEachDb } from '../testing/db.ts';
import { createDemo } from './demo.ts';

/** The demo programme shows knowledge sharing: 40 experts, four networks (one national), recordings, two issues. */
describeEachDb('community demo', (ctx) => {
	it('lists 40 experts, four networks, recordings on the filmed lectures and two newsletters', async () => {
		const { programmeId, logins } = await createDemo(ctx.db, { password: 'demo' });
		const participantLogin = logins.find((l) => l.role === 'participant')!;
		const person = await ctx.db
			.selectFrom('people')
			.select('id')
			.where('email', '=', participantLogin.email)
			.executeTakeFirstOrThrow();
		const actor = (await loadActor(ctx.db, person.id))!;
		expect((await listExperts(ctx.db, actor, programmeId, {})).total).toBe(40);
		expect(
			(await listExperts(ctx.db, actor, programmeId, { subject: 'Läsfrämjande' })).total
		).toBeGreaterThan(0);
		const networks = await listNetworks(ctx.db, actor, programmeId);
		expect(networks.total).toBe(4);
		expect(networks.networks.filter((n) => n.reach === 'national')).toHaveLength(1);
		const year = new Date().toISOString().slice(0, 4);
		expect(await networksStarted(ctx.db, programmeId, { from: `${year}-01-01`, to: `${year}-12-31` })).toBe(
			4
		);
		const recordings = await ctx.db
			.selectFrom('sessionRecordings')
			.select(['url', 'size', 'publishedAt', 'consentNotedAt'])
			.where('programmeId', '=', programmeId)
			.execute();
		expect(recordings.length).toBeGreaterThan(1);
		expect(recordings.filter((r) => r.url === null && Number(r.size) > 0)).toHaveLength(1);
		expect(recordings.every((r) => r.consentNotedAt !== null)).toBe(true);
		expect((await listIssues(ctx.db, actor, programmeId)).total).toBe(2);
	}, 120_000);
});
