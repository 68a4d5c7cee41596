import { recordAudit } from '../audit/audit.service.ts';
import { allowAuditRedaction } from '../audit/personal-data.service.ts';
import { generateToken, sha256 } from '../auth/tokens.ts';
import { startPeriodicJob } from '../core/periodic.ts';
import type { ErasureContext, ErasureCount } from '../core/personal-data.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { personIdentity } from '../people/personal-data.service.ts';
import { AccessDeniedError, authorize, type Actor } from '../policy/policy.ts';
import { isLocale, type Locale } from '#lib/i18n/index.ts';
import { buildArchive, type ArchivePart } from './archive.ts';
import {
	claimExport,
	erasureOf,
	expireExports,
	exportByToken,
	failExport,
	finishExport,
	findExport,
	insertErasure,
	insertExport,
	markDownloaded,
	nextDueExport,
	openExportOf,
	recentExports,
	setErasureCounts,
	setExportProgress,
	setExportToken,
	settingsOf
} from './privacy.repository.ts';
import { PERSONAL_DATA_PARTS } from './registry.ts';
import { ErasureRuleError, eraseSchema } from './privacy.schema.ts';
import { ERASED_DOMAIN } from '../people/personal-data.service.ts';

/**
 * Privacy: a person's own data export (a background job), erasure on request, and (in
 * retention.service.ts) the programme's retention rules. Every domain contributes its part
 * through its own service (`registry.ts`); this module only composes them.
 */

/** How long a finished export's download link works. */
export const EXPORT_LINK_HOURS = 48;
const LEASE_MS = 5 * 60_000;

export interface ExportView {
	id: number;
	status: 'queued' | 'running' | 'ready' | 'failed' | 'expired';
	progress: number;
	total: number;
	size: number | null;
	expiresAt: string | null;
	createdAt: string;
	finishedAt: string | null;
	downloadedAt: string | null;
}

function view(row: NonNullable<Awaited<ReturnType<typeof findExport>>>): ExportView {
	// A ready export whose link lapsed counts as expired even before the sweep drops its ZIP.
	const expired = row.status === 'ready' && row.expiresAt !== null && row.expiresAt < nowIso();
	return {
		id: row.id,
		status: expired ? 'expired' : row.status,
		progress: row.progress,
		total: row.total,
		size: row.size,
		expiresAt: row.expiresAt,
		createdAt: row.createdAt,
		finishedAt: row.finishedAt,
		downloadedAt: row.downloadedAt
	};
}

/** The actor's recent export requests, newest first. */
export async function myExports(db: Db, actor: Actor): Promise<ExportView[]> {
	return (await recentExports(db, actor.personId, 5)).map(view);
}

/** One of the actor's own exports (someone else's is "not found"). */
export async function myExport(db: Db, actor: Actor, id: number): Promise<ExportView | null> {
	const row = await findExport(db, id);
	return row && row.personId === actor.personId ? view(row) : null;
}

const exportWaiters = new Set<() => void>();

/**
 * Queues an export of everything Klok holds about the actor (an open one is reused). The
 * download token is minted here and shown once (in the answer); only its hash is stored.
 */
export async function requestMyExport(db: Db, actor: Actor): Promise<{ id: number; token: string }> {
	const result = await db.transaction().execute(async (trx) => {
		const token = generateToken('kx_');
		// Asking again while one is being prepared gives that one a new link (the old one lapses).
		const open = await openExportOf(trx, actor.personId);
		if (open) {
			await setExportToken(trx, open.id, sha256(token));
			return { id: open.id, token };
		}
		const id = await insertExport(trx, actor.personId, PERSONAL_DATA_PARTS.length + 1);
		await setExportToken(trx, id, sha256(token));
		await recordAudit(trx, {
			programmeId: actor.programmeId,
			actorId: actor.personId,
			action: 'export',
			entityType: 'personalData',
			entityId: actor.personId,
			after: { exportId: id }
		});
		return { id, token };
	});
	for (const wake of exportWaiters) wake();
	return result;
}

