import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { SESSION_COOKIE, invalidateSession } from '#lib/server/auth/session.service.ts';
import { getDb } from '#lib/server/db/index.ts';

/** Ends the current session. POST only (SvelteKit's origin check guards it), so a link cannot sign anyone out. */
export const POST: RequestHandler = async ({ locals, cookies }) => {
	if (locals.sessionId) await invalidateSession(getDb(), locals.sessionId);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	redirect(303, '/sign-in');
};

/** A plain visit does nothing harmful: back to the start page. */
export const GET: RequestHandler = () => redirect(303, '/');
