import { isLocale, translate } from '#lib/i18n/index.ts';
import type { Db } from '../db/database.ts';
import { sendMail, mailOptionsFromConfig, type MailOptions } from '../mail/mail.service.ts';
import { appOrigin } from '../registrations/registrations.service.ts';
import {
	afterDueAt,
	claimNudge,
	ensureCycleForm,
	findNudgeCandidates,
	findRegistrationContexts
} from './cycle.repository.ts';
import { startPeriodicJob } from '../core/periodic.ts';

/**
 * Nudges for overdue follow-ups: an attended registration whose "after" part is not done by
 * its due time gets one e-mail. Like the session reminders (registrations/reminders.ts), each
 * form is claimed by a conditional update (`nudged_at is null`) before the mail is sent, so two
 * instances or overlapping runs never nudge twice.
 */

/** How often the server looks for overdue follow-ups. */
export const NUDGE_INTERVAL_MS = 60 * 60 * 1000;

export interface NudgeOptions {
	mail?: MailOptions;
	/** Base URL for links (defaults to ORIGIN). */
	origin?: string;
}

/** Sends every due nudge once; returns the registration ids this call nudged. */
export async function sendDueNudges(
	db: Db,
	now: Date = new Date(),
	options: NudgeOptions = {}
): Promise<number[]> {
	const nowText = now.toISOString();
	const candidates = await findNudgeCandidates(db, nowText);
	const due = candidates.filter(
		(c) => (c.afterDueAt ?? afterDueAt(c.endsAt, Number(c.followupDays))) < nowText
	);
	if (due.length === 0) return [];

	const ids: number[] = [];
	for (const c of due) {
		if (c.formId === null)
			await ensureCycleForm(db, c.id, afterDueAt(c.endsAt, Number(c.followupDays)), nowText);
		if (await claimNudge(db, c.id, nowText)) ids.push(c.id);
	}
	if (ids.length === 0) return [];

	const origin = (options.origin ?? appOrigin()).replace(/\/+$/, '');
	const mail = options.mail ?? mailOptionsFromConfig();
	for (const ctx of await findRegistrationContexts(db, ids)) {
		try {
			const locale = isLocale(ctx.personLocale)
				? ctx.personLocale
				: isLocale(ctx.defaultLocale)
					? ctx.defaultLocale
					: 'sv';
			const url = `${origin}/cycle/${ctx.registrationId}`;
			await sendMail(
				db,
				{
					to: ctx.personEmail,
					subject: translate(locale, 'cycle.nudge.subject', { title: ctx.title }),
					text: [
						translate(locale, 'cycle.nudge.greeting', { name: ctx.personName }),
						'',
						translate(locale, 'cycle.nudge.body', { title: ctx.title }),
						'',
						`${translate(locale, 'cycle.nudge.link')} ${url}`
					].join('\n'),
					kind: 'cycle.followup',
					personId: ctx.personId,
					programmeId: ctx.programmeId
				},
				mail
			);
		} catch (caught) {
			console.error(`[nudges] follow-up nudge for registration ${ctx.registrationId} failed:`, caught);
		}
	}
	return ids;
}

/**
 * Starts the periodic nudge run in this process (hourly, first run a minute after start).
 * Unref'd; `KLOK_REMINDERS=off` disables it as it does the reminders. Returns a stop function.
 */
export function startNudgeTimer(getDb: () => Db, intervalMs = NUDGE_INTERVAL_MS): () => void {
	return startPeriodicJob(
		'nudges',
		async () => {
			const sent = await sendDueNudges(getDb());
			return sent.length > 0 ? `sent ${sent.length} follow-up nudge(s)` : null;
		},
		{ intervalMs, firstDelayMs: 60_000 }
	);
}
