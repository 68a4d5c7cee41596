import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';

/**
 * Open Badges 3.0 credentials secured as VC-JWT (EdDSA, Ed25519): the JWT payload is the
 * OpenBadgeCredential itself plus the registered claims (`iss`, `jti`, `nbf`, `iat`), as the
 * OB 3.0 "JSON Web Token proof format" and VC-JOSE-COSE describe. Chosen over an
 * `eddsa-rdfc-2022` Data Integrity proof because it needs no JSON-LD canonicalisation (no
 * context documents to fetch or bundle at issue and verify time) and an independent library
 * (`did-jwt`) verifies it against the issuer's did:web document in the tests.
 */

export const OB_CONTEXT = [
	'https://www.w3.org/ns/credentials/v2',
	'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
] as const;
export const JWT_TYPE = 'vc+jwt';
/** Bits per Bitstring Status List (the spec's minimum, 16 KB: herd privacy). */
export const STATUS_LIST_SIZE = 131_072;

// ---- the issuer

/** `did:web` of an origin (`https://klok.example:8443` → `did:web:klok.example%3A8443`). */
export function didWebOf(origin: string): string {
	const url = new URL(origin);
	const path = url.pathname.replace(/\/+$/, '');
	return 'did:web:' + encodeURIComponent(url.host) + (path ? path.split('/').join(':') : '');
}

export interface IssuerKey {
	/** Fragment of the verification method (`key-1`). */
	kid: string;
	publicJwk: JWK;
	privateJwk: JWK;
}

export async function generateIssuerKey(): Promise<IssuerKey> {
	const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
	return { kid: 'key-1', publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}

/** AES-256-GCM with a key derived from the secret: `iv.tag.ciphertext`, base64url. */
export function encryptJwk(jwk: JWK, secret: string): string {
	const key = createHash('sha256').update(secret).digest();
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	const body = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()]);
	return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function decryptJwk(sealed: string, secret: string): JWK {
	const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
	const key = createHash('sha256').update(secret).digest();
	const decipher = createDecipheriv('aes-256-gcm', key, iv!);
	decipher.setAuthTag(tag!);
	return JSON.parse(Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8')) as JWK;
}

/** The issuer's DID document: one JsonWebKey2020 verification method for assertions. */
export function didDocument(origin: string, publicJwk: JWK, kid: string) {
	const did = didWebOf(origin);
	const method = {
		id: `${did}#${kid}`,
		type: 'JsonWebKey2020',
		controller: did,
		publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: String(publicJwk.x) }
	};
	return {
		'@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
		id: did,
		verificationMethod: [method],
		assertionMethod: [method.id],
		authentication: [method.id]
	};
}

// ---- credentials

export interface CredentialFacts {
	origin: string;
	publicId: string;
	/** The row id: the credential's place in the status lists. */
	index: number;
	issuedAt: string;
	issuerName: string;
	achievement: { id: number; name: string; description: string; criteria: string; imageUrl: string | null };
	/** The earner's e-mail, published only as a salted hash. */
	email: string;
}

export function statusEntry(origin: string, index: number) {
	const list = Math.floor(index / STATUS_LIST_SIZE);
	const bit = index % STATUS_LIST_SIZE;
	const url = `${origin}/badges/status/${list}`;
	return {
		id: `${url}#${bit}`,
		type: 'BitstringStatusListEntry',
		statusPurpose: 'revocation',
		statusListIndex: String(bit),
		statusListCredential: url
	};
}

/** The OpenBadgeCredential (unsigned). */
export function buildCredential(f: CredentialFacts): Record<string, unknown> {
	const did = didWebOf(f.origin);
	const salt = createHash('sha256').update(`salt:${f.publicId}`).digest('hex').slice(0, 16);
	const identityHash =
		'sha256$' +
		createHash('sha256')
			.update(f.email.toLowerCase() + salt)
			.digest('hex');
	const a = f.achievement;
	return {
		'@context': [...OB_CONTEXT],
		id: `urn:uuid:${f.publicId}`,
		type: ['VerifiableCredential', 'OpenBadgeCredential'],
		name: a.name,
		issuer: { id: did, type: ['Profile'], name: f.issuerName, url: f.origin },
		validFrom: f.issuedAt,
		credentialSubject: {
			type: ['AchievementSubject'],
			identifier: [
				{ type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash, salt }
			],
			achievement: {
				id: `${f.origin}/badges/achievements/${a.id}`,
				type: ['Achievement'],
				name: a.name,
				description: a.description,
				criteria: { narrative: a.criteria },
				...(a.imageUrl ? { image: { id: a.imageUrl, type: 'Image' } } : {})
			}
		},
		credentialStatus: statusEntry(f.origin, f.index)
	};
}