/** Builds one claimed export: each part in turn (progress), then the ZIP. */
async function buildExport(db: Db, id: number, personId: number): Promise<void> {
	const person = await personIdentity(db, personId);
	if (!person) return failExport(db, id, 'person not found');
	const profile = await PERSONAL_DATA_PARTS[0]!.exportOf(db, personId);
	const localeValue = (profile.profile?.[0] as { locale?: unknown } | undefined)?.locale;
	const locale: Locale = isLocale(localeValue) ? localeValue : 'sv';
	const parts: ArchivePart[] = [];
	for (const [i, part] of PERSONAL_DATA_PARTS.entries()) {
		parts.push({ area: part.area, files: i === 0 ? profile : await part.exportOf(db, personId) });
		await setExportProgress(db, id, i + 1, new Date(Date.now() + LEASE_MS).toISOString());
	}
	const content = await buildArchive(locale, { name: person.name, createdAt: nowIso(), parts });
	await finishExport(db, id, {
		content,
		expiresAt: new Date(Date.now() + EXPORT_LINK_HOURS * 3_600_000).toISOString(),
		progress: PERSONAL_DATA_PARTS.length + 1
	});
}

/** Runs every due export job (several workers are safe: each claim is conditional); drops expired ZIPs. */
export async function runExportJobs(db: Db): Promise<{ built: number; failed: number; expired: number }> {
	const out = { built: 0, failed: 0, expired: await expireExports(db, nowIso()) };
	for (;;) {
		const now = nowIso();
		const due = await nextDueExport(db, now);
		if (!due) break;
		if (!(await claimExport(db, due.id, now, new Date(Date.now() + LEASE_MS).toISOString()))) continue;
		try {
			await buildExport(db, due.id, due.personId);
			out.built++;
		} catch (caught) {
			console.error('[privacy] export failed:', caught);
			await failExport(db, due.id, caught instanceof Error ? caught.message : String(caught));
			out.failed++;
		}
	}
	return out;
}

/** The export worker in this process: soon after each request, and every 30 seconds. */
export function startExportWorker(getDb: () => Db): () => void {
	let running: Promise<unknown> | null = null;
	const kick = () => {
		running ??= runExportJobs(getDb())
			.catch((caught) => console.error('[privacy] run failed:', caught))
			.finally(() => (running = null));
	};
	exportWaiters.add(kick);
	const stop = startPeriodicJob(
		'privacy-exports',
		async () => {
			const run = await runExportJobs(getDb());
			return run.built + run.failed + run.expired > 0
				? `built ${run.built}, failed ${run.failed}, expired ${run.expired}`
				: null;
		},
		{ intervalMs: 30_000, firstDelayMs: 2_000 }
	);
	return () => {
		exportWaiters.delete(kick);
		stop();
	};
}

/**
 * The ZIP behind a download link, for the signed-in person it belongs to only; null when the
 * token is unknown, someone else's, not ready or expired (all answered "not found").
 */
export async function downloadMyExport(
	db: Db,
	actor: Actor,
	token: string
): Promise<{ id: number; content: Buffer } | null> {
	const row = await exportByToken(db, sha256(token));
	if (!row || row.personId !== actor.personId || row.status !== 'ready' || !row.content) return null;
	if (!row.expiresAt || row.expiresAt < nowIso()) return null;
	await db.transaction().execute(async (trx) => {
		await markDownloaded(trx, row.id);
		await recordAudit(trx, {
			programmeId: actor.programmeId,
			actorId: actor.personId,
			action: 'download',
			entityType: 'personalData',
			entityId: actor.personId,
			after: { exportId: row.id }
		});
	});
	return { id: row.id, content: Buffer.from(row.content) };
}

// ---- erasure

export interface ErasurePreview {
	personId: number;
	name: string;
	counts: ErasureCount[];
	dialogueNotes: 'keep' | 'delete';
	erasedAt: string | null;
}

