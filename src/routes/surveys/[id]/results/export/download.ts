import type { ExportFile } from '#lib/server/surveys/survey-export.service.ts';

/** A file download response (never cached: results change while a survey is open). */
export function download(file: ExportFile): Response {
	return new Response(file.body as BodyInit, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'cache-control': 'no-store'
		}
	});
}