async function sign(payload: Record<string, unknown>, key: IssuerKey, origin: string): Promise<string> {
	const did = didWebOf(origin);
	const validFrom = Date.parse(String(payload.validFrom));
	return new SignJWT(payload)
		.setProtectedHeader({ alg: 'EdDSA', typ: JWT_TYPE, kid: `${did}#${key.kid}` })
		.setIssuer(did)
		.setJti(String(payload.id))
		.setNotBefore(Math.floor(validFrom / 1000))
		.setIssuedAt(Math.floor(validFrom / 1000))
		.sign(await importJWK(key.privateJwk, 'EdDSA'));
}

export function signCredential(credential: Record<string, unknown>, key: IssuerKey, origin: string) {
	return sign(credential, key, origin);
}

/**
 * Checks a VC-JWT against the issuer's public key: the credential payload when the signature
 * holds, null when it does not (tampered, or not ours).
 */
export async function verifyCredentialJwt(
	jwt: string,
	publicJwk: JWK
): Promise<Record<string, unknown> | null> {
	try {
		const { payload } = await jwtVerify(jwt, await importJWK(publicJwk, 'EdDSA'), {
			typ: JWT_TYPE,
			algorithms: ['EdDSA']
		});
		return payload as Record<string, unknown>;
	} catch {
		return null;
	}
}

/** The payload without checking anything (to name what a tampered credential claims). */
export function unverifiedPayload(jwt: string): Record<string, unknown> | null {
	try {
		return decodeJwt(jwt) as Record<string, unknown>;
	} catch {
		return null;
	}
}

/** The VCDM 2.0 JSON form of a JWT-secured credential (what a wallet imports as JSON). */
export function envelope(jwt: string) {
	return {
		'@context': ['https://www.w3.org/ns/credentials/v2'],
		id: `data:application/vc+jwt,${jwt}`,
		type: 'EnvelopedVerifiableCredential'
	};
}

/** A JWT from what a person pasted: the compact JWT, or the enveloped JSON. */
export function jwtFromPasted(text: string): string | null {
	const trimmed = text.trim();
	if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(trimmed)) return trimmed;
	try {
		const parsed = JSON.parse(trimmed) as { id?: unknown };
		const id = typeof parsed.id === 'string' ? parsed.id : '';
		const prefix = 'data:application/vc+jwt,';
		return id.startsWith(prefix) && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(id.slice(prefix.length))
			? id.slice(prefix.length)
			: null;
	} catch {
		return null;
	}
}

// ---- status lists

/** `u` + base64url(gzip(bits)), bit 0 the first byte's most significant bit. */
export function encodeStatusList(setBits: readonly number[], size = STATUS_LIST_SIZE): string {
	const bytes = Buffer.alloc(size / 8);
	for (const bit of setBits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
	return 'u' + gzipSync(bytes).toString('base64url');
}

export function statusBit(encodedList: string, bit: number): boolean {
	const bytes = gunzipSync(Buffer.from(encodedList.replace(/^u/, ''), 'base64url'));
	return ((bytes[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0;
}

export function statusListCredential(origin: string, list: number, setBits: readonly number[], now: string) {
	const url = `${origin}/badges/status/${list}`;
	return {
		'@context': ['https://www.w3.org/ns/credentials/v2'],
		id: url,
		type: ['VerifiableCredential', 'BitstringStatusListCredential'],
		issuer: didWebOf(origin),
		validFrom: now,
		credentialSubject: {
			id: `${url}#list`,
			type: 'BitstringStatusList',
			statusPurpose: 'revocation',
			encodedList: encodeStatusList(setBits)
		}
	};
}

export function signStatusList(credential: Record<string, unknown>, key: IssuerKey, origin: string) {
	return sign(credential, key, origin);
}
