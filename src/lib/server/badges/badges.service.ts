import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit.service.ts';
import {
	activityProgrammeId,
	findTrack,
	listActivityOptions,
	listTracks
} from '../catalogue/catalogue.service.ts';
import { config } from '../config/config.ts';
import { AccessDeniedError, FieldsRuleError } from '../core/errors.ts';
import { parseInput } from '../core/validation.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { programmeById } from '../organisation/organisation.service.ts';
import { personEmails } from '../people/people.service.ts';
import { authorize, type Actor } from '../policy/policy.ts';
import {
	countAchievements,
	findAchievement,
	findAchievementCredentials,
	findAchievements,
	findCredentialByPublicId,
	findIssuerKey,
	findPersonCredentials,
	findRevokedIdsInRange,
	insertAchievement,
	insertCredential,
	insertIssuerKey,
	revokeCredentialRow,
	setCredentialJwt
} from './badges.repository.ts';
import { achievementSchema, pastedCredentialSchema } from './badges.schema.ts';
import {
	buildCredential,
	decryptJwk,
	didDocument,
	encryptJwk,
	envelope,
	generateIssuerKey,
	jwtFromPasted,
	signCredential,
	signStatusList,
	STATUS_LIST_SIZE,
	statusListCredential,
	unverifiedPayload,
	verifyCredentialJwt,
	type IssuerKey
} from './credential.ts';
import { findNewEarners } from './earners.repository.ts';

/**
 * Open Badges 3.0 (issue 14): the office defines achievements; Klok finds who earned one (SQL,
 * `earners.repository.ts`) and issues each earner a signed OpenBadgeCredential (VC-JWT, see
 * `credential.ts`) with a Bitstring Status List entry, so a revocation shows wherever the
 * credential is checked. The issuer is the installation: one Ed25519 key, published as the
 * did:web document at `/.well-known/did.json`, its private part encrypted at rest.
 */

export { didWebOf, envelope, STATUS_LIST_SIZE } from './credential.ts';

export function badgeOrigin(): string {
	return (config().ORIGIN ?? 'http://localhost:5173').replace(/\/+$/, '');
}

// ---- the issuer key

/** The secret sealing the private key: KLOK_BADGE_SECRET, else a file made once under data/. */
function keySecret(): string {
	const configured = config().KLOK_BADGE_SECRET;
	if (configured) return configured;
	const file = path.join(path.dirname(config().SQLITE_PATH), 'badge-issuer.secret');
	try {
		return fs.readFileSync(file, 'utf8').trim();
	} catch {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		const secret = randomBytes(32).toString('base64url');
		// `wx`: two processes starting at once keep the first one's secret.
		try {
			fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
		} catch {
			return fs.readFileSync(file, 'utf8').trim();
		}
		return secret;
	}
}

let cachedKey: Promise<IssuerKey> | undefined;

/** The installation's signing key, generated and stored on first use. */
export function issuerKey(db: Db): Promise<IssuerKey> {
	cachedKey ??= (async () => {
		let row = await findIssuerKey(db);
		if (!row) {
			const fresh = await generateIssuerKey();
			await insertIssuerKey(db, {
				kid: fresh.kid,
				publicJwk: JSON.stringify(fresh.publicJwk),
				privateJwkEncrypted: encryptJwk(fresh.privateJwk, keySecret())
			});
			row = (await findIssuerKey(db))!;
		}
		return {
			kid: row.kid,
			publicJwk: JSON.parse(row.publicJwk),
			privateJwk: decryptJwk(row.privateJwkEncrypted, keySecret())
		};
	})();
	return cachedKey.catch((e) => {
		cachedKey = undefined;
		throw e;
	});
}

/** Forgets the cached key (tests use several databases in one process). */
export function forgetIssuerKey(): void {
	cachedKey = undefined;
}

/**
 * The public half only (verification, the DID document): needs no secret, so any process can
 * verify even where the private key's secret is not configured.
 */
