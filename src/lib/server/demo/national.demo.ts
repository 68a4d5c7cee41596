import type { ActivityType } from '../db/schema.ts';
import { invalidateReports } from '../reports/reports.service.ts';
import { pauseCycleTotals, rebuildCycleTotals } from '../cycle/cycle.service.ts';
import { analyzeTables } from '../db/sql.ts';
import { DECLINE_REASONS, startOn, T, type Template } from './catalogue.demo.ts';
import type { DemoContext, DemoExtension } from './demo.ts';
import {
	dropNationalWork,
	insertPlannedCycleForms,
	insertPlannedRegistrations,
	insertSessionPlans,
	prepareNationalWork,
	type SessionPlan
} from './national.repository.ts';

/**
 * A national programme (issue 10): when the demo is created for many people
 * (`demo --people 100000`), the catalogue grows with them — one session per 10 staff over
 * three years back and half a year ahead, about 100 registrations per session (~10 per
 * person) in every state, attendance on past sessions and 40-20-40 forms on about 70 % of the
 * seats. Smaller demos (the default 751 staff, the tests' 120) are left exactly as they were:
 * below `NATIONAL_FROM` staff this extension does nothing.
 *
 * Sessions and activities (thousands) are drawn here with the extension's seeded PRNG; the
 * registrations and forms (a million at 100,000 staff) are derived in the database from one
 * plan row per session (national.repository.ts). Counter invariants as in catalogue.demo.ts:
 * `confirmed_count` = seat-holding registrations (confirmed, attended, absent) ≤ capacity;
 * `waitlist_counter` = the highest `waitlist_seq`, numbers 1 … n unique per session; only full
 * upcoming sessions have a waitlist.
 */

/** The default demo's size: processes, logbook entries etc. grow by `demoScale` beyond it. */
export const BASE_PEOPLE = 751;
/** From this many staff on, the national catalogue is added. */
export const NATIONAL_FROM = 2000;
/** Staff per national session. */
const PEOPLE_PER_SESSION = 10;
/** Sessions per national activity (a course given in several rounds and places). */
const SESSIONS_PER_ACTIVITY = 6;

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = (ms: number) => iso(ms).slice(0, 10);

/** How many times the default demo a programme of `people` staff is (1 up to the default size). */
export function demoScale(people: number): number {
	return Math.max(1, people / BASE_PEOPLE);
}

/** Primes above `n` (each coprime with n), for the strides that spread registrations over the staff. */
function primesAbove(n: number, count: number): number[] {
	const out: number[] = [];
	for (let c = n + 1; out.length < count; c++) {
		let prime = c > 1;
		for (let d = 2; d * d <= c && prime; d++) if (c % d === 0) prime = false;
		if (prime) out.push(c);
	}
	return out;
}

const NATIONAL_PLACES = [
	'Stockholms stadsbibliotek',
	'Göteborgs stadsbibliotek',
	'Malmö stadsbibliotek',
	'Uppsala stadsbibliotek',
	'Umeå stadsbibliotek',
	'Luleå stadsbibliotek',
	'Kungliga biblioteket, Stockholm',
	'Regionbibliotek Västra Götaland'
];

