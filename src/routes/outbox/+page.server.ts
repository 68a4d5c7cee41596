import type { PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';
import { mailOptionsFromConfig, SECRET_MASK } from '#lib/server/mail/mail.service.ts';
import { listOutbox } from '#lib/server/mail/outbox.service.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const page = await orNotFound(locals.locale, () =>
		listOutbox(getDb(), actor, programmeId, Number(url.searchParams.get('page')) || 1)
	);
	return {
		...page,
		programmeId,
		smtpConfigured: Boolean(mailOptionsFromConfig().smtpUrl),
		secretMask: SECRET_MASK
	};
};
