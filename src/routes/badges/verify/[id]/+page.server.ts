import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { pageNotFound } from '#lib/server/web/route.ts';
import { verifyIssued } from '#lib/server/badges/badges.service.ts';

/** The public verification of an issued credential (no sign-in): valid, revoked or tampered. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const verification = await verifyIssued(getDb(), params.id);
	if (!verification) pageNotFound(locals.locale);
	return { verification, publicId: params.id };
};