async function loadErasable(db: Db, actor: Actor, personId: number) {
	const person = await personIdentity(db, personId);
	if (!person) throw new AccessDeniedError();
	authorize(actor, 'erase', {
		type: 'person',
		id: person.id,
		programmeId: person.programmeId,
		unitId: person.unitId
	});
	return person;
}

async function contextFor(
	db: Db,
	person: { id: number; name: string; email: string; programmeId: number | null },
	n: number
): Promise<ErasureContext> {
	const settings = person.programmeId !== null ? await settingsOf(db, person.programmeId) : null;
	return {
		personId: person.id,
		name: person.name,
		email: person.email,
		placeholderName: `Erased person #${n}`,
		placeholderEmail: `erased-${n}@${ERASED_DOMAIN}`,
		dialogueNotes: settings?.dialogueNotesOnErasure ?? 'keep'
	};
}

/** What erasing the person would remove and what stays as counts, per table (nothing changes). */
export async function previewErasure(db: Db, actor: Actor, personId: number): Promise<ErasurePreview> {
	const person = await loadErasable(db, actor, personId);
	const done = await erasureOf(db, personId);
	const ctx = await contextFor(db, person, 0);
	const counts = done
		? []
		: (await Promise.all(PERSONAL_DATA_PARTS.map((p) => p.previewErasure(db, ctx)))).flat();
	return {
		personId,
		name: person.name,
		counts,
		dialogueNotes: ctx.dialogueNotes,
		erasedAt: done?.createdAt ?? null
	};
}

/** Erases inside the caller's transaction (request or retention); returns the counts. */
async function eraseIn(
	trx: Db,
	person: { id: number; name: string; email: string; programmeId: number | null },
	erasedBy: number | null,
	reason: 'request' | 'retention'
): Promise<{ erasureId: number; counts: ErasureCount[] }> {
	const erasureId = await insertErasure(trx, {
		programmeId: person.programmeId,
		personId: person.id,
		erasedBy,
		reason
	});
	const ctx = await contextFor(trx, person, erasureId);
	await allowAuditRedaction(trx);
	// People last: the others find copies of the identity being removed; counts in registry order.
	const [people, ...others] = PERSONAL_DATA_PARTS;
	const rest: ErasureCount[] = [];
	for (const part of others) rest.push(...(await part.erase(trx, ctx)));
	const counts = [...(await people!.erase(trx, ctx)), ...rest];
	await setErasureCounts(trx, erasureId, JSON.stringify(counts));
	await recordAudit(trx, {
		programmeId: person.programmeId,
		actorId: erasedBy,
		action: 'erase',
		entityType: 'person',
		entityId: person.id,
		after: { erasureId, reason }
	});
	return { erasureId, counts };
}

/**
 * Erases a person on request (programme office or admin): one transaction, cannot be undone.
 * The confirmation must repeat the person's name exactly.
 */
export async function erasePerson(
	db: Db,
	actor: Actor,
	personId: number,
	input: unknown
): Promise<{ erasureId: number; counts: ErasureCount[] }> {
	const person = await loadErasable(db, actor, personId);
	const parsed = eraseSchema.safeParse(input);
	if (!parsed.success) throw new ErasureRuleError({}, parsed.error);
	if (parsed.data.confirmation !== person.name.trim())
		throw new ErasureRuleError({ confirmation: 'privacy.erase.confirmMismatch' });
	return db.transaction().execute(async (trx) => {
		if (await erasureOf(trx, personId))
			throw new ErasureRuleError({ _form: 'privacy.erase.already' }, undefined, true);
		return eraseIn(trx, person, actor.personId, 'request');
	});
}

/** Retention's erasure of one inactive person (no actor: the scheduled rule). */
export async function eraseForRetention(db: Db, personId: number): Promise<boolean> {
	const person = await personIdentity(db, personId);
	if (!person) return false;
	return db.transaction().execute(async (trx) => {
		if (await erasureOf(trx, personId)) return false;
		await eraseIn(trx, person, null, 'retention');
		return true;
	});
}
