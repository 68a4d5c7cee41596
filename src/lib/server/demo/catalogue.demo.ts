import { localToUtc } from '../catalogue/timezone.ts';
import type { ActivityType, LearningForm, RegistrationStatus } from '../db/schema.ts';
import type { DemoContext, DemoExtension } from './demo.ts';
import { MANAGER_WORKPLACE_CODE } from './structure.ts';

/**
 * Demo catalogue (issue 3): a year of activities across the five tracks, modelled on the
 * seeds — KLURA's method trainings, seminar series and seminars, BESÖK's course days, KUB's
 * filmed lectures, two study trips, a conference, webinars and an interest-only activity —
 * with sessions from about seven months back to five months ahead, trainers, and registrations
 * of the staff in every state (requested, confirmed, waitlisted, declined, cancelled, attended,
 * absent with hours credited).
 *
 * Deterministic: the extension's seeded PRNG decides everything; dates are offsets from the
 * day the demo is created (UTC midnight), so "past" and "upcoming" make sense whenever it is run.
 *
 * Counter invariants kept for every session (the registrations module relies on them):
 * - `confirmed_count` = registrations that hold a seat = status confirmed + attended + absent
 *   (attendance keeps the seat; requested, waitlisted, declined and cancelled hold none);
 * - `confirmed_count <= capacity`;
 * - `waitlist_counter` = the highest `waitlist_seq` handed out; waitlisted rows have unique
 *   numbers 1..n in arrival order, and only a full session has a waitlist.
 */

const DAY = 86_400_000;
const TIME_ZONE = 'Europe/Stockholm';

/** Track index in DEMO_TRACKS: Lärande, Bemötande, IT, Marknadsföring, Ledarskap. */
type Track = 0 | 1 | 2 | 3 | 4;

export interface Template {
	title: string;
	type: ActivityType;
	form: LearningForm;
	track: Track;
	provider: string;
	description: string;
	cost?: number;
	/** Sessions (day offsets are drawn); 0 = interest only. */
	sessions: number;
	hours: number;
	capacity: [number, number];
	/** Local start time, HH:mm. */
	time: string;
	durationHours: number;
	place?: string;
	online?: boolean;
	approval?: boolean;
	/** Filmed: past sessions get a recording link. */
	recorded?: boolean;
	/** Taught by trainer@demo.klok. */
	demoTrainer?: boolean;
	/** Fixed day offsets instead of drawn ones. */
	days?: number[];
}

