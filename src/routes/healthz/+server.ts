import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { checkHealth } from '#lib/server/health/health.service.ts';

const noStore = { 'cache-control': 'no-store' };

/**
 * Liveness and readiness for load balancers: 200 when the database answers and the process
 * is intact, 503 otherwise. Public and never cached; says nothing about why it failed.
 */
export const GET: RequestHandler = async () => {
	const health = await checkHealth(getDb());
	return health.ok
		? json({ status: 'ok' }, { headers: noStore })
		: json({ status: 'error' }, { status: 503, headers: noStore });
};
