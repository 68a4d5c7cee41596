import type { Db } from '../db/database.ts';
import { queuedNotification } from './notifications.ts';
import { queueMail, wakeOutbox } from '../mail/mail.service.ts';
import { startPeriodicJob } from '../core/periodic.ts';
import { claimReminder, findDueReminders } from './notifications.repository.ts';

/**
 * Reminders before a session. Each confirmed registration gets at most one: the row is claimed
 * with a conditional update (`reminder_sent_at is null`) before the mail is sent, so two app
 * instances (or two overlapping runs) never send the same reminder twice. The claimer queues
 * the message right after; the outbox worker sends it (and retries a failure). Two single-row
 * statements, no transaction: SQLite instances sharing a file cannot upgrade a deferred
 * transaction under contention.
 */

/** Default lead time: sessions starting within this many hours get their reminder. */
export const DEFAULT_REMINDER_HOURS = 24;

/** How often the server looks for due reminders. */
export const REMINDER_INTERVAL_MS = 10 * 60 * 1000;

/** Lead time from KLOK_REMINDER_HOURS (1–336), else 24 hours. */
export function reminderHours(env: Record<string, string | undefined> = process.env): number {
	const value = Number(env.KLOK_REMINDER_HOURS);
	return Number.isFinite(value) && value >= 1 && value <= 336 ? value : DEFAULT_REMINDER_HOURS;
}

export interface ReminderOptions {
	/** Lead time in hours (default `reminderHours()`). */
	hours?: number;
}

/**
 * Sends a reminder for every confirmed registration whose session (not cancelled) starts within
 * the next `hours` and has no reminder yet. Returns the registration ids this call reminded.
 */
export async function sendDueReminders(
	db: Db,
	now: Date = new Date(),
	options: ReminderOptions = {}
): Promise<number[]> {
	const hours = options.hours ?? reminderHours();
	const from = now.toISOString();
	const until = new Date(now.getTime() + hours * 3_600_000).toISOString();
	const due = await findDueReminders(db, from, until);
	if (due.length === 0) return [];

	// Each row is claimed by its own conditional update before its mail goes out: only a row still
	// unmarked is taken. On PostgreSQL a concurrent claimer waits for the row lock, re-checks
	// `reminder_sent_at is null` and finds it set. Single-row statements cannot deadlock.
	const ids: number[] = [];
	for (const { id, programmeId } of due) {
		if (!(await claimReminder(db, id, from))) continue;
		ids.push(id);
		await queueMail(db, [queuedNotification({ registrationId: id, event: 'reminder' }, programmeId)]);
	}
	if (ids.length > 0) await wakeOutbox(db);
	return ids;
}

/**
 * Starts the periodic reminder run in this process (every 10 minutes, first run soon after
 * start). The timer is unref'd so it never keeps the process alive; errors are logged.
 * `KLOK_REMINDERS=off` disables it (e.g. for an instance that should send no mail).
 * Returns a function that stops it.
 */
export function startReminderTimer(getDb: () => Db, intervalMs = REMINDER_INTERVAL_MS): () => void {
	return startPeriodicJob(
		'reminders',
		async () => {
			const sent = await sendDueReminders(getDb());
			return sent.length > 0 ? `sent ${sent.length} reminder(s)` : null;
		},
		{ intervalMs, firstDelayMs: 30_000 }
	);
}
