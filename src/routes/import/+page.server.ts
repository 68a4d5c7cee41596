import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { getDb } from '#lib/server/db/index.ts';
import { IMPORT_KINDS, type ImportKind } from '#lib/server/imports/imports.schema.ts';
import {
	ImportFileError,
	MAX_FILE_MB,
	previewImport,
	recentImportJobs
} from '#lib/server/imports/imports.service.ts';
import { orNotFound, pageProgramme, requirePageActor } from '#lib/server/web/route.ts';

/** The upload form and the programme's recent imports (programme office and admins only). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requirePageActor(locals, url);
	const programmeId = await pageProgramme(actor, locals, url);
	const recent = await orNotFound(locals.locale, () => recentImportJobs(getDb(), actor, programmeId));
	return { programmeId, recent, kinds: IMPORT_KINDS };
};

export const actions: Actions = {
	/** Validates the file (dry run) and shows the preview; nothing but the job is stored. */
	preview: async ({ request, locals, url }) => {
		const actor = requirePageActor(locals, url);
		const programmeId = await pageProgramme(actor, locals, url);
		const form = await request.formData();
		const kindValue = form.get('kind');
		const file = form.get('file');
		const kind = IMPORT_KINDS.find((k) => k === kindValue);
		const errors: Record<string, string[]> = {};
		if (!kind) errors.kind = [translate(locals.locale, 'error.choice')];
		if (!(file instanceof File) || file.size === 0 || !file.name)
			errors.file = [translate(locals.locale, 'import.upload.noFile')];
		else if (file.size > MAX_FILE_MB * 1024 * 1024)
			errors.file = [translate(locals.locale, 'import.file.tooLarge', { max: MAX_FILE_MB })];
		if (Object.keys(errors).length > 0 || !(file instanceof File))
			return fail(400, { errors, values: { kind: kind ?? '' } });
		let jobId: number;
		try {
			const data = new Uint8Array(await file.arrayBuffer());
			({ jobId } = await orNotFound(locals.locale, () =>
				previewImport(getDb(), actor, { programmeId, kind: kind as ImportKind, fileName: file.name, data })
			));
		} catch (e) {
			if (e instanceof ImportFileError)
				return fail(400, {
					errors: { file: [translate(locals.locale, e.key, e.params)] },
					values: { kind: kind ?? '' }
				});
			throw e;
		}
		redirect(303, `/import/${jobId}`);
	}
};