async function issuerPublicKey(db: Db): Promise<Pick<IssuerKey, 'kid' | 'publicJwk'>> {
	if (cachedKey) return cachedKey;
	const row = await findIssuerKey(db);
	if (!row) return issuerKey(db);
	return { kid: row.kid, publicJwk: JSON.parse(row.publicJwk) };
}

/** The did:web document (public). */
export async function issuerDidDocument(db: Db, origin: string = badgeOrigin()) {
	const key = await issuerPublicKey(db);
	return didDocument(origin, key.publicJwk, key.kid);
}

// ---- achievements (office)

const PAGE_SIZE = 50;

export async function listAchievements(db: Db, actor: Actor, programmeId: number, page = 1) {
	authorize(actor, 'manage', { type: 'openStandards', programmeId });
	const total = await countAchievements(db, programmeId);
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	const rows = await findAchievements(db, programmeId, PAGE_SIZE, (current - 1) * PAGE_SIZE);
	return {
		rows: rows.map((r) => ({ ...r, issued: Number(r.issued ?? 0), revoked: Number(r.revoked ?? 0) })),
		total,
		page: current,
		pageSize: PAGE_SIZE
	};
}

/** What the achievement form offers: the programme's tracks and activities. */
export async function achievementFormOptions(db: Db, actor: Actor, programmeId: number) {
	authorize(actor, 'manage', { type: 'openStandards', programmeId });
	const [tracks, activities] = await Promise.all([
		listTracks(db, programmeId),
		listActivityOptions(db, programmeId)
	]);
	return { tracks, activities };
}

/** Defines an achievement; the track or activity must be the programme's. */
export async function createAchievement(
	db: Db,
	actor: Actor,
	programmeId: number,
	input: unknown
): Promise<number> {
	authorize(actor, 'manage', { type: 'openStandards', programmeId });
	const data = parseInput(achievementSchema, input, (e) => new FieldsRuleError({}, e));
	if (data.criteriaKind === 'track') {
		const track = await findTrack(db, data.trackId!);
		if (!track || track.programmeId !== programmeId)
			throw new FieldsRuleError({ trackId: 'error.unknownId' });
	} else if ((await activityProgrammeId(db, data.activityId!)) !== programmeId)
		throw new FieldsRuleError({ activityId: 'error.unknownId' });
	return db.transaction().execute(async (trx) => {
		const id = await insertAchievement(trx, {
			programmeId,
			name: data.name,
			description: data.description,
			criteria: data.criteria,
			imageUrl: data.imageUrl,
			criteriaKind: data.criteriaKind,
			trackId: data.criteriaKind === 'track' ? data.trackId! : null,
			activityId: data.criteriaKind === 'activity' ? data.activityId! : null,
			createdBy: actor.personId,
			updatedAt: nowIso()
		});
		await recordAudit(trx, {
			programmeId,
			actorId: actor.personId,
			action: 'create',
			entityType: 'badgeAchievement',
			entityId: id,
			after: data
		});
		return id;
	});
}

async function achievementFor(db: Db, actor: Actor, id: number) {
	const achievement = await findAchievement(db, id);
	if (!achievement) throw new AccessDeniedError();
	authorize(actor, 'manage', { type: 'openStandards', programmeId: achievement.programmeId });
	return achievement;
}

/** An achievement with its latest credentials (office). */
export async function getAchievement(db: Db, actor: Actor, id: number, page = 1) {
	const achievement = await achievementFor(db, actor, id);
	const current = Math.max(1, Math.floor(page) || 1);
	const credentials = await findAchievementCredentials(db, id, PAGE_SIZE, (current - 1) * PAGE_SIZE);
	const names = await personNamesOf(
		db,
		credentials.map((c) => c.personId)
	);
	return {
		achievement,
		credentials: credentials.map((c) => ({ ...present(c), personName: names.get(c.personId) ?? '' })),
		page: current,
		pageSize: PAGE_SIZE
	};
}

async function personNamesOf(db: Db, ids: number[]) {
	const people = await personEmails(db, ids);
	return new Map([...people].map(([id, p]) => [id, p.name]));
}