export const T: Template[] = [
	// KLURA: method trainings, seminar series, seminars.
	...(
		[
			['Metodträning: lärande samtal', 0],
			['Metodträning: handledning i arbetet', 0],
			['Metodträning: boksamtal med unga', 1],
			['Metodträning: sökstöd och källkritik', 2],
			['Metodträning: lättläst och klarspråk', 1]
		] as const
	).map(([title, track]): Template => ({
		title,
		type: 'method_practice',
		form: 'formal',
		track,
		provider: 'KLURA, Länsbiblioteket Västerbotten',
		description: `<p>${title}: förbered, pröva på din arbetsplats och reflektera tillsammans.</p>`,
		sessions: 2,
		hours: 3,
		capacity: [14, 20],
		time: '09:00',
		durationHours: 3,
		place: 'Länsbiblioteket Västerbotten, Umeå',
		approval: track === 0,
		demoTrainer: true
	})),
	{
		title: 'Seminarieserie: digital delaktighet',
		type: 'seminar_series',
		form: 'development_process',
		track: 2,
		provider: 'KLURA',
		description:
			'<p>Fyra träffar om hur biblioteket stöder digital delaktighet, med uppgifter mellan träffarna.</p>',
		sessions: 4,
		hours: 2,
		capacity: [20, 25],
		time: '13:00',
		durationHours: 2,
		online: true
	},
	{
		title: 'Seminarieserie: att leda lärande',
		type: 'seminar_series',
		form: 'development_process',
		track: 4,
		provider: 'KLURA',
		description: '<p>För chefer och arbetsledare: lärande i vardagen, uppföljning och återkoppling.</p>',
		sessions: 3,
		hours: 2.5,
		capacity: [12, 16],
		time: '13:00',
		durationHours: 2.5,
		place: 'Umeå stadsbibliotek',
		approval: true
	},
	...(
		[
			['Seminarium: meröppna bibliotek', 1],
			['Seminarium: biblioteket i sociala medier', 3],
			['Seminarium: flerspråkiga besökare', 1],
			['Seminarium: bibliotekets roll i demokratin', 0]
		] as const
	).map(([title, track]): Template => ({
		title,
		type: 'seminar',
		form: 'non_formal',
		track,
		provider: 'KLURA',
		description: `<p>${title.replace('Seminarium: ', '')} – inspiration och erfarenhetsutbyte.</p>`,
		sessions: 1,
		hours: 2,
		capacity: [30, 45],
		time: '10:00',
		durationHours: 2,
		place: 'Skellefteå stadsbibliotek'
	})),
	// BESÖK: course days.
	...(
		[
			['Kursdag: bemötande i svåra situationer', 1, 'course_basic'],
			['Kursdag: tillgängligt bibliotek', 1, 'course_basic'],
			['Kursdag: programmering för barn', 2, 'course_advanced'],
			['Kursdag: marknadsföring på en liten budget', 3, 'course_basic']
		] as const
	).map(([title, track, type]): Template => ({
		title,
		type,
		form: 'formal',
		track,
		provider: 'BESÖK',
		description: `<p>${title.replace('Kursdag: ', '')}: en heldag med övningar och fall från biblioteken.</p>`,
		sessions: 2,
		hours: 6,
		capacity: [18, 24],
		time: '09:00',
		durationHours: 7,
		place: 'Luleå stadsbibliotek',
		demoTrainer: track === 1
	})),
	// KUB: formal lectures, filmed for those who could not come.
	...[
		'Föreläsning: läsfrämjande i hela livet',
		'Föreläsning: AI och informationssökning',
		'Föreläsning: upphovsrätt för bibliotek'
	].map((title, i): Template => ({
		title,
		type: 'lecture',
		form: 'formal',
		track: ([0, 2, 2] as const)[i]!,
		provider: 'KUB',
		description: '<p>Föreläsningen filmas; inspelningen läggs ut för dem som inte kunde komma.</p>',
		sessions: 1,
		hours: 1.5,
		capacity: [60, 80],
		time: '14:00',
		durationHours: 1.5,
		place: 'Umeå universitetsbibliotek',
		recorded: true
	})),
	// Study trips, a conference, webinars, learning at work.
	{
		title: 'Studieresa: Dokk1 i Aarhus',
		type: 'study_trip',
		form: 'non_formal',
		track: 1,
		provider: 'KUB',
		description: '<p>Två dagar på Dokk1: öppna ytor, medborgarservice och samarbete med kommunen.</p>',
		cost: 6500,
		sessions: 1,
		hours: 16,
		capacity: [16, 16],
		time: '07:00',
		durationHours: 36,
		place: 'Dokk1, Aarhus',
		approval: true,
		days: [-120]
	},
	{
		title: 'Studieresa: Deichman Bjørvika i Oslo',
		type: 'study_trip',
		form: 'non_formal',
		track: 0,
		provider: 'KUB',
		description: '<p>Studiebesök på Oslos nya huvudbibliotek: lärande miljöer och programverksamhet.</p>',
		cost: 5200,
		sessions: 1,
		hours: 16,
		capacity: [16, 16],
		time: '07:00',
		durationHours: 36,
		place: 'Deichman Bjørvika, Oslo',
		approval: true,
		days: [45]
	},
	{
		title: 'Konferens: Framtidens bibliotek i norr',
		type: 'conference',
		form: 'non_formal',
		track: 4,
		provider: 'Region Norrbotten',
		description: '<p>Årlig konferens för biblioteken i de fyra länen.</p>',
		cost: 900,
		sessions: 1,
		hours: 7,
		capacity: [120, 120],
		time: '09:00',
		durationHours: 8,
		place: 'Kulturens hus, Luleå',
		approval: true,
		days: [-60]
	},
	...[
		'Webbinarium: e-böcker och e-ljudböcker',
		'Webbinarium: nya katalogen',
		'Webbinarium: statistik som berättar'
	].map((title, i): Template => ({
		title,
		type: 'webinar',
		form: 'non_formal',
		track: ([2, 2, 3] as const)[i]!,
		provider: 'KUB',
		description: '<p>En timme online med frågor och svar.</p>',
		sessions: 2,
		hours: 1,
		capacity: [50, 100],
		time: '15:00',
		durationHours: 1,
		online: true
	})),
	{
		title: 'Jobbskugga en kollega på ett annat bibliotek',
		type: 'job_shadowing',
		form: 'development_process',
		track: 0,
		provider: 'KUB',
		description: '<p>En dag med en kollega i ett annat län, med gemensam reflektion efteråt.</p>',
		sessions: 1,
		hours: 7,
		capacity: [6, 6],
		time: '08:30',
		durationHours: 8,
		place: 'Enligt överenskommelse',
		approval: true
	},
	{
		title: 'Kollegialt lärande: språkcaféer',
		type: 'peer_learning',
		form: 'development_process',
		track: 1,
		provider: 'KUB',
		description: '<p>Erfarenhetsutbyte mellan dem som leder språkcaféer.</p>',
		sessions: 2,
		hours: 2,
		capacity: [12, 15],
		time: '15:00',
		durationHours: 2,
		online: true
	},
	{
		title: 'Intresseanmälan: kurs i teckenspråk för bibliotekspersonal',
		type: 'course_basic',
		form: 'formal',
		track: 1,
		provider: 'KUB',
		description: '<p>Vi planerar en kurs om tillräckligt många är intresserade. Anmäl ditt intresse!</p>',
		sessions: 0,
		hours: 0,
		capacity: [0, 0],
		time: '09:00',
		durationHours: 0
	}
];

