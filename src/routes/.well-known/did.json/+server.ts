import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { issuerDidDocument } from '#lib/server/badges/badges.service.ts';

/** The badge issuer's did:web document: the public key credentials are verified with. */
export const GET: RequestHandler = async () =>
	json(await issuerDidDocument(getDb()), {
		headers: { 'content-type': 'application/did+json', 'cache-control': 'public, max-age=300' }
	});