/** Earners handled per transaction while issuing. */
const ISSUE_BATCH = 200;

/**
 * Issues a credential to everyone who has earned the achievement and holds none yet; returns
 * how many were issued. Each batch is one transaction (rows, signatures, audit); running it
 * again (or on two instances at once) issues nobody twice (unique achievement + person).
 */
export async function issueAchievement(
	db: Db,
	actor: Actor,
	id: number,
	origin: string = badgeOrigin()
): Promise<number> {
	const achievement = await achievementFor(db, actor, id);
	return issueEarned(db, achievement, actor.personId, origin);
}

async function issueEarned(
	db: Db,
	achievement: NonNullable<Awaited<ReturnType<typeof findAchievement>>>,
	actorId: number | null,
	origin: string
): Promise<number> {
	const key = await issuerKey(db);
	const programme = await programmeById(db, achievement.programmeId);
	let issued = 0;
	for (;;) {
		const earners = await findNewEarners(db, achievement, ISSUE_BATCH);
		if (earners.length === 0) return issued;
		const emails = await personEmails(db, earners);
		// One transaction per batch; inside the caller's (the demo) when already in one.
		const inTransaction = <T>(work: (trx: Db) => Promise<T>) =>
			db.isTransaction ? work(db) : db.transaction().execute(work);
		const count = await inTransaction(async (trx) => {
			let n = 0;
			const issuedAt = nowIso();
			for (const personId of earners) {
				const publicId = randomUUID();
				const rowId = await insertCredential(trx, {
					publicId,
					achievementId: achievement.id,
					personId,
					programmeId: achievement.programmeId,
					issuedAt
				});
				if (rowId === null) continue;
				const credential = buildCredential({
					origin,
					publicId,
					index: rowId,
					issuedAt,
					issuerName: programme?.name ?? 'Klok',
					achievement,
					email: emails.get(personId)?.email ?? ''
				});
				await setCredentialJwt(trx, rowId, await signCredential(credential, key, origin));
				n++;
			}
			await recordAudit(trx, {
				programmeId: achievement.programmeId,
				actorId,
				action: 'create',
				entityType: 'badgeCredential',
				entityId: achievement.id,
				after: { issued: n }
			});
			return n;
		});
		issued += count;
		if (count === 0) return issued;
	}
}

/** Revokes a credential (office of its programme); its status list bit is set from now on. */
export async function revokeCredential(db: Db, actor: Actor, publicId: string): Promise<void> {
	const row = await findCredentialByPublicId(db, publicId);
	if (!row) throw new AccessDeniedError();
	authorize(actor, 'manage', { type: 'openStandards', programmeId: row.programmeId });
	await db.transaction().execute(async (trx) => {
		if (!(await revokeCredentialRow(trx, row.id, actor.personId))) return;
		await recordAudit(trx, {
			programmeId: row.programmeId,
			actorId: actor.personId,
			action: 'update',
			entityType: 'badgeCredential',
			entityId: row.id,
			after: { revoked: true }
		});
	});
}

type CredentialRow = NonNullable<Awaited<ReturnType<typeof findCredentialByPublicId>>>;

function present(row: CredentialRow) {
	return {
		publicId: row.publicId,
		achievementId: row.achievementId,
		name: row.achievementName,
		description: row.achievementDescription,
		issuedAt: row.issuedAt,
		revokedAt: row.revokedAt
	};
}

/** The actor's own badges, newest first. */
export async function myBadges(db: Db, actor: Actor) {
	return (await findPersonCredentials(db, actor.personId, 200)).map(present);
}

// ---- public: verification, download, status lists

export type VerificationState = 'valid' | 'revoked' | 'tampered' | 'unknown';

export interface Verification {
	state: VerificationState;
	/** What the credential claims (null when it cannot even be read). */
	name: string | null;
	description: string | null;
	issuer: string | null;
	issuedAt: string | null;
	revokedAt: string | null;
	publicId: string | null;
}

