import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { listOutbox } from '#lib/server/mail/outbox.service.ts';
import { resolveProgrammeId } from '#lib/server/organisation/programme-context.ts';
import { AccessDeniedError } from '#lib/server/policy/policy.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor) redirect(303, '/sign-in?next=' + encodeURIComponent(url.pathname + url.search));
	const db = getDb();
	const programmeId = await resolveProgrammeId(
		db,
		locals.actor,
		Number(url.searchParams.get('programme')) || null
	);
	if (programmeId === null) error(404, translate(locals.locale, 'error.notFound'));
	try {
		const page = await listOutbox(db, locals.actor, programmeId, Number(url.searchParams.get('page')) || 1);
		return { ...page, programmeId };
	} catch (caught) {
		if (caught instanceof AccessDeniedError) error(404, translate(locals.locale, 'error.notFound'));
		throw caught;
	}
};
