import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';

const noStore = { 'cache-control': 'no-store' };

/**
 * Liveness and readiness for load balancers: 200 when the database answers `select 1`,
 * 503 otherwise. Public and never cached; says nothing about why it failed.
 */
export const GET: RequestHandler = async () => {
	try {
		await sql`select 1`.execute(getDb());
		return json({ status: 'ok' }, { headers: noStore });
	} catch (e) {
		console.error('healthz: database check failed', e);
		return json({ status: 'error' }, { status: 503, headers: noStore });
	}
};