async function verifyJwt(db: Db, jwt: string, row?: CredentialRow): Promise<Verification> {
	const key = await issuerPublicKey(db);
	const payload = await verifyCredentialJwt(jwt, key.publicJwk);
	const claims = payload ?? unverifiedPayload(jwt);
	const subject = (claims?.credentialSubject ?? {}) as {
		achievement?: { name?: string; description?: string };
	};
	const issuer = (claims?.issuer ?? {}) as { name?: string };
	const jti = typeof claims?.jti === 'string' ? claims.jti : null;
	const publicId = jti?.startsWith('urn:uuid:') ? jti.slice(9) : null;
	const stored = row ?? (publicId && payload ? await findCredentialByPublicId(db, publicId) : undefined);
	const base = {
		name: subject.achievement?.name ?? null,
		description: subject.achievement?.description ?? null,
		issuer: issuer.name ?? null,
		issuedAt: typeof claims?.validFrom === 'string' ? claims.validFrom : null,
		publicId
	};
	if (!payload || (stored && stored.jwt !== jwt && row))
		return { ...base, state: 'tampered', revokedAt: null };
	if (!stored) return { ...base, state: 'unknown', revokedAt: null };
	return {
		...base,
		state: stored.revokedAt ? 'revoked' : 'valid',
		revokedAt: stored.revokedAt
	};
}

/** The verification of an issued credential by its id (anyone, no sign-in); null when unknown. */
export async function verifyIssued(db: Db, publicId: string): Promise<Verification | null> {
	if (!/^[0-9a-f-]{36}$/.test(publicId)) return null;
	const row = await findCredentialByPublicId(db, publicId);
	if (!row || !row.jwt) return null;
	return verifyJwt(db, row.jwt, row);
}

/** Checks a credential someone pasted (the JWT or its JSON envelope). */
export async function verifyPasted(db: Db, input: unknown): Promise<Verification> {
	const { credential } = parseInput(pastedCredentialSchema, input, (e) => new FieldsRuleError({}, e));
	const jwt = jwtFromPasted(credential);
	if (!jwt) throw new FieldsRuleError({ credential: 'badges.error.notCredential' });
	return verifyJwt(db, jwt);
}

/** The credential as the JSON a wallet imports (public by its unguessable id), or null. */
export async function credentialDownload(db: Db, publicId: string) {
	if (!/^[0-9a-f-]{36}$/.test(publicId)) return null;
	const row = await findCredentialByPublicId(db, publicId);
	if (!row || !row.jwt) return null;
	return { jwt: row.jwt, json: envelope(row.jwt), name: row.achievementName };
}

/** Status list `list` as a signed BitstringStatusListCredential (VC-JWT), or null out of range. */
export async function statusListJwt(
	db: Db,
	list: number,
	origin: string = badgeOrigin()
): Promise<string | null> {
	if (!Number.isInteger(list) || list < 0 || list > 10_000) return null;
	const key = await issuerKey(db);
	const revoked = await findRevokedIdsInRange(db, list * STATUS_LIST_SIZE, (list + 1) * STATUS_LIST_SIZE);
	const bits = revoked.map((id) => id - list * STATUS_LIST_SIZE);
	return signStatusList(statusListCredential(origin, list, bits, nowIso()), key, origin);
}

// ---- for the demo generator

/**
 * Defines an achievement and issues it to everyone who has earned it, without an actor (the
 * demo generator, in its transaction). Returns how many credentials were issued.
 */
export async function seedAchievement(
	db: Db,
	programmeId: number,
	values: {
		name: string;
		description: string;
		criteria: string;
		criteriaKind: 'track' | 'activity';
		trackId?: number;
		activityId?: number;
	},
	createdBy: number | null
): Promise<number> {
	const id = await insertAchievement(db, {
		programmeId,
		name: values.name,
		description: values.description,
		criteria: values.criteria,
		imageUrl: null,
		criteriaKind: values.criteriaKind,
		trackId: values.trackId ?? null,
		activityId: values.activityId ?? null,
		createdBy,
		updatedAt: nowIso()
	});
	return issueEarned(db, (await findAchievement(db, id))!, createdBy, badgeOrigin());
}
