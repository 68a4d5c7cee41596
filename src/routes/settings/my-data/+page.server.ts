import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { myExport, myExports, requestMyExport } from '#lib/server/privacy/privacy.service.ts';
import { idParam, requirePageActor } from '#lib/server/web/route.ts';

/** A download token as minted (`kx_` + 43 base64url characters); anything else is ignored. */
const TOKEN = /^kx_[A-Za-z0-9_-]{43}$/;

/** My data: ask for an export of everything Klok holds about me, follow it, download it. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const db = getDb();
	const id = idParam(url.searchParams.get('export'));
	const key = url.searchParams.get('key');
	const current = id !== null ? await myExport(db, actor, id) : null;
	return {
		current,
		key: current && key && TOKEN.test(key) ? key : null,
		exports: await myExports(db, actor)
	};
};

export const actions: Actions = {
	request: async ({ locals, url }) => {
		const actor = requirePageActor(locals, url);
		const { id, token } = await requestMyExport(getDb(), actor);
		redirect(303, `/settings/my-data?export=${id}&key=${encodeURIComponent(token)}`);
	}
};
