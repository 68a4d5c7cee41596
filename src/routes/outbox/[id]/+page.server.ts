import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { SECRET_MASK } from '#lib/server/mail/mail.service.ts';
import { getOutboxMessage } from '#lib/server/mail/outbox.service.ts';
import { resolveProgrammeId } from '#lib/server/organisation/programme-context.service.ts';
import { orNotFound, requirePageActor } from '#lib/server/web/route.ts';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = Number(params.id);
	const db = getDb();
	const programmeId = await resolveProgrammeId(db, actor, Number(url.searchParams.get('programme')) || null);
	const message =
		programmeId !== null && Number.isSafeInteger(id) && id > 0
			? await orNotFound(locals.locale, () => getOutboxMessage(db, actor, programmeId, id))
			: null;
	// Unknown, out of scope and forbidden all look the same.
	if (!message) error(404, translate(locals.locale, 'error.notFound'));
	// Attachment names only (e.g. invite.ics); the content stays on the server.
	const attachmentNames = message.attachments
		? (JSON.parse(message.attachments) as { filename: string }[]).map((a) => a.filename)
		: [];
	return {
		message: { ...message, attachments: null },
		attachmentNames,
		programmeId,
		secretMask: SECRET_MASK
	};
};
