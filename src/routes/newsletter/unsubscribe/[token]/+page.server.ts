import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { tokenIsValid, unsubscribeByToken } from '#lib/server/newsletter/newsletter.service.ts';

/**
 * The link in every newsletter. Opening it changes nothing (link scanners open links); the
 * POST unsubscribes: the page's button, or a mail client's RFC 8058 one-click POST
 * (`List-Unsubscribe=One-Click`). No sign-in: the token is bound to one person and programme.
 */
export const load: PageServerLoad = async ({ params }) => ({
	valid: await tokenIsValid(getDb(), params.token)
});

export const actions: Actions = {
	default: async ({ params }) => ({ done: await unsubscribeByToken(getDb(), params.token) })
};
