import { recordAudit } from '../audit/audit.service.ts';
import { startPeriodicJob } from '../core/periodic.ts';
import type { Db } from '../db/database.ts';
import { logbookRetention } from '../logbook/personal-data.service.ts';
import { countInactivePeople, inactivePeople } from '../people/personal-data.service.ts';
import { authorize, type Actor } from '../policy/policy.ts';
import { surveyRawRetention } from '../surveys/personal-data.service.ts';
import { eraseForRetention } from './privacy.service.ts';
import {
	programmesWithRetention,
	saveSettings,
	settingsOf,
	type PrivacySettingsRow
} from './privacy.repository.ts';
import { RetentionRuleError, retentionSchema } from './privacy.schema.ts';

/**
 * Retention: per programme, logbook entries go N months after the programme ends, people
 * deactivated N years ago are erased (anonymised, their counts kept), and raw survey answers
 * of surveys closed N months ago are dropped (results live on in survey_result_counts). Run
 * by a scheduled job and `klok retention run [--dry-run]`; a dry run only counts.
 */

export type RetentionSettings = Omit<PrivacySettingsRow, 'programmeId'>;

export async function getRetentionSettings(
	db: Db,
	actor: Actor,
	programmeId: number
): Promise<RetentionSettings> {
	authorize(actor, 'manageRetention', { type: 'programmeAdmin', programmeId });
	const { programmeId: _, ...rest } = await settingsOf(db, programmeId);
	return rest;
}

export async function updateRetentionSettings(db: Db, actor: Actor, programmeId: number, input: unknown) {
	authorize(actor, 'manageRetention', { type: 'programmeAdmin', programmeId });
	const parsed = retentionSchema.safeParse(input);
	if (!parsed.success) throw new RetentionRuleError({}, parsed.error);
	await db.transaction().execute(async (trx) => {
		const before = await settingsOf(trx, programmeId);
		await saveSettings(trx, { programmeId, ...parsed.data });
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'privacySettings',
			entityId: programmeId,
			before: { ...before, updatedAt: undefined },
			after: parsed.data
		});
	});
}

export interface RetentionLine {
	programmeId: number;
	rule: 'logbook' | 'inactive' | 'surveyRaw';
	/** The instant (or date) before which the rule applies. */
	cutoff: string;
	/** Rows (entries, people, responses) that go (dry run: would go). */
	count: number;
}

function monthsAgo(now: Date, months: number): Date {
	const d = new Date(now);
	d.setUTCMonth(d.getUTCMonth() - months);
	return d;
}

const BATCH = 200;

/** Applies (or, dry run, counts) every programme's rules; `programmeId` narrows it to one. */
export async function runRetention(
	db: Db,
	{ dryRun, now = new Date(), programmeId }: { dryRun: boolean; now?: Date; programmeId?: number }
): Promise<RetentionLine[]> {
	const lines: RetentionLine[] = [];
	for (const s of await programmesWithRetention(db)) {
		if (programmeId !== undefined && s.programmeId !== programmeId) continue;
		const own: RetentionLine[] = [];
		if (s.logbookMonthsAfterEnd !== null) {
			const cutoff = monthsAgo(now, s.logbookMonthsAfterEnd).toISOString().slice(0, 10);
			const count = dryRun
				? await logbookRetention(db, s.programmeId, cutoff, true)
				: await db.transaction().execute((trx) => logbookRetention(trx, s.programmeId, cutoff, false));
			own.push({ programmeId: s.programmeId, rule: 'logbook', cutoff, count });
		}
		if (s.surveyRawMonthsAfterClose !== null) {
			const cutoff = monthsAgo(now, s.surveyRawMonthsAfterClose).toISOString();
			const count = dryRun
				? await surveyRawRetention(db, s.programmeId, cutoff, true)
				: await db.transaction().execute((trx) => surveyRawRetention(trx, s.programmeId, cutoff, false));
			own.push({ programmeId: s.programmeId, rule: 'surveyRaw', cutoff, count });
		}
		if (s.inactiveYears !== null) {
			const cutoff = monthsAgo(now, s.inactiveYears * 12).toISOString();
			let count = 0;
			if (dryRun) count = await countInactivePeople(db, s.programmeId, cutoff);
			else
				for (;;) {
					const batch = await inactivePeople(db, s.programmeId, cutoff, BATCH);
					for (const p of batch) if (await eraseForRetention(db, p.id)) count++;
					if (batch.length < BATCH) break;
				}
			own.push({ programmeId: s.programmeId, rule: 'inactive', cutoff, count });
		}
		if (!dryRun && own.some((l) => l.count > 0))
			await recordAudit(db, {
				programmeId: s.programmeId,
				actorId: null,
				action: 'retention',
				entityType: 'programme',
				entityId: s.programmeId,
				after: own.map(({ rule, cutoff, count }) => ({ rule, cutoff, count }))
			});
		lines.push(...own);
	}
	return lines;
}

/** The dry run for the settings page (office of the programme). */
export async function previewRetention(db: Db, actor: Actor, programmeId: number): Promise<RetentionLine[]> {
	authorize(actor, 'manageRetention', { type: 'programmeAdmin', programmeId });
	return runRetention(db, { dryRun: true, programmeId });
}

/** Daily in this process (KLOK_REMINDERS=off leaves it to `klok retention run`). */
export function startRetentionTimer(getDb: () => Db): () => void {
	return startPeriodicJob(
		'retention',
		async () => {
			const lines = await runRetention(getDb(), { dryRun: false });
			const total = lines.reduce((n, l) => n + l.count, 0);
			return total > 0
				? lines.map((l) => `programme ${l.programmeId} ${l.rule}: ${l.count}`).join('; ')
				: null;
		},
		{ intervalMs: 24 * 3_600_000, firstDelayMs: 10 * 60_000 }
	);
}
