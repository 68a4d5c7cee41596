import type { Locale } from '#lib/i18n/index.ts';
import type { Actor } from '#lib/server/policy/policy.ts';

declare global {
	namespace App {
		interface Locals {
			locale: Locale;
			/** The signed-in person, or null. */
			actor: Actor | null;
			/** Hash of the session cookie, when signed in through a session. */
			sessionId: string | null;
			/** True when the request authenticated with a personal API token. */
			viaApiToken: boolean;
		}
		interface Error {
			message: string;
		}
		interface PageData {
			locale: Locale;
		}
	}
}

export {};
