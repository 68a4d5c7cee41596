import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb, type Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { startSmtpReceiver } from '../mail/smtp-receiver.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	buildNotificationFixture,
	decodeHeader,
	insertRegistration,
	parseMime
} from './notifications.fixtures.ts';
import { reminderHours, sendDueReminders } from './reminders.ts';
import { runOutbox } from '../mail/outbox.service.ts';

let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
beforeAll(async () => {
	receiver = await startSmtpReceiver();
});
afterAll(async () => {
	await receiver.close();
});

it('reads the lead time from KLOK_REMINDER_HOURS, defaulting to 24', () => {
	expect(reminderHours({})).toBe(24);
	expect(reminderHours({ KLOK_REMINDER_HOURS: '48' })).toBe(48);
	expect(reminderHours({ KLOK_REMINDER_HOURS: 'soon' })).toBe(24);
	expect(reminderHours({ KLOK_REMINDER_HOURS: '0' })).toBe(24);
});

describeEachDb('reminders', (ctx) => {
	// A second connection pool on the same database, standing in for a second app instance.
	let other: Db;
	beforeAll(() => {
		other =
			ctx.dialect === 'postgres' ? createDb({ databaseUrl: ctx.url }) : createDb({ sqlitePath: ctx.url });
	});
	afterAll(async () => {
		await other.destroy();
	});

	it('sends each due reminder exactly once, even from two instances at the same time', async () => {
		const soon = await buildNotificationFixture(ctx.db, `rem-soon-${ctx.dialect}`, { startsInHours: 3 });
		const later = await buildNotificationFixture(ctx.db, `rem-later-${ctx.dialect}`, { startsInHours: 72 });
		const due = [
			await insertRegistration(ctx.db, soon.sessionId, soon.swede.id, 'confirmed'),
			await insertRegistration(ctx.db, soon.sessionId, soon.english.id, 'confirmed'),
			await insertRegistration(ctx.db, soon.sessionId, soon.noLocale.id, 'confirmed')
		];
		// Not due: waitlisted, requested, or a session three days away.
		await insertRegistration(ctx.db, soon.sessionId, soon.office.id, 'waitlisted', { waitlistSeq: 1 });
		await insertRegistration(ctx.db, soon.sessionId, soon.manager.id, 'requested');
		await insertRegistration(ctx.db, later.sessionId, later.swede.id, 'confirmed');

		const options = { mail: { smtpUrl: receiver.url, from: 'Klok <klok@example.org>' } };
		const mark = receiver.messages.length;
		const [a, b, c] = await Promise.all([
			sendDueReminders(ctx.db, new Date()),
			sendDueReminders(other, new Date()),
			sendDueReminders(ctx.db, new Date())
		]);
		expect([...a, ...b, ...c].sort((x, y) => x - y)).toEqual(due);
		// Two outbox workers (two instances) send the queued reminders: each exactly once.
		await Promise.all([runOutbox(ctx.db, options), runOutbox(other, options)]);

		const received = receiver.messages.slice(mark);
		expect(received.map((m) => m.to[0]).sort()).toEqual(
			[soon.swede.email, soon.english.email, soon.noLocale.email].sort()
		);
		const outbox = await ctx.db
			.selectFrom('outbox')
			.select(['personId', 'subject'])
			.where('kind', '=', 'registration.reminder')
			.execute();
		expect(outbox).toHaveLength(3);
		const rows = await ctx.db
			.selectFrom('registrations')
			.select(['id', 'reminderSentAt'])
			.where('id', 'in', due)
			.execute();
		expect(rows.every((r) => r.reminderSentAt !== null)).toBe(true);

		// In each person's language: Swedish for Åsa and for the person without a language (programme default).
		const subjectTo = (email: string) =>
			decodeHeader(parseMime(received.find((m) => m.to[0] === email)!.raw).headers.subject!);
		expect(subjectTo(soon.swede.email)).toMatch(/^Påminnelse: /);
		expect(subjectTo(soon.noLocale.email)).toMatch(/^Påminnelse: /);
		expect(subjectTo(soon.english.email)).toMatch(/^Reminder: /);

		// A later run sends nothing new.
		expect(await sendDueReminders(ctx.db, new Date())).toEqual([]);
		await runOutbox(ctx.db, options);
		expect(receiver.messages.length).toBe(mark + 3);

		// The session three days away is reminded once it is within the window.
		const inTwoDays = new Date(Date.now() + 50 * 3_600_000);
		expect(await sendDueReminders(ctx.db, inTwoDays)).toHaveLength(1);
	});

	it('skips cancelled sessions', async () => {
		const f = await buildNotificationFixture(ctx.db, `rem-cancel-${ctx.dialect}`, { startsInHours: 2 });
		await insertRegistration(ctx.db, f.sessionId, f.swede.id, 'confirmed');
		await ctx.db
			.updateTable('sessions')
			.set({ status: 'cancelled', cancelledAt: nowIso() })
			.where('id', '=', f.sessionId)
			.execute();
		expect(await sendDueReminders(ctx.db, new Date())).toEqual([]);
	});
});
