/** An uploaded file from a multipart form (`<input type="file">`), or null when none was chosen. */
export async function formFile(
	form: FormData,
	name = 'file'
): Promise<{ name: string; type: string; content: Uint8Array } | null> {
	const file = form.get(name);
	if (!(file instanceof File) || (file.size === 0 && !file.name)) return null;
	return { name: file.name, type: file.type, content: new Uint8Array(await file.arrayBuffer()) };
}

/** RFC 6266 header with an ASCII fallback and the UTF-8 name (å, ä, ö survive); always a download. */
export function attachmentDisposition(fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
