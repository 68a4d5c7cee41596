import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { statusListJwt } from '#lib/server/badges/badges.service.ts';

/** A Bitstring Status List credential (revocation), signed as VC-JWT; fresh for a minute. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const jwt = /^\d{1,5}$/.test(params.list) ? await statusListJwt(getDb(), Number(params.list)) : null;
	if (!jwt) error(404, translate(locals.locale, 'error.notFound'));
	return new Response(jwt, {
		headers: { 'content-type': 'application/vc+jwt', 'cache-control': 'public, max-age=60' }
	});
};