export const DECLINE_REASONS = [
	'Krockar med schemalagd tjänstgöring den dagen.',
	'Vi har redan två från arbetsplatsen anmälda.',
	'Prioriteras nästa termin enligt vår kompetensplan.'
];

interface SessionDraft {
	key: number;
	template: Template;
	activityIndex: number;
	startsAt: string;
	endsAt: string;
	capacity: number;
	past: boolean;
	status: 'planned' | 'open' | 'cancelled' | 'done';
	requiresApproval: boolean;
	/** This session is filled and has a waitlist. */
	full: boolean;
}

interface RegDraft {
	sessionKey: number;
	personId: number;
	status: RegistrationStatus;
	at: string;
	waitlistSeq: number | null;
	approvedBy: number | null;
	declineReason: string | null;
	hours: number | null;
	markedBy: number | null;
	registeredBy: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = (ms: number) => iso(ms).slice(0, 10);

/** Local start time on the day `offset` days from the anchor, moved off weekends. */
export function startOn(anchor: number, offset: number, time: string): number {
	let day = anchor + offset * DAY;
	const weekday = new Date(day).getUTCDay();
	if (weekday === 6) day += 2 * DAY;
	if (weekday === 0) day += DAY;
	const utc = localToUtc(`${dateOf(day)}T${time}`, TIME_ZONE);
	return Date.parse(utc ?? `${dateOf(day)}T${time}:00Z`);
}

/** Creates the demo catalogue; see the module comment. */
export async function createCatalogueDemo(
	ctx: DemoContext,
	anchor = Date.parse(dateOf(Date.now()))
): Promise<void> {
	const { db, random, programmeId, loginIds } = ctx;
	const now = iso(anchor);
	const office = loginIds['office@demo.klok']!;
	const trainer = loginIds['trainer@demo.klok']!;
	const manager = loginIds['manager@demo.klok']!;
	const participant = loginIds['participant@demo.klok']!;

	// Staff of manager@demo.klok (the workplace and its teams): their requests await that manager.
	const managerUnit = ctx.units.find((u) => u.code === MANAGER_WORKPLACE_CODE)!;
	const teamUnits = new Set([
		managerUnit.id,
		...ctx.units.filter((u) => u.parentId === managerUnit.id).map((u) => u.id)
	]);
	const staff = ctx.people.filter((p) => p.id !== manager && p.id !== office && p.jobCategory !== 'manager');
	const myTeam = staff.filter((p) => p.unitId !== null && teamUnits.has(p.unitId) && p.id !== participant);
	const coTrainers = [0, 1, 2].map(() => random.pick(staff).id);

	// ---- activities ------------------------------------------------------------------------
	const activityRows = T.map((t) => ({
		programmeId,
		trackId: ctx.tracks[t.track]?.id ?? null,
		type: t.type,
		learningForm: t.form,
		title: t.title,
		descriptionHtml: t.description,
		provider: t.provider,
		cost: t.cost ?? null,
		targetJobCategories: t.track === 4 ? JSON.stringify(['manager']) : '[]',
		targetUnitIds: '[]',
		interestOnly: t.sessions === 0 ? 1 : 0,
		publishedAt: iso(anchor - 240 * DAY),
		archivedAt: null,
		createdBy: office,
		updatedAt: now
	}));
	const activities = await db
		.insertInto('activities')
		.values(activityRows)
		.returning(['id', 'title'])
		.execute();
	activities.forEach((a, i) => {
		if (a.title !== activityRows[i]!.title) throw new Error('catalogue demo: RETURNING out of order');
	});

	// Interest in the interest-only activity.
	const interestIndex = T.findIndex((t) => t.sessions === 0);
	const interested = [
		participant,
		...myTeam.slice(0, 4).map((p) => p.id),
		...[0, 1, 2, 3, 4, 5].map(() => random.pick(staff).id)
	];
	await db
		.insertInto('activityInterests')
		.values(
			[...new Set(interested)].map((personId, i) => ({
				activityId: activities[interestIndex]!.id,
				personId,
				comment: i === 0 ? 'Vi har flera döva besökare på vår filial.' : null
			}))
		)
		.execute();

	// ---- sessions ----------------------------------------------------------------------------
	const drafts: SessionDraft[] = [];
	T.forEach((t, activityIndex) => {
		if (t.sessions === 0) return;
		// A series meets every three weeks; other activities are spread over the year.
		const first = t.days?.[0] ?? random.int(-210, t.sessions > 2 ? 60 : 150);
		for (let k = 0; k < t.sessions; k++) {
			const offset =
				t.days?.[k] ?? (t.sessions > 2 ? first + 21 * k : k === 0 ? first : random.int(-210, 150));
			const start = startOn(anchor, offset, t.time);
			const past = start < anchor;
			drafts.push({
				key: drafts.length,
				template: t,
				activityIndex,
				startsAt: iso(start),
				endsAt: iso(start + t.durationHours * 3_600_000),
				capacity: random.int(t.capacity[0], t.capacity[1]),
				past,
				status: past ? 'done' : offset > 130 ? 'planned' : 'open',
				requiresApproval: t.approval ?? false,
				full: false
			});
		}
	});
	// Make sure the showcase states exist: one cancelled and one full (with a waitlist) upcoming
	// session without approval, and upcoming approval sessions for the requests.
	const upcomingOpen = drafts.filter((d) => d.status === 'open' && !d.requiresApproval && d.capacity <= 30);
	const cancelled = upcomingOpen[0]!;
	cancelled.status = 'cancelled';
	const full = upcomingOpen[1]!;
	full.full = true;
	full.capacity = 12;

	const sessionRows = drafts.map((d) => ({
		activityId: activities[d.activityIndex]!.id,
		title:
			d.template.sessions > 1
				? `Träff ${drafts.filter((x) => x.activityIndex === d.activityIndex && x.key <= d.key).length}`
				: null,
		startsAt: d.startsAt,
		endsAt: d.endsAt,
		place: d.template.online ? null : (d.template.place ?? null),
		onlineUrl: d.template.online ? `https://meet.demo.klok/${d.activityIndex + 1}-${d.key + 1}` : null,
		capacity: d.capacity,
		hours: d.template.hours,
		requiresApproval: d.requiresApproval ? 1 : 0,
		registrationOpensAt: iso(Date.parse(d.startsAt) - 60 * DAY),
		registrationClosesAt: iso(Date.parse(d.startsAt) - 2 * DAY),
		status: d.status,
		// Filled in after the registrations below, from the rows actually inserted.
		confirmedCount: 0,
		waitlistCounter: 0,
		sequence: d.status === 'cancelled' ? 1 : 0,
		recordingUrl:
			d.template.recorded && d.past ? `https://play.demo.klok/kub/${d.activityIndex + 1}-${d.key + 1}` : null,
		cancelledAt: d.status === 'cancelled' ? iso(anchor - 3 * DAY) : null,
		cancelReason: d.status === 'cancelled' ? 'Föreläsaren är sjuk; ett nytt datum kommer.' : null,
		updatedAt: now
	}));
	const sessions = await db
		.insertInto('sessions')
		.values(sessionRows)
		.returning(['id', 'startsAt'])
		.execute();
	sessions.forEach((s, i) => {
		if (s.startsAt !== sessionRows[i]!.startsAt) throw new Error('catalogue demo: RETURNING out of order');
	});
	const sessionId = (d: SessionDraft) => sessions[d.key]!.id;

	const trainerRows = drafts.flatMap((d) => {
		const ids = new Set<number>();
		if (d.template.demoTrainer) ids.add(trainer);
		if (d.template.type === 'lecture' || d.template.type === 'seminar' || !d.template.demoTrainer)
			ids.add(coTrainers[d.key % coTrainers.length]!);
		return [...ids].map((personId) => ({ sessionId: sessionId(d), personId }));
	});
	await db.insertInto('sessionTrainers').values(trainerRows).execute();

	// ---- registrations -------------------------------------------------------------------------
	const regs: RegDraft[] = [];
	const taken = new Set<string>();
	const add = (
		d: SessionDraft,
		personId: number,
		status: RegistrationStatus,
		extra: Partial<RegDraft> = {}
	) => {
		const k = `${d.key}:${personId}`;
		if (taken.has(k)) return false;
		taken.add(k);
		const start = Date.parse(d.startsAt);
		const at = iso(
			Math.min(start - random.int(3, 40) * DAY, anchor - random.int(1, 20) * DAY) +
				random.int(0, 36_000) * 1000
		);
		regs.push({
			sessionKey: d.key,
			personId,
			status,
			at,
			waitlistSeq: null,
			approvedBy: d.requiresApproval && status !== 'requested' && status !== 'declined' ? manager : null,
			declineReason: null,
			hours: null,
			markedBy: null,
			registeredBy: null,
			...extra
		});
		return true;
	};
	const attendance = (d: SessionDraft, present: boolean): Partial<RegDraft> => ({
		hours: present ? d.template.hours : 0,
		markedBy: d.template.demoTrainer ? trainer : office
	});

	// participant@demo.klok: attended past sessions, an absence, a confirmed and a requested upcoming one.
	const past = drafts.filter((d) => d.past);
	const upcoming = drafts.filter((d) => !d.past && d.status === 'open' && !d.full);
	for (const d of past.filter((d) => d.capacity >= 12).slice(0, 5))
		add(d, participant, 'attended', attendance(d, true));
	const missed = past.find((d) => d.capacity >= 12 && !taken.has(`${d.key}:${participant}`));
	if (missed) add(missed, participant, 'absent', attendance(missed, false));
	const mine = upcoming.find((d) => !d.requiresApproval);
	if (mine) add(mine, participant, 'confirmed');
	const awaiting = upcoming.find((d) => d.requiresApproval);
	if (awaiting) add(awaiting, participant, 'requested');
	add(cancelled, participant, 'confirmed'); // kept as is: the session itself is cancelled

	// Everyone else: a share of the capacity per session, in the states that fit its time.
	for (const d of drafts) {
		const pool = d.requiresApproval && !d.past ? [...myTeam, ...staff] : staff;
		const already = regs.filter(
			(r) => r.sessionKey === d.key && ['confirmed', 'attended', 'absent'].includes(r.status)
		).length;
		const target = d.full
			? d.capacity
			: Math.min(d.capacity, Math.round(d.capacity * (0.4 + random.next() * 0.5)));
		let seats = already;
		let guard = 0;
		while (seats < target && guard++ < 1000) {
			const person = random.pick(pool).id;
			if (d.past) {
				const present = random.chance(0.87);
				if (add(d, person, present ? 'attended' : 'absent', attendance(d, present))) seats++;
			} else if (d.requiresApproval && d.status === 'open' && random.chance(0.35)) {
				add(d, person, 'requested');
			} else if (add(d, person, 'confirmed')) seats++;
		}
		// A few who changed their minds, and declined requests with a reason.
		for (let k = random.int(0, 2); k > 0; k--) add(d, random.pick(staff).id, 'cancelled');
		if (d.requiresApproval)
			for (let k = random.int(1, 2); k > 0; k--)
				add(d, random.pick(pool).id, 'declined', { declineReason: random.pick(DECLINE_REASONS) });
		if (d.full) {
			let seq = 0;
			for (let k = 0; k < 5; k++)
				if (add(d, random.pick(staff).id, 'waitlisted', { waitlistSeq: seq + 1 })) seq++;
		}
	}
	// Manager's own staff waiting for approval (so /approvals has a queue for manager@demo.klok).
	const approvalSessions = upcoming.filter((d) => d.requiresApproval);
	myTeam.slice(0, 8).forEach((p, i) => {
		if (approvalSessions.length > 0) add(approvalSessions[i % approvalSessions.length]!, p.id, 'requested');
	});

	// Waitlist numbers and timestamps in arrival order.
	regs.sort((a, b) => a.sessionKey - b.sessionKey || a.at.localeCompare(b.at) || a.personId - b.personId);
	const waitCounter = new Map<number, number>();
	for (const r of regs)
		if (r.status === 'waitlisted') {
			const next = (waitCounter.get(r.sessionKey) ?? 0) + 1;
			waitCounter.set(r.sessionKey, next);
			r.waitlistSeq = next;
		}

	const rows = regs.map((r) => {
		const d = drafts[r.sessionKey]!;
		const later = (ms: number) => iso(Date.parse(r.at) + ms);
		const seatHolder = r.status === 'confirmed' || r.status === 'attended' || r.status === 'absent';
		const decidedAt = d.requiresApproval ? later(DAY) : r.at;
		return {
			sessionId: sessionId(d),
			personId: r.personId,
			status: r.status,
			waitlistSeq: r.waitlistSeq,
			requestedAt: d.requiresApproval ? r.at : null,
			approvedAt: r.approvedBy !== null ? decidedAt : null,
			approvedBy: r.approvedBy,
			declinedAt: r.status === 'declined' ? decidedAt : null,
			declineReason: r.declineReason,
			confirmedAt: seatHolder ? decidedAt : null,
			waitlistedAt: r.status === 'waitlisted' ? r.at : null,
			cancelledAt: r.status === 'cancelled' ? later(2 * DAY) : null,
			attendanceMarkedAt: r.markedBy !== null ? iso(Date.parse(d.endsAt) + 3_600_000) : null,
			attendanceMarkedBy: r.markedBy,
			hoursCredited: r.hours,
			registeredBy: r.registeredBy,
			reminderSentAt: d.past && seatHolder ? iso(Date.parse(d.startsAt) - DAY) : null,
			updatedAt: now
		};
	});
	for (let i = 0; i < rows.length; i += 200)
		await db
			.insertInto('registrations')
			.values(rows.slice(i, i + 200))
			.execute();

	// Counters from the rows actually inserted (see the invariants in the module comment).
	for (const d of drafts) {
		const held = regs.filter(
			(r) =>
				r.sessionKey === d.key &&
				(r.status === 'confirmed' || r.status === 'attended' || r.status === 'absent')
		).length;
		const waited = waitCounter.get(d.key) ?? 0;
		if (held > d.capacity) throw new Error(`catalogue demo: session ${d.key} overbooked`);
		if (held === 0 && waited === 0) continue;
		await db
			.updateTable('sessions')
			.set({ confirmedCount: held, waitlistCounter: waited })
			.where('id', '=', sessionId(d))
			.execute();
	}
}

/** Registered in `extensions.ts`. */
export const catalogueDemo: DemoExtension = {
	name: 'catalogue',
	run: (ctx) => createCatalogueDemo(ctx)
};
