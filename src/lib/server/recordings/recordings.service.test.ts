import { beforeAll, expect, it } from 'vitest';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { parseRange } from '../web/recordings.http.ts';
import {
	addRecording,
	listRecordings,
	publishRecording,
	recordingFile,
	watchRecording
} from './recordings.service.ts';
import { MAX_RECORDING_BYTES } from './recordings.schema.ts';

/** Recordings on both databases: slices read in SQL, consent before publishing, members only, counted views. */

/** A published session of the fixture programme (written straight to the tables). */
async function recordingSession(db: ProgrammeFixtureDb, programmeId: number): Promise<number> {
	const now = nowIso();
	const activity = await db
		.insertInto('activities')
		.values({
			programmeId,
			type: 'lecture',
			learningForm: 'formal',
			title: 'Filmad föreläsning',
			publishedAt: now,
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const session = await db
		.insertInto('sessions')
		.values({
			activityId: activity.id,
			startsAt: '2026-03-01T09:00:00.000Z',
			endsAt: '2026-03-01T11:00:00.000Z',
			capacity: 30,
			hours: 2,
			status: 'done',
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return session.id;
}
type ProgrammeFixtureDb = Parameters<typeof buildProgrammeFixture>[0];

it('parses byte ranges', () => {
	expect(parseRange(null, 100)).toBeNull();
	expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
	expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
	expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
	expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
	expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
	expect(parseRange('bytes=9-3', 100)).toBe('unsatisfiable');
	expect(parseRange('items=0-1', 100)).toBeNull();
});

describeEachDb('recordings', (ctx) => {
	let fx: ProgrammeFixture;
	let office: Actor, participant: Actor, otherOffice: Actor;
	let sessionId: number;
	const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

	beforeAll(async () => {
		fx = await buildProgrammeFixture(ctx.db, 'rec');
		office = (await loadActor(ctx.db, fx.people.office))!;
		participant = (await loadActor(ctx.db, fx.people.participant))!;
		otherOffice = (await loadActor(ctx.db, fx.people.otherOffice))!;
		sessionId = await recordingSession(ctx.db, fx.programmeId);
	});

	it('stores an upload, reads byte slices in SQL, shows it to members only once published', async () => {
		const upload = { name: 'lecture.mp4', type: 'video/mp4', content: bytes };
		await expect(
			addRecording(ctx.db, office, sessionId, { title: 'Föreläsning', publish: 'on' }, upload)
		).rejects.toMatchObject({ status: 422 });
		const rec = await addRecording(ctx.db, office, sessionId, { title: 'Föreläsning' }, upload);
		expect(rec).toMatchObject({ kind: 'upload', size: 1000, published: false, consentNoted: false });
		expect(rec.id).toMatch(/^[\w-]{22}$/);
		// Not published: members do not see it.
		expect((await listRecordings(ctx.db, participant, sessionId)).recordings).toEqual([]);
		await expect(watchRecording(ctx.db, participant, rec.id)).rejects.toBeInstanceOf(AccessDeniedError);
		// No consent noted: cannot be published (the service, and the CHECK constraint below it).
		await expect(publishRecording(ctx.db, office, rec.id, true)).rejects.toMatchObject({ status: 422 });

		const ok = await addRecording(
			ctx.db,
			office,
			sessionId,
			{ title: 'Med samtycke', consent: 'on', publish: 'on' },
			upload
		);
		const file = await recordingFile(ctx.db, participant, ok.id);
		expect(file.size).toBe(1000);
		expect([...(await file.read(0, 10))!]).toEqual([...bytes.slice(0, 10)]);
		expect([...(await file.read(995, 5))!]).toEqual([...bytes.slice(995, 1000)]);
		await watchRecording(ctx.db, participant, ok.id);
		const seen = await watchRecording(ctx.db, participant, ok.id);
		expect(seen.recording.viewCount).toBe(2);
		// Another programme: as if it did not exist.
		await expect(recordingFile(ctx.db, otherOffice, ok.id)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(listRecordings(ctx.db, otherOffice, sessionId)).rejects.toBeInstanceOf(AccessDeniedError);
	});

	it('links a video, and refuses bad input with a message', async () => {
		const linked = await addRecording(ctx.db, office, sessionId, {
			title: 'Länkad',
			url: 'https://video.example.org/kub/1',
			durationMinutes: '45',
			consent: 'on',
			publish: 'on'
		});
		expect(linked).toMatchObject({ kind: 'link', durationSeconds: 2700, published: true });
		const refuse = (
			input: Record<string, unknown>,
			file?: { name: string; type: string; content: Uint8Array }
		) => expect(addRecording(ctx.db, office, sessionId, input, file)).rejects.toMatchObject({ status: 422 });
		await refuse({ title: 'x', url: 'javascript:alert(1)' });
		await refuse({ title: 'x' });
		await refuse(
			{ title: 'x', url: 'https://a.example/v' },
			{ name: 'a.mp4', type: 'video/mp4', content: bytes }
		);
		await refuse({ title: 'x' }, { name: 'a.exe', type: 'application/x-msdownload', content: bytes });
		await refuse(
			{ title: 'x' },
			{ name: 'big.mp4', type: 'video/mp4', content: new Uint8Array(MAX_RECORDING_BYTES + 1) }
		);
		await expect(
			addRecording(ctx.db, participant, sessionId, { title: 'x', url: 'https://a.example/v' })
		).rejects.toBeInstanceOf(AccessDeniedError);
	});
});
