import JSZip from 'jszip';
import { isMessageKey, translate, type Locale, type MessageKey } from '#lib/i18n/index.ts';

/**
 * The export ZIP: one JSON file per table or area (`<area>/<name>.json`) and `index.html`, a
 * page a person can open without Klok that lists every file and shows its rows as tables.
 * Written as a stream (DEFLATE, entry by entry) and collected into one buffer for the job row.
 */

export interface ArchivePart {
	area: string;
	files: Record<string, unknown[]>;
}

const escapeHtml = (v: string) =>
	v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function cell(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'object') return escapeHtml(JSON.stringify(value));
	return escapeHtml(String(value));
}

function table(caption: string, rows: unknown[]): string {
	const objects = rows.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
	const columns = [...new Set(objects.flatMap((r) => Object.keys(r)))];
	if (objects.length === 0) return '';
	return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${columns
		.map((c) => `<th scope="col">${escapeHtml(c)}</th>`)
		.join('')}</tr></thead><tbody>${objects
		.map((r) => `<tr>${columns.map((c) => `<td>${cell(r[c])}</td>`).join('')}</tr>`)
		.join('')}</tbody></table>`;
}

export function indexHtml(
	locale: Locale,
	p: { name: string; createdAt: string; parts: ArchivePart[] }
): string {
	const t = (key: MessageKey, params?: Record<string, string | number>) =>
		escapeHtml(translate(locale, key, params));
	const areaTitle = (area: string) => {
		const key = `privacy.area.${area}`;
		return isMessageKey(key) ? t(key) : escapeHtml(area);
	};
	const sections = p.parts
		.map(
			(part) =>
				`<section><h2>${areaTitle(part.area)}</h2><ul>${Object.entries(part.files)
					.map(
						([name, rows]) =>
							`<li><a href="${escapeHtml(`${part.area}/${name}.json`)}">${escapeHtml(`${part.area}/${name}.json`)}</a> — ${t('privacy.archive.rows', { count: rows.length })}</li>`
					)
					.join('')}</ul>${Object.entries(part.files)
					.map(([name, rows]) => table(`${part.area}/${name}.json`, rows))
					.join('')}</section>`
		)
		.join('');
	return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${t('privacy.archive.title')}</title>
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem}table{border-collapse:collapse;margin:1rem 0;display:block;overflow-x:auto}td,th{border:1px solid #999;padding:.2rem .4rem;text-align:left;vertical-align:top}caption{text-align:left;font-weight:bold}</style>
</head><body><h1>${t('privacy.archive.title')}</h1><p>${t('privacy.archive.intro', { name: p.name, date: p.createdAt.slice(0, 10) })}</p>${sections}</body></html>`;
}

/** Builds the ZIP from the parts; resolves with its bytes. */
export async function buildArchive(
	locale: Locale,
	p: { name: string; createdAt: string; parts: ArchivePart[] }
): Promise<Buffer> {
	const zip = new JSZip();
	zip.file('index.html', indexHtml(locale, p));
	for (const part of p.parts)
		for (const [name, rows] of Object.entries(part.files))
			zip.file(`${part.area}/${name}.json`, JSON.stringify(rows, null, 2));
	const chunks: Buffer[] = [];
	await new Promise<void>((resolve, reject) => {
		zip
			.generateNodeStream({ type: 'nodebuffer', streamFiles: true, compression: 'DEFLATE' })
			.on('data', (chunk: Buffer) => chunks.push(chunk))
			.on('end', () => resolve())
			.on('error', reject);
	});
	return Buffer.concat(chunks);
}
