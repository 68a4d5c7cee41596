import { config } from '../config/config.ts';
import { FieldsRuleError } from '../core/errors.ts';
import { parseInput } from '../core/validation.ts';
import type { Db } from '../db/database.ts';
import type { XapiActorMode, XapiStatus } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { LEASE_MS, MAX_ATTEMPTS, nextRetryAt } from '../mail/outbox.service.ts';
import { personEmails } from '../people/people.service.ts';
import { authorize, type Actor } from '../policy/policy.ts';
import { buildStatement, XAPI_VERSION, type XapiEvent } from './statements.ts';
import {
	claimDueStatements,
	completeStatementClaim,
	countStatementsByStatus,
	findActorModes,
	findStatementsSince,
	insertStatements,
	upsertActorMode
} from './xapi.repository.ts';
import { statementQuerySchema, xapiSettingsSchema } from './xapi.schema.ts';

/**
 * xAPI (issue 14): attended sessions, completed 40-20-40 follow-ups and finished development
 * processes become xAPI 1.0.3 statements. The emitting domain calls `queueXapi` inside the
 * transaction that records the event, so a statement exists exactly when the event does; a
 * worker (the outbox's claim, lease and backoff) POSTs them to the configured LRS. Without an
 * LRS they are `stored` and the office downloads them as a statement file.
 */

export type { XapiEvent } from './statements.ts';
export { buildStatement, uuidV5, isoDuration, VERBS, XAPI_VERSION } from './statements.ts';

/** The base of every IRI and of the account `homePage`. */
export function xapiOrigin(): string {
	return (config().ORIGIN ?? 'http://localhost:5173').replace(/\/+$/, '');
}

/**
 * Queues the statements of `events` in the caller's transaction (`trx`). Each person is named
 * as their programme chose (account or mbox). The same event queued twice is one statement.
 */
export async function queueXapi(
	trx: Db,
	events: readonly XapiEvent[],
	origin: string = xapiOrigin()
): Promise<number> {
	if (events.length === 0) return 0;
	const modes = await findActorModes(
		trx,
		events.map((e) => e.programmeId)
	);
	const people = await personEmails(
		trx,
		events.map((e) => e.personId)
	);
	const now = nowIso();
	const rows = events.flatMap((event) => {
		const identity = people.get(event.personId);
		if (!identity) return [];
		const statement = buildStatement(event, identity, modes.get(event.programmeId) ?? 'account', origin);
		return [
			{
				statementId: statement.id as string,
				programmeId: event.programmeId,
				personId: event.personId,
				verb: event.verb,
				statement: JSON.stringify(statement),
				status: 'pending' as const,
				nextAttemptAt: now
			}
		];
	});
	return insertStatements(trx, rows);
}

// ---- the office: settings and the statement file

export interface XapiOverview {
	actorMode: XapiActorMode;
	lrsConfigured: boolean;
	counts: Record<XapiStatus, number>;
}

/** The programme's xAPI setting and queue figures (office). */
export async function xapiOverview(db: Db, actor: Actor, programmeId: number): Promise<XapiOverview> {
	authorize(actor, 'manage', { type: 'openStandards', programmeId });
	const modes = await findActorModes(db, [programmeId]);
	const byStatus = await countStatementsByStatus(db, programmeId);
	const counts = { pending: 0, sending: 0, sent: 0, failed: 0, stored: 0 };
	for (const [status, n] of byStatus) counts[status] = n;
	return {
		actorMode: modes.get(programmeId) ?? 'account',
		lrsConfigured: Boolean(config().KLOK_XAPI_ENDPOINT),
		counts
	};
}

