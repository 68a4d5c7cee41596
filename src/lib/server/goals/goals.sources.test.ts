import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { installNetworksGoalSource } from '../networks/networks.service.ts';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';
import { installPostsGoalSource } from '../posts/posts.service.ts';
import { buildReportFixture, type ReportFixture } from '../reports/reports.fixtures.ts';
import { describeEachDb } from '../testing/db.ts';
import { countSourceLabel } from './goals.presenter.ts';
import { countSourceKeys, createGoal, goalTable } from './goals.service.ts';

/** Half of the fixture programme's period (2026-01-01 … 2027-12-31) has passed. */
const AS_OF = new Date('2027-01-01T00:00:00.000Z');

/** The count sources the posts and networks domains register, against hand-counted rows. */
describeEachDb('goal count sources from posts and networks', (ctx) => {
	let f: ReportFixture;
	let office: Actor;

	const post = (db: Db, programmeId: number, status: 'draft' | 'published', publishAt: string | null) =>
		db
			.insertInto('posts')
			.values({
				programmeId,
				kind: 'news',
				title: `Post ${publishAt}`,
				bodyHtml: '<p>x</p>',
				language: 'sv',
				status,
				publishAt,
				audience: 'members',
				trackId: null,
				activityId: null,
				sessionId: null,
				processId: null,
				networkId: null,
				createdBy: null,
				updatedAt: nowIso()
			})
			.execute();
	const network = (programmeId: number, startsOn: string) =>
		ctx.db
			.insertInto('networks')
			.values({
				programmeId,
				name: `Net ${startsOn}`,
				startsOn,
				contactPersonId: null,
				createdBy: null,
				updatedAt: nowIso()
			})
			.execute();

	beforeAll(async () => {
		installPostsGoalSource();
		installNetworksGoalSource();
		f = await buildReportFixture(ctx.db, 'sources');
		office = (await loadActor(ctx.db, f.people.office))!;
		// Counted in 2026: the two published ones (the second late on the last day).
		await post(ctx.db, f.programmeId, 'published', '2026-02-01T09:00:00.000Z');
		await post(ctx.db, f.programmeId, 'published', '2026-12-31T23:30:00.000Z');
		// Not counted: a draft, one before the period, one after AS_OF, another programme's.
		await post(ctx.db, f.programmeId, 'draft', null);
		await post(ctx.db, f.programmeId, 'published', '2025-12-31T23:59:00.000Z');
		await post(ctx.db, f.programmeId, 'published', '2027-03-01T08:00:00.000Z');
		await post(ctx.db, f.otherProgrammeId, 'published', '2026-05-01T08:00:00.000Z');
		await network(f.programmeId, '2026-01-01');
		await network(f.programmeId, '2026-06-15');
		await network(f.programmeId, '2026-12-31');
		await network(f.programmeId, '2027-02-01');
		await network(f.otherProgrammeId, '2026-03-01');
	});

	const figures = async (id: number) => {
		const rows = (
			await goalTable(ctx.db, office, f.programmeId, { locale: 'sv', asOf: AS_OF })
		).groups.flatMap((g) => g.goals);
		const r = rows.find((x) => x.id === id)!;
		return { actual: r.actual, target: r.target, status: r.status };
	};
	const goal = (source: string, target: number, period: Record<string, string> = {}) =>
		createGoal(ctx.db, office, f.programmeId, {
			text_en: source,
			kind: 'measurable',
			indicatorKind: 'count',
			countSource: source,
			target,
			...period
		});

	it('offers both sources to the goal form', () => {
		expect(countSourceKeys()).toEqual(expect.arrayContaining(['postsPublished', 'networksStarted']));
	});

	it('counts posts published within the period and by the day of the status', async () => {
		const year = await goal('postsPublished', 2, { from: '2026-01-01', to: '2026-12-31' });
		expect(await figures(year)).toEqual({ actual: 2, target: 2, status: 'achieved' });
		// Open period: everything published up to AS_OF (the 2027 post is still to come).
		const open = await goal('postsPublished', 12);
		expect(await figures(open)).toMatchObject({ actual: 3, target: 12 });
	});

	it('counts networks started within the period, dates inclusive', async () => {
		const year = await goal('networksStarted', 3, { from: '2026-01-01', to: '2026-12-31' });
		expect(await figures(year)).toEqual({ actual: 3, target: 3, status: 'achieved' });
		const half = await goal('networksStarted', 4, { from: '2026-06-15' });
		expect(await figures(half)).toMatchObject({ actual: 2, target: 4 });
	});

	it('labels them in all four languages', () => {
		expect(countSourceLabel('postsPublished', 'sv')).toBe('publicerade inlägg');
		expect(countSourceLabel('networksStarted', 'en')).toBe('networks started');
		expect(countSourceLabel('networksStarted', 'da')).toBe('startede netværk');
		expect(countSourceLabel('postsPublished', 'nb')).toBe('publiserte innlegg');
	});
});