/** Creates the national catalogue; see the module comment. */
export async function createNationalDemo(
	ctx: DemoContext,
	anchor = Date.parse(dateOf(Date.now()))
): Promise<void> {
	if (ctx.people.length < NATIONAL_FROM) return;
	const { db, random, programmeId, loginIds } = ctx;
	const now = iso(anchor);
	const office = loginIds['office@demo.klok']!;
	const trainer = loginIds['trainer@demo.klok']!;
	const managers = ctx.people.filter((p) => p.jobCategory === 'manager').map((p) => p.id);
	const followup = Number(
		(
			await db
				.selectFrom('programmes')
				.select('followupDays')
				.where('id', '=', programmeId)
				.executeTakeFirstOrThrow()
		).followupDays
	);
	const staffCount = await prepareNationalWork(db, programmeId);
	const strides = primesAbove(staffCount, 24).map((p) => p % staffCount);

	// ---- activities: the catalogue's templates given in rounds --------------------------------
	const templates = T.filter((t) => t.sessions > 0);
	const sessionCount = Math.round(ctx.people.length / PEOPLE_PER_SESSION);
	const activityCount = Math.ceil(sessionCount / SESSIONS_PER_ACTIVITY);
	const activityTemplates: Template[] = [];
	const activityRows = Array.from({ length: activityCount }, (_, i) => {
		const t = templates[i % templates.length]!;
		activityTemplates.push(t);
		const round = Math.floor(i / templates.length) + 1;
		return {
			programmeId,
			trackId: ctx.tracks[t.track]?.id ?? null,
			type: t.type as ActivityType,
			learningForm: t.form,
			title: `${t.title}, omgång ${round}`,
			descriptionHtml: t.description,
			provider: t.provider,
			cost: t.cost ?? null,
			targetJobCategories: t.track === 4 ? JSON.stringify(['manager']) : '[]',
			targetUnitIds: '[]',
			interestOnly: 0,
			publishedAt: iso(anchor - random.int(200, 1200) * DAY),
			archivedAt: null,
			createdBy: office,
			updatedAt: now
		};
	});
	const activityIds: number[] = [];
	for (let i = 0; i < activityRows.length; i += 400) {
		const slice = activityRows.slice(i, i + 400);
		const out = await db.insertInto('activities').values(slice).returning(['id', 'title']).execute();
		out.forEach((a, k) => {
			if (a.title !== slice[k]!.title) throw new Error('national demo: RETURNING out of order');
			activityIds.push(a.id);
		});
	}

	// ---- sessions and their plans ----------------------------------------------------------------
	const coTrainers = Array.from({ length: Math.max(3, Math.round(sessionCount / 25)) }, () =>
		random.int(0, staffCount - 1)
	);
	interface Draft {
		row: {
			activityId: number;
			title: string | null;
			startsAt: string;
			endsAt: string;
			place: string | null;
			onlineUrl: string | null;
			capacity: number;
			hours: number;
			requiresApproval: number;
			registrationOpensAt: string;
			registrationClosesAt: string;
			status: 'planned' | 'open' | 'cancelled' | 'done';
			confirmedCount: number;
			waitlistCounter: number;
			sequence: number;
			recordingUrl: string | null;
			cancelledAt: string | null;
			cancelReason: string | null;
			updatedAt: string;
		};
		plan: Omit<SessionPlan, 'sessionId'>;
		demoTrainer: boolean;
	}
	const drafts: Draft[] = [];
	for (let j = 0; j < sessionCount; j++) {
		const a = j % activityCount;
		const t = activityTemplates[a]!;
		const offset = random.int(-3 * 365, 180);
		const start = startOn(anchor, offset, t.time);
		const end = start + t.durationHours * 3_600_000;
		const past = start < anchor;
		const cancelled = random.chance(0.02);
		const status = cancelled ? 'cancelled' : past ? 'done' : offset > 130 ? 'planned' : 'open';
		const capacity = random.int(70, 230);
		const full = status === 'open' && random.chance(0.1);
		const approval = t.approval ?? false;
		const seats = cancelled
			? 0
			: full
				? capacity
				: Math.round(capacity * (status === 'planned' ? random.next() * 0.3 : 0.4 + random.next() * 0.55));
		const plan: Omit<SessionPlan, 'sessionId'> = {
			seats,
			waitlisted: full ? random.int(1, 15) : 0,
			requested: approval && status === 'open' ? random.int(2, 15) : 0,
			declined: approval && !cancelled ? random.int(1, 4) : 0,
			cancelled: cancelled ? random.int(5, 20) : random.int(0, 4),
			startRank: random.int(0, staffCount - 1),
			stride: random.pick(strides),
			past: past && !cancelled,
			approval,
			approver: managers.length ? random.pick(managers) : office,
			hours: t.hours,
			marker: t.demoTrainer ? trainer : office,
			regAt: '',
			decidedAt: '',
			cancelledAt: '',
			markedAt: iso(end + 3_600_000),
			remindAt: iso(start - DAY),
			dueAt: iso(end + followup * DAY),
			beforeAt: iso(Math.min(start - DAY, anchor - DAY)),
			talkOn: dateOf(start - random.int(3, 20) * DAY),
			afterAt: '',
			sharedOn: '',
			nudgeAt: end + followup * DAY < anchor ? iso(end + (followup + 1) * DAY) : null
		};
		const regAt = Math.min(start - random.int(3, 40) * DAY, anchor - random.int(1, 20) * DAY);
		plan.regAt = iso(regAt + random.int(0, 36_000) * 1000);
		plan.decidedAt = approval ? iso(Date.parse(plan.regAt) + DAY) : plan.regAt;
		plan.cancelledAt = iso(Date.parse(plan.regAt) + 2 * DAY);
		const afterAt = Math.max(end + 3_600_000, Math.min(anchor - DAY, end + random.int(2, followup) * DAY));
		plan.afterAt = iso(afterAt);
		plan.sharedOn = dateOf(afterAt);
		const online = t.online ?? random.chance(0.3);
		drafts.push({
			row: {
				activityId: activityIds[a]!,
				title: null,
				startsAt: iso(start),
				endsAt: iso(end),
				place: online ? null : random.pick(NATIONAL_PLACES),
				onlineUrl: online ? `https://meet.demo.klok/n-${j + 1}` : null,
				capacity,
				hours: t.hours,
				requiresApproval: approval ? 1 : 0,
				registrationOpensAt: iso(start - 60 * DAY),
				registrationClosesAt: iso(start - 2 * DAY),
				status,
				confirmedCount: seats,
				waitlistCounter: plan.waitlisted,
				sequence: cancelled ? 1 : 0,
				recordingUrl: t.recorded && past ? `https://play.demo.klok/kub/n-${j + 1}` : null,
				cancelledAt: cancelled ? iso(Math.min(start, anchor) - 3 * DAY) : null,
				cancelReason: cancelled ? 'För få anmälda i regionen; ett nytt datum kommer.' : null,
				updatedAt: now
			},
			plan,
			demoTrainer: t.demoTrainer ?? false
		});
	}
	const plans: SessionPlan[] = [];
	const trainerRows: { sessionId: number; personRank: number | null; personId: number | null }[] = [];
	for (let i = 0; i < drafts.length; i += 400) {
		const slice = drafts.slice(i, i + 400);
		const out = await db
			.insertInto('sessions')
			.values(slice.map((d) => d.row))
			.returning(['id', 'startsAt'])
			.execute();
		out.forEach((s, k) => {
			const d = slice[k]!;
			if (s.startsAt !== d.row.startsAt) throw new Error('national demo: RETURNING out of order');
			plans.push({ sessionId: s.id, ...d.plan });
			const demo = d.demoTrainer && random.chance(0.05);
			trainerRows.push(
				demo
					? { sessionId: s.id, personRank: null, personId: trainer }
					: { sessionId: s.id, personRank: random.pick(coTrainers), personId: null }
			);
		});
	}
	await insertSessionPlans(db, plans);
	await insertSessionTrainers(ctx, trainerRows);

	// ---- registrations and 40-20-40 forms, in the database --------------------------------------
	// The kept 40-20-40 totals' triggers rest during the million rows; one grouped fill after.
	await pauseCycleTotals(db, true);
	await insertPlannedRegistrations(db, staffCount, now, [
		DECLINE_REASONS[0]!,
		DECLINE_REASONS[1]!,
		DECLINE_REASONS[2]!
	]);
	await insertPlannedCycleForms(db, now);
	await rebuildCycleTotals(db, programmeId);
	await pauseCycleTotals(db, false);
	// The report cache's triggers on registrations rested too (0026).
	await invalidateReports(db, programmeId);
	await analyzeTables(db, ['registrations', 'cycle_forms', 'cycle_totals']);
	await dropNationalWork(db);
}

/** Trainers: the demo trainer on a few sessions, else one of the co-trainers (by staff rank). */
async function insertSessionTrainers(
	ctx: DemoContext,
	rows: { sessionId: number; personRank: number | null; personId: number | null }[]
): Promise<void> {
	const ranked = ctx.people
		.filter((p) => p.jobCategory !== 'manager' && !Object.values(ctx.loginIds).includes(p.id))
		.map((p) => p.id)
		.sort((a, b) => a - b);
	const values = rows.map((r) => ({
		sessionId: r.sessionId,
		personId: r.personId ?? ranked[r.personRank!]!
	}));
	for (let i = 0; i < values.length; i += 1000)
		await ctx.db
			.insertInto('sessionTrainers')
			.values(values.slice(i, i + 1000))
			.execute();
}

/** Registered in `extensions.ts`, last: it adds to what the others created and changes none of it. */
export const nationalDemo: DemoExtension = {
	name: 'national',
	run: (ctx) => createNationalDemo(ctx)
};
