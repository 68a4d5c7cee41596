import { afterAll, beforeAll, expect, it } from 'vitest';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	addMaterial,
	archiveActivity,
	CatalogueError,
	cancelSession,
	createActivity,
	createSession,
	expressInterest,
	getActivity,
	getMaterialFile,
	getSession,
	listActivities,
	listCatalogue,
	listInterest,
	sessionContext,
	publishActivity,
	unpublishActivity,
	updateActivity,
	updateSession
} from './catalogue.service.ts';
import { catalogueQuerySchema } from './catalogue.schema.ts';
import { sessionEffects } from './effects.ts';

/** Local date-time `days` from now at 10:00, in the programme zone's notation. */
function localDay(days: number, time = '10:00'): string {
	return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10) + 'T' + time;
}

async function expectRule(p: Promise<unknown>, field: string): Promise<CatalogueError> {
	try {
		await p;
	} catch (e) {
		expect(e).toBeInstanceOf(CatalogueError);
		expect((e as CatalogueError).fieldNames).toContain(field);
		return e as CatalogueError;
	}
	throw new Error('expected a CatalogueError on ' + field);
}

describeEachDb('catalogue service', (ctx) => {
	let f: ProgrammeFixture;
	let office: Actor;
	let participant: Actor;
	let managerB: Actor;
	let otherOffice: Actor;
	let trackA: number;
	let trackB: number;
	const calls: string[] = [];
	const original = { ...sessionEffects };

	beforeAll(async () => {
		f = await buildProgrammeFixture(ctx.db, 'cat');
		const actor = async (id: number) => (await loadActor(ctx.db, id)) as Actor;
		office = await actor(f.people.office);
		participant = await actor(f.people.participant);
		managerB = await actor(f.people.managerB);
		otherOffice = await actor(f.people.otherOffice);
		const track = async (name: string) =>
			(
				await ctx.db
					.insertInto('tracks')
					.values({ programmeId: f.programmeId, name })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		trackA = await track('Learning');
		trackB = await track('IT');
		sessionEffects.notifySessionCancelled = async (_db, id) => void calls.push(`cancelled:${id}`);
		sessionEffects.notifySessionChanged = async (_db, id) => void calls.push(`changed:${id}`);
		sessionEffects.fillFreeSeats = async (_db, id) => void calls.push(`fill:${id}`);
	});
	afterAll(() => Object.assign(sessionEffects, original));

	const baseActivity = () => ({
		title: 'Method course',
		type: 'method_practice',
		learningForm: 'formal',
		trackId: trackA,
		provider: 'County library',
		cost: 0,
		descriptionHtml:
			'<p>Hello <script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:x()">x</a></p>'
	});
	const baseSession = (over: Record<string, unknown> = {}) => ({
		startsAt: localDay(10, '09:00'),
		endsAt: localDay(10, '12:00'),
		place: 'Main library',
		capacity: 10,
		hours: 3,
		...over
	});

	it('creates an unpublished activity with a sanitised description, audited', async () => {
		const a = await createActivity(ctx.db, office, f.programmeId, baseActivity());
		expect(a.status).toBe('draft');
		expect(a.descriptionHtml).not.toMatch(/script|onerror|javascript/i);
		expect(a.descriptionHtml).toContain('Hello');
		const audit = await ctx.db
			.selectFrom('auditLog')
			.selectAll()
			.where('entityType', '=', 'activity')
			.where('entityId', '=', a.id)
			.execute();
		expect(audit.map((r) => r.action)).toEqual(['create']);
	});

	it('refuses participants and other programmes creating or changing activities', async () => {
		await expect(createActivity(ctx.db, participant, f.programmeId, baseActivity())).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		const a = await createActivity(ctx.db, office, f.programmeId, baseActivity());
		await expect(updateActivity(ctx.db, participant, a.id, { title: 'X' })).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		await expect(updateActivity(ctx.db, otherOffice, a.id, { title: 'X' })).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		await expect(createSession(ctx.db, participant, a.id, baseSession())).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		expect((await getActivity(ctx.db, office, a.id)).activity.title).toBe('Method course');
	});

	it('validates activities: negative cost, unknown track, bad type', async () => {
		await expectRule(createActivity(ctx.db, office, f.programmeId, { ...baseActivity(), cost: -1 }), 'cost');
		await expectRule(
			createActivity(ctx.db, office, f.programmeId, { ...baseActivity(), trackId: 999999 }),
			'trackId'
		);
		await expectRule(
			createActivity(ctx.db, office, f.programmeId, { ...baseActivity(), type: 'party' }),
			'type'
		);
	});

	it('hides unpublished and archived activities and their sessions from participants (404)', async () => {
		const a = await createActivity(ctx.db, office, f.programmeId, baseActivity());
		const s = await createSession(ctx.db, office, a.id, baseSession());
		await expect(getActivity(ctx.db, participant, a.id)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(getSession(ctx.db, participant, s.id)).rejects.toBeInstanceOf(AccessDeniedError);
		await publishActivity(ctx.db, office, a.id);
		expect((await getSession(ctx.db, participant, s.id)).session.id).toBe(s.id);
		await unpublishActivity(ctx.db, office, a.id);
		await expect(getSession(ctx.db, participant, s.id)).rejects.toBeInstanceOf(AccessDeniedError);
		await publishActivity(ctx.db, office, a.id);
		await archiveActivity(ctx.db, office, a.id);
		await expect(getActivity(ctx.db, participant, a.id)).rejects.toBeInstanceOf(AccessDeniedError);
		const list = await listActivities(ctx.db, office, f.programmeId, {
			status: 'archived',
			page: 1,
			pageSize: 50
		});
		expect(list.data.map((x) => x.id)).toContain(a.id);
	});

	it('unknown ids are refused like refused ones', async () => {
		await expect(getSession(ctx.db, office, 999999)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(getActivity(ctx.db, office, 999999)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(updateSession(ctx.db, office, 999999, { capacity: 1 })).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		await expect(cancelSession(ctx.db, office, 999999, { reason: 'x' })).rejects.toBeInstanceOf(
			AccessDeniedError
		);
		expect(await sessionContext(ctx.db, 999999)).toBeNull();
		// Admins may do anything, yet an unknown id is still "not found", never a crash.
		const admin = (await loadActor(ctx.db, f.people.admin)) as Actor;
		await expect(getSession(ctx.db, admin, 999999)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(getActivity(ctx.db, admin, 999999)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(getMaterialFile(ctx.db, admin, 999999)).rejects.toBeInstanceOf(AccessDeniedError);
	});

	it('stores session times as UTC from the programme time zone, across DST', async () => {
		const a = await createActivity(ctx.db, office, f.programmeId, baseActivity());
		const summer = await createSession(
			ctx.db,
			office,
			a.id,
			baseSession({ startsAt: '2030-06-10T09:00', endsAt: '2030-06-10T12:00' })
		);
		expect(summer.startsAt).toBe('2030-06-10T07:00:00.000Z');
		expect(summer.startsAtLocal).toBe('2030-06-10T09:00');
		const winter = await createSession(
			ctx.db,
			office,
			a.id,
			baseSession({ startsAt: '2030-01-10T09:00', endsAt: '2030-01-10T12:00' })
		);
		expect(winter.startsAt).toBe('2030-01-10T08:00:00.000Z');
		// 31 March 2030, 02:30 does not exist in Stockholm.
		const e = await expectRule(
			createSession(
				ctx.db,
				office,
				a.id,
				baseSession({ startsAt: '2030-03-31T02:30', endsAt: '2030-03-31T05:00' })
			),
			'startsAt'
		);
		expect(e.keyFor('startsAt')).toBe('catalogue.error.dstGap');
		const ctxRow = await sessionContext(ctx.db, summer.id);
		expect(ctxRow?.timeZone).toBe('Europe/Stockholm');
		expect(ctxRow?.programmeId).toBe(f.programmeId);
	});

	it('refuses bad sessions: end before start, negative hours and capacity, bad link, bad window', async () => {
		const a = await createActivity(ctx.db, office, f.programmeId, baseActivity());
		const before = await ctx.db
			.selectFrom('sessions')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		await expectRule(
			createSession(ctx.db, office, a.id, baseSession({ endsAt: localDay(10, '08:00') })),
			'endsAt'
		);
		await expectRule(createSession(ctx.db, office, a.id, baseSession({ hours: -1 })), 'hours');
		// Every problem at once: a field error and a cross-field rule.
		const both = await expectRule(
			createSession(
				ctx.db,
				office,
				a.id,
				baseSession({ hours: -1, place: '', endsAt: localDay(10, '08:00') })
			),
			'hours'
		);
		expect(both.fieldNames.sort()).toEqual(['endsAt', 'hours', 'place']);
		await expectRule(createSession(ctx.db, office, a.id, baseSession({ capacity: -5 })), 'capacity');
		await expectRule(createSession(ctx.db, office, a.id, baseSession({ capacity: 1.5 })), 'capacity');
		await expectRule(
			createSession(ctx.db, office, a.id, baseSession({ place: null, onlineUrl: 'javascript:alert(1)' })),
			'onlineUrl'
		);
		await expectRule(createSession(ctx.db, office, a.id, baseSession({ place: '' })), 'place');
		await expectRule(
			createSession(ctx.db, office, a.id, baseSession({ registrationClosesAt: localDay(11) })),
			'registrationClosesAt'
		);
		await expectRule(
			createSession(
				ctx.db,
				office,
				a.id,
				baseSession({ registrationOpensAt: localDay(5), registrationClosesAt: localDay(4) })
			),
			'registrationClosesAt'
		);
		await expectRule(
			createSession(ctx.db, office, a.id, baseSession({ trainerIds: [f.people.inOther] })),
			'trainerIds'
		);
		const after = await ctx.db
			.selectFrom('sessions')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
	});

	it('refuses a capacity below the confirmed seats and changes nothing', async () => {
		const a = await createActivity(ctx.db, office, f.programmeId, baseActivity());
		const s = await createSession(ctx.db, office, a.id, baseSession({ capacity: 5 }));
		const now = nowIso();
		for (const personId of [f.people.inA, f.people.inB, f.people.inTeam])
			await ctx.db
				.insertInto('registrations')
				.values({ sessionId: s.id, personId, status: 'confirmed', confirmedAt: now, updatedAt: now })
				.execute();
		await ctx.db.updateTable('sessions').set({ confirmedCount: 3 }).where('id', '=', s.id).execute();
		const e = await expectRule(
			updateSession(ctx.db, office, s.id, { capacity: 2, place: 'Elsewhere' }),
			'capacity'
		);
		expect(e.fieldErrors('en').capacity?.[0]).toContain('3');
		expect(e.fieldErrors('sv').capacity?.[0]).toContain('3');
		const row = await ctx.db
			.selectFrom('sessions')
			.selectAll()
			.where('id', '=', s.id)
			.executeTakeFirstOrThrow();
		expect(Number(row.capacity)).toBe(5);
		expect(row.place).toBe('Main library');
		expect(Number(row.sequence)).toBe(0);
		// Equal to the confirmed count is fine.
		const ok = await updateSession(ctx.db, office, s.id, { capacity: 3 });
		expect(ok.capacity).toBe(3);
		expect(ok.state).toBe('full');
	});

	it('changes of time or place raise SEQUENCE and notify; raising capacity fills seats', async () => {
		const a = await createActivity(ctx.db, office, f.programmeId, baseActivity());
		const s = await createSession(ctx.db, office, a.id, baseSession({ trainerIds: [f.people.trainer] }));
		expect(s.trainers.map((t) => t.id)).toEqual([f.people.trainer]);
		calls.length = 0;
		const moved = await updateSession(ctx.db, office, s.id, { startsAt: localDay(10, '10:00') });
		expect(moved.sequence).toBe(1);
		expect(calls).toEqual([`changed:${s.id}`]);
		calls.length = 0;
		const bigger = await updateSession(ctx.db, office, s.id, { capacity: 20, hours: 2.5 });
		expect(bigger.sequence).toBe(1);
		expect(bigger.hours).toBe(2.5);
		expect(calls).toEqual([`fill:${s.id}`]);
		const audit = await ctx.db
			.selectFrom('auditLog')
			.select('action')
			.where('entityType', '=', 'session')
			.where('entityId', '=', s.id)
			.execute();
		expect(audit.map((r) => r.action)).toEqual(['create', 'update', 'update']);
	});

	it('cancelling keeps the session and registrations, bumps SEQUENCE and notifies', async () => {
		const a = await createActivity(ctx.db, office, f.programmeId, baseActivity());
		const s = await createSession(ctx.db, office, a.id, baseSession());
		const now = nowIso();
		await ctx.db
			.insertInto('registrations')
			.values({
				sessionId: s.id,
				personId: f.people.inA,
				status: 'confirmed',
				confirmedAt: now,
				updatedAt: now
			})
			.execute();
		await ctx.db.updateTable('sessions').set({ confirmedCount: 1 }).where('id', '=', s.id).execute();
		calls.length = 0;
		await expectRule(cancelSession(ctx.db, office, s.id, { reason: '' }), 'reason');
		const c = await cancelSession(ctx.db, office, s.id, { reason: 'Trainer ill' });
		expect(c.status).toBe('cancelled');
		expect(c.state).toBe('cancelled');
		expect(c.sequence).toBe(1);
		expect(c.cancelReason).toBe('Trainer ill');
		expect(c.cancelledAt).not.toBeNull();
		expect(calls).toEqual([`cancelled:${s.id}`]);
		const regs = await ctx.db
			.selectFrom('registrations')
			.select('status')
			.where('sessionId', '=', s.id)
			.execute();
		expect(regs).toEqual([{ status: 'confirmed' }]);
		await expectRule(cancelSession(ctx.db, office, s.id, { reason: 'again' }), '_form');
		await expectRule(updateSession(ctx.db, office, s.id, { capacity: 50 }), '_form');
	});

	it('lists the catalogue with filters, free seats and the actor’s own state', async () => {
		const t = 'flt' + Math.random().toString(36).slice(2, 6);
		const mk = async (over: Record<string, unknown>) => {
			const a = await createActivity(ctx.db, office, f.programmeId, {
				...baseActivity(),
				...over,
				title: `${t} ${String(over.title)}`
			});
			await publishActivity(ctx.db, office, a.id);
			return a;
		};
		const lecture = await mk({
			title: 'lecture',
			type: 'lecture',
			trackId: trackB,
			learningForm: 'non_formal'
		});
		const course = await mk({ title: 'course', targetJobCategories: ['manager'] });
		const draft = await createActivity(ctx.db, office, f.programmeId, {
			...baseActivity(),
			title: `${t} draft`
		});
		const online = await createSession(
			ctx.db,
			office,
			lecture.id,
			baseSession({
				place: null,
				onlineUrl: 'https://meet.example.org/x',
				startsAt: localDay(20),
				endsAt: localDay(20, '11:00')
			})
		);
		const onSite = await createSession(ctx.db, office, course.id, baseSession({ capacity: 1 }));
		await createSession(ctx.db, office, draft.id, baseSession());
		await ctx.db.updateTable('sessions').set({ confirmedCount: 1 }).where('id', '=', onSite.id).execute();
		const q = (over: Record<string, string> = {}) =>
			listCatalogue(ctx.db, participant, f.programmeId, catalogueQuerySchema.parse({ q: t, ...over }));

		expect((await q()).data.map((s) => s.id)).toEqual([onSite.id, online.id]);
		expect((await q({ trackId: String(trackB) })).data.map((s) => s.id)).toEqual([online.id]);
		expect((await q({ type: 'method_practice' })).data.map((s) => s.id)).toEqual([onSite.id]);
		expect((await q({ learningForm: 'non_formal' })).data.map((s) => s.id)).toEqual([online.id]);
		expect((await q({ mode: 'online' })).data.map((s) => s.id)).toEqual([online.id]);
		expect((await q({ mode: 'place' })).data.map((s) => s.id)).toEqual([onSite.id]);
		expect((await q({ freeSeats: 'true' })).data.map((s) => s.id)).toEqual([online.id]);
		// The participant is a librarian; the course targets managers.
		expect((await q({ forMyJob: 'true' })).data.map((s) => s.id)).toEqual([online.id]);
		const from = localDay(15).slice(0, 10);
		expect((await q({ from })).data.map((s) => s.id)).toEqual([online.id]);
		expect((await q({ to: from })).data.map((s) => s.id)).toEqual([onSite.id]);
		const all = await q();
		const full = all.data.find((s) => s.id === onSite.id)!;
		expect(full.state).toBe('full');
		expect(full.freeSeats).toBe(0);
		expect(all.data.find((s) => s.id === online.id)!.freeSeats).toBe(10);
		expect(all.total).toBe(2);
		const paged = await q({ pageSize: '1', page: '2' });
		expect(paged.data.map((s) => s.id)).toEqual([online.id]);
		expect(paged.total).toBe(2);
	});

	it('collects interest on interest-only activities: office sees all, managers their staff', async () => {
		const a = await createActivity(ctx.db, office, f.programmeId, {
			...baseActivity(),
			title: 'Study trip to Aarhus',
			type: 'study_trip',
			interestOnly: true
		});
		await expect(expressInterest(ctx.db, participant, a.id)).rejects.toBeInstanceOf(AccessDeniedError);
		await publishActivity(ctx.db, office, a.id);
		await expressInterest(ctx.db, participant, a.id, { comment: 'Yes please' });
		await expressInterest(ctx.db, participant, a.id, { comment: 'Yes please' });
		const inA = (await loadActor(ctx.db, f.people.inA)) as Actor;
		await expressInterest(ctx.db, inA, a.id);
		const catalogue = await listCatalogue(
			ctx.db,
			participant,
			f.programmeId,
			catalogueQuerySchema.parse({ q: 'Aarhus' })
		);
		expect(catalogue.interest.map((x) => [x.id, x.interested])).toEqual([[a.id, true]]);
		expect((await listInterest(ctx.db, office, a.id)).map((r) => r.personId).sort()).toEqual(
			[f.people.participant, f.people.inA].sort()
		);
		// Manager B manages workplace B (the participant's), not workplace A.
		expect((await listInterest(ctx.db, managerB, a.id)).map((r) => [r.personId, r.comment])).toEqual([
			[f.people.participant, 'Yes please']
		]);
		await expect(listInterest(ctx.db, participant, a.id)).rejects.toBeInstanceOf(AccessDeniedError);
		const dated = await createActivity(ctx.db, office, f.programmeId, baseActivity());
		await publishActivity(ctx.db, office, dated.id);
		await expectRule(expressInterest(ctx.db, participant, dated.id), '_form');
	});

	it('stores materials with type and size limits; readers of the activity download them', async () => {
		const a = await createActivity(ctx.db, office, f.programmeId, baseActivity());
		const pdf = new TextEncoder().encode('%PDF-1.4 test');
		const m = await addMaterial(ctx.db, office, a.id, {
			name: '../../etc/Slides.pdf',
			type: 'application/pdf',
			content: pdf
		});
		expect(m.fileName).toBe('Slides.pdf');
		expect(m.size).toBe(pdf.byteLength);
		await expectRule(
			addMaterial(ctx.db, office, a.id, { name: 'x.exe', type: 'application/x-msdownload', content: pdf }),
			'file'
		);
		await expectRule(
			addMaterial(ctx.db, office, a.id, {
				name: 'big.pdf',
				type: 'application/pdf',
				content: new Uint8Array(20 * 1024 * 1024 + 1)
			}),
			'file'
		);
		await expect(
			addMaterial(ctx.db, participant, a.id, { name: 'a.txt', type: 'text/plain', content: pdf })
		).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(getMaterialFile(ctx.db, participant, m.id)).rejects.toBeInstanceOf(AccessDeniedError);
		await publishActivity(ctx.db, office, a.id);
		const file = await getMaterialFile(ctx.db, participant, m.id);
		expect(file.contentType).toBe('application/pdf');
		expect(new TextDecoder().decode(file.content)).toBe('%PDF-1.4 test');
		await expect(getMaterialFile(ctx.db, participant, 999999)).rejects.toBeInstanceOf(AccessDeniedError);
	});
});