/** Chooses how people are identified in the programme's future statements (office). */
export async function updateXapiSettings(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<void> {
	authorize(actor, 'manage', { type: 'openStandards', programmeId });
	const data = parseInput(xapiSettingsSchema, input, (e) => new FieldsRuleError({}, e));
	await upsertActorMode(db, programmeId, data.actorMode);
}

/** Statements in one file: at most this many (then download again with a later `since`). */
export const STATEMENT_FILE_LIMIT = 5000;

/**
 * The programme's statements recorded since `since` (all when absent), oldest first, as the
 * JSON array an LRS accepts (office). `more` is true when the file stopped at the limit.
 */
export async function exportStatements(
	db: Db,
	actor: Actor,
	programmeId: number,
	query: unknown
): Promise<{ statements: unknown[]; more: boolean; nextSince: string | null }> {
	authorize(actor, 'manage', { type: 'openStandards', programmeId });
	const { since } = parseInput(statementQuerySchema, query, (e) => new FieldsRuleError({}, e));
	const iso = since ? new Date(since).toISOString() : null;
	const rows = await findStatementsSince(db, programmeId, iso, STATEMENT_FILE_LIMIT + 1);
	const more = rows.length > STATEMENT_FILE_LIMIT;
	const kept = rows.slice(0, STATEMENT_FILE_LIMIT);
	return {
		statements: kept.map((r) => JSON.parse(r.statement) as unknown),
		more,
		nextSince: more ? rows[STATEMENT_FILE_LIMIT]!.createdAt : null
	};
}

// ---- the worker

export interface LrsOptions {
	endpoint?: string;
	username?: string;
	password?: string;
}

export function lrsOptionsFromConfig(): LrsOptions {
	const c = config();
	return { endpoint: c.KLOK_XAPI_ENDPOINT, username: c.KLOK_XAPI_USERNAME, password: c.KLOK_XAPI_PASSWORD };
}

export interface XapiRunResult {
	sent: number;
	stored: number;
	retried: number;
	failed: number;
}

/** POSTs statements to `<endpoint>/statements`; throws on anything but 200/204. */
export async function postStatements(lrs: LrsOptions, statements: unknown[]): Promise<void> {
	const url = lrs.endpoint!.replace(/\/+$/, '') + '/statements';
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'x-experience-api-version': XAPI_VERSION
	};
	if (lrs.username !== undefined)
		headers.authorization =
			'Basic ' + Buffer.from(`${lrs.username}:${lrs.password ?? ''}`).toString('base64');
	const response = await fetch(url, {
		method: 'POST',
		headers,
		body: JSON.stringify(statements),
		signal: AbortSignal.timeout(30_000)
	});
	await response.body?.cancel();
	// 409: the LRS has these ids already (a retry after a lost answer) — delivered.
	if (!response.ok && response.status !== 409) throw new Error(`LRS answered ${response.status}`);
}

/**
 * Sends every due statement, `batch` at a time in one POST each. A failed POST retries its
 * batch with the outbox's backoff, then `failed` after MAX_ATTEMPTS. Without an LRS, due
 * statements become `stored` (kept for the statement file).
 */
export async function runXapiQueue(
	db: Db,
	options: { lrs?: LrsOptions; batch?: number; now?: () => Date } = {}
): Promise<XapiRunResult> {
	const lrs = options.lrs ?? lrsOptionsFromConfig();
	const clock = options.now ?? (() => new Date());
	const result: XapiRunResult = { sent: 0, stored: 0, retried: 0, failed: 0 };
	for (;;) {
		const now = clock();
		const claimed = await claimDueStatements(
			db,
			now.toISOString(),
			new Date(now.getTime() + LEASE_MS).toISOString(),
			options.batch ?? 50
		);
		if (claimed.length === 0) return result;
		if (!lrs.endpoint) {
			for (const row of claimed)
				await completeStatementClaim(db, row, { status: 'stored', nextAttemptAt: null, error: null });
			result.stored += claimed.length;
			continue;
		}
		try {
			await postStatements(
				lrs,
				claimed.map((r) => JSON.parse(r.statement) as unknown)
			);
		} catch (caught) {
			const error = (caught instanceof Error ? caught.message : String(caught)).slice(0, 1000);
			console.error(`[xapi] ${claimed.length} statements: ${error}`);
			for (const row of claimed) {
				const failed = row.attempts >= MAX_ATTEMPTS;
				await completeStatementClaim(db, row, {
					status: failed ? 'failed' : 'pending',
					error,
					nextAttemptAt: failed ? null : nextRetryAt(row.attempts, now)
				});
				result[failed ? 'failed' : 'retried']++;
			}
			// The rest waits for its next attempt; this run stops at the first failure.
			return result;
		}
		const sentAt = nowIso();
		for (const row of claimed)
			await completeStatementClaim(db, row, { status: 'sent', sentAt, error: null, nextAttemptAt: null });
		result.sent += claimed.length;
	}
}

/**
 * Runs the xAPI queue in this process every `intervalMs` (never two runs at once).
 * `KLOK_OUTBOX=off` disables it with the outbox worker. Returns a function that stops it.
 */
export function startXapiWorker(getDb: () => Db, { intervalMs = 10_000 } = {}): () => void {
	if (process.env.KLOK_OUTBOX === 'off') return () => {};
	let running = false;
	const run = async () => {
		if (running) return;
		running = true;
		try {
			const r = await runXapiQueue(getDb());
			const done = Object.entries(r)
				.filter(([, n]) => n > 0)
				.map(([k, n]) => `${n} ${k}`)
				.join(', ');
			if (done) console.log(`[xapi] ${done}`);
		} catch (caught) {
			console.error('[xapi] run failed:', caught);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(run, intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}
