import zlib from 'node:zlib';

/**
 * Hand-made XLSX files for import tests: a workbook around one sheet's XML, deflated here so
 * that tests can build zip bombs (a repeated chunk, streamed through deflate, never held in
 * full) and entries whose declared size lies.
 */

/** An entry's content: bytes, or `head` + `repeat` × `times` + `tail` streamed through deflate. */
export type FixtureContent = string | { head: string; repeat: string; times: number; tail: string };

export interface FixtureEntry {
	name: string;
	content: FixtureContent;
	/** The uncompressed size written into the ZIP headers, instead of the real one. */
	declaredSize?: number;
}

async function deflate(content: FixtureContent): Promise<{ data: Buffer; size: number; crc: number }> {
	if (typeof content === 'string') {
		const raw = Buffer.from(content, 'utf8');
		return { data: zlib.deflateRawSync(raw), size: raw.length, crc: zlib.crc32(raw) };
	}
	const stream = zlib.createDeflateRaw({ level: 9 });
	const chunks: Buffer[] = [];
	stream.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise((resolve, reject) => stream.on('end', resolve).on('error', reject));
	let size = 0;
	let crc = 0;
	const write = async (b: Buffer) => {
		size += b.length;
		crc = zlib.crc32(b, crc);
		if (!stream.write(b)) await new Promise((r) => stream.once('drain', r));
	};
	await write(Buffer.from(content.head));
	// Repeat in ~1 MB blocks so the test stays fast and light.
	const unit = Buffer.from(content.repeat);
	const perBlock = Math.max(1, Math.floor((1 << 20) / unit.length));
	const block = Buffer.concat(Array.from({ length: perBlock }, () => unit));
	let left = content.times;
	while (left >= perBlock) {
		await write(block);
		left -= perBlock;
	}
	if (left > 0) await write(block.subarray(0, left * unit.length));
	await write(Buffer.from(content.tail));
	stream.end();
	await done;
	return { data: Buffer.concat(chunks), size, crc };
}

/** A ZIP of deflated entries. */
export async function zipOf(entries: readonly FixtureEntry[]): Promise<Uint8Array> {
	const out: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const { data, size, crc } = await deflate(entry.content);
		const declared = entry.declaredSize ?? size;
		const name = Buffer.from(entry.name);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(8, 8);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(declared, 22);
		local.writeUInt16LE(name.length, 26);
		out.push(local, name, data);
		const header = Buffer.alloc(46);
		header.writeUInt32LE(0x02014b50, 0);
		header.writeUInt16LE(20, 4);
		header.writeUInt16LE(20, 6);
		header.writeUInt16LE(8, 10);
		header.writeUInt32LE(crc, 16);
		header.writeUInt32LE(data.length, 20);
		header.writeUInt32LE(declared, 24);
		header.writeUInt16LE(name.length, 28);
		header.writeUInt32LE(offset, 42);
		central.push(header, name);
		offset += 30 + name.length + data.length;
	}
	const size = central.reduce((n, b) => n + b.length, 0);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(size, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...out, ...central, end]));
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Opening and closing of a worksheet part, around `<row>` elements. */
export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`;
export const SHEET_TAIL = '</sheetData></worksheet>';

/** A row of inline-string cells; `cells` maps column letters to texts. */
export function sheetRow(n: number, cells: Record<string, string>): string {
	const xml = Object.entries(cells)
		.map(([col, text]) => `<c r="${col}${n}" t="inlineStr"><is><t>${text}</t></is></c>`)
		.join('');
	return `<row r="${n}">${xml}</row>`;
}

/** A workbook with one sheet whose XML is `sheet`, as an XLSX file. */
export function xlsxOf(sheet: FixtureContent, options: { declaredSize?: number } = {}): Promise<Uint8Array> {
	return zipOf([
		{
			name: '[Content_Types].xml',
			content:
				'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
				'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
				'<Default Extension="xml" ContentType="application/xml"/>' +
				'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
				'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
				'</Types>'
		},
		{
			name: '_rels/.rels',
			content: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
		},
		{
			name: 'xl/workbook.xml',
			content: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`
		},
		{
			name: 'xl/_rels/workbook.xml.rels',
			content: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
		},
		{ name: 'xl/worksheets/sheet1.xml', content: sheet, ...options }
	]);
}

/**
 * A zip bomb: a sheet of `megabytes` MB of repeated rows that compresses to a few hundred KB.
 * With `lie`, the ZIP declares the sheet tiny, so only counting the real output catches it.
 */
export function xlsxBomb(megabytes: number, options: { lie?: boolean } = {}): Promise<Uint8Array> {
	const repeat = '<row><c t="inlineStr"><is><t>bomb</t></is></c></row>';
	return xlsxOf(
		{
			head: SHEET_HEAD,
			repeat,
			times: Math.ceil((megabytes * 1024 * 1024) / repeat.length),
			tail: SHEET_TAIL
		},
		options.lie ? { declaredSize: 1_000 } : {}
	);
}
