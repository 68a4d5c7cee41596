import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { communityAction, readForm } from '#lib/server/web/community.http.ts';
import {
	addRecording,
	listRecordings,
	publishRecording,
	removeRecording
} from '#lib/server/recordings/recordings.service.ts';
import { MAX_RECORDING_BYTES } from '#lib/server/recordings/recordings.schema.ts';

/** A session's recordings (members of the programme), and for the office adding and publishing them. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	return {
		...(await orNotFound(locals.locale, () => listRecordings(getDb(), actor, id))),
		maxMb: Math.round(MAX_RECORDING_BYTES / 1024 / 1024),
		notice: url.searchParams.get('notice')
	};
};

async function context(event: RequestEvent) {
	const actor = requirePageActor(event.locals, event.url);
	const id = idParam(event.params.id);
	if (id === null) pageNotFound(event.locals.locale);
	return { actor, id, ...(await readForm(event.request)) };
}

export const actions: Actions = {
	add: async (event) => {
		const { actor, id, form, values } = await context(event);
		const file = form.get('file');
		const upload =
			file instanceof File && file.size > 0
				? { name: file.name, type: file.type, content: new Uint8Array(await file.arrayBuffer()) }
				: null;
		const r = await communityAction(event.locals, 'recording', values, () =>
			addRecording(getDb(), actor, id, values, upload)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/catalogue/sessions/${id}/recordings?notice=added`);
	},
	publish: async (event) => {
		const { actor, id, values } = await context(event);
		const recordingId = typeof values.recordingId === 'string' ? values.recordingId : '';
		const r = await communityAction(event.locals, 'publish', values, () =>
			publishRecording(getDb(), actor, recordingId, values.published === 'true')
		);
		if (!r.ok) return r.failure;
		redirect(303, `/catalogue/sessions/${id}/recordings?notice=published`);
	},
	remove: async (event) => {
		const { actor, id, values } = await context(event);
		const recordingId = typeof values.recordingId === 'string' ? values.recordingId : '';
		const r = await communityAction(event.locals, 'publish', values, () =>
			removeRecording(getDb(), actor, recordingId)
		);
		if (!r.ok) return r.failure;
		redirect(303, `/catalogue/sessions/${id}/recordings?notice=removed`);
	}
};
