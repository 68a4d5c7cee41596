import zlib from 'node:zlib';

/**
 * Just enough ZIP to open an XLSX safely: the central directory is read first (so declared sizes
 * can be refused before anything is inflated), each entry is inflated with a hard cap on its
 * real output (declared sizes can lie) and checked against its CRC. `storedZip` writes the
 * checked entries back as an uncompressed ZIP for exceljs' streaming reader, so what exceljs
 * reads is exactly what was counted here.
 *
 * Only erasable TypeScript here: this file also runs in a worker under Node's type stripping.
 */

export interface ZipEntry {
	name: string;
	method: number;
	flags: number;
	crc: number;
	compressedSize: number;
	/** As the file declares it; checked against the real size when inflated. */
	size: number;
	localOffset: number;
}

/** Why a ZIP could not be opened; `parse.ts` turns these into `ImportFileError`s. */
export class ZipError extends Error {
	readonly kind: 'unreadable' | 'tooLarge';
	constructor(kind: 'unreadable' | 'tooLarge', message: string) {
		super(message);
		this.name = 'ZipError';
		this.kind = kind;
	}
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRIES = 10_000;
const CHUNK = 64 * 1024;

const unreadable = (message: string) => new ZipError('unreadable', message);

function view(data: Uint8Array): DataView {
	return new DataView(data.buffer, data.byteOffset, data.byteLength);
}

/** Reads a u64 that must fit in a JS number (anything larger is refused as too large anyway). */
function u64(v: DataView, at: number): number {
	return v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;
}

/** Lists the entries of a ZIP from its central directory. Inflates nothing. */
export function readZipDirectory(data: Uint8Array): ZipEntry[] {
	const v = view(data);
	if (data.length < 22) throw unreadable('not a ZIP file');
	let eocd = -1;
	for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--)
		if (v.getUint32(i, true) === EOCD) {
			eocd = i;
			break;
		}
	if (eocd < 0) throw unreadable('not a ZIP file');
	let count = v.getUint16(eocd + 10, true);
	let dirOffset = v.getUint32(eocd + 16, true);
	if (count === 0xffff || dirOffset === 0xffffffff) {
		const locator = eocd - 20;
		if (locator < 0 || v.getUint32(locator, true) !== EOCD64_LOCATOR)
			throw unreadable('broken ZIP64 directory');
		const at = u64(v, locator + 8);
		if (at + 56 > data.length || v.getUint32(at, true) !== EOCD64) throw unreadable('broken ZIP64 directory');
		count = u64(v, at + 32);
		dirOffset = u64(v, at + 48);
	}
	if (count > MAX_ENTRIES) throw unreadable(`more than ${MAX_ENTRIES} entries`);
	const entries: ZipEntry[] = [];
	let p = dirOffset;
	for (let n = 0; n < count; n++) {
		if (p + 46 > data.length || v.getUint32(p, true) !== CENTRAL) throw unreadable('broken ZIP directory');
		const nameLength = v.getUint16(p + 28, true);
		const extraLength = v.getUint16(p + 30, true);
		const commentLength = v.getUint16(p + 32, true);
		if (p + 46 + nameLength + extraLength > data.length) throw unreadable('broken ZIP directory');
		const entry: ZipEntry = {
			name: Buffer.from(data.buffer, data.byteOffset + p + 46, nameLength).toString('utf8'),
			flags: v.getUint16(p + 8, true),
			method: v.getUint16(p + 10, true),
			crc: v.getUint32(p + 16, true),
			compressedSize: v.getUint32(p + 20, true),
			size: v.getUint32(p + 24, true),
			localOffset: v.getUint32(p + 42, true)
		};
		readZip64Extra(v, p + 46 + nameLength, extraLength, entry);
		entries.push(entry);
		p += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

/** Replaces 0xffffffff fields by their values from the ZIP64 extra field (in its fixed order). */
function readZip64Extra(v: DataView, start: number, length: number, entry: ZipEntry): void {
	const wanted = (['size', 'compressedSize', 'localOffset'] as const).filter((k) => entry[k] === 0xffffffff);
	if (wanted.length === 0) return;
	for (let p = start; p + 4 <= start + length;) {
		const id = v.getUint16(p, true);
		const size = v.getUint16(p + 2, true);
		if (id === 0x0001) {
			wanted.forEach((k, i) => {
				if (p + 4 + i * 8 + 8 > start + length) throw unreadable('broken ZIP64 entry');
				entry[k] = u64(v, p + 4 + i * 8);
			});
			return;
		}
		p += 4 + size;
	}
	throw unreadable('broken ZIP64 entry');
}

/**
 * Inflates one entry, refusing (`tooLarge`) as soon as its real output would pass `maxBytes`,
 * and refusing (`unreadable`) an entry whose size or CRC differs from what the directory says.
 */
export function inflateEntry(data: Uint8Array, entry: ZipEntry, maxBytes: number): Buffer {
	if (entry.flags & 1) throw unreadable('encrypted ZIP entry');
	if (entry.size > maxBytes) throw new ZipError('tooLarge', `${entry.name} declares ${entry.size} bytes`);
	const v = view(data);
	const at = entry.localOffset;
	if (at + 30 > data.length || v.getUint32(at, true) !== LOCAL) throw unreadable('broken ZIP entry');
	const start = at + 30 + v.getUint16(at + 26, true) + v.getUint16(at + 28, true);
	const end = start + entry.compressedSize;
	if (end > data.length) throw unreadable('broken ZIP entry');
	const raw = Buffer.from(data.buffer, data.byteOffset + start, entry.compressedSize);
	let out: Buffer;
	if (entry.method === 0) {
		if (raw.length > maxBytes)
			throw new ZipError('tooLarge', `${entry.name} holds more than ${maxBytes} bytes`);
		out = raw;
	} else if (entry.method === 8) {
		if (maxBytes < 1) throw new ZipError('tooLarge', `${entry.name} does not fit`);
		try {
			out = zlib.inflateRawSync(raw, { maxOutputLength: maxBytes });
		} catch (e) {
			if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
				throw new ZipError('tooLarge', `${entry.name} inflates to more than ${maxBytes} bytes`);
			throw unreadable(`${entry.name}: ${(e as Error).message}`);
		}
	} else throw unreadable(`unsupported compression method ${entry.method}`);
	if (out.length !== entry.size || zlib.crc32(out) !== entry.crc)
		throw unreadable(`${entry.name} is damaged`);
	return out;
}

/**
 * An uncompressed ZIP of these entries, as chunks of at most 64 KB (views, not copies, of the
 * inflated data). Names are written as UTF-8.
 */
export function storedZip(entries: readonly { name: string; data: Buffer }[]): Buffer[] {
	const chunks: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const { name, data } of entries) {
		const nameBytes = Buffer.from(name, 'utf8');
		const crc = zlib.crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(LOCAL, 0);
		local.writeUInt16LE(20, 4); // version needed
		local.writeUInt16LE(0x0800, 6); // UTF-8 names
		local.writeUInt16LE(0, 8); // stored
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(nameBytes.length, 26);
		chunks.push(local, nameBytes);
		// Small pieces: exceljs parses each chunk it gets in one go and holds all its events.
		for (let i = 0; i < data.length; i += CHUNK) chunks.push(data.subarray(i, i + CHUNK));
		const header = Buffer.alloc(46);
		header.writeUInt32LE(CENTRAL, 0);
		header.writeUInt16LE(20, 4);
		header.writeUInt16LE(20, 6);
		header.writeUInt16LE(0x0800, 8);
		header.writeUInt32LE(crc, 16);
		header.writeUInt32LE(data.length, 20);
		header.writeUInt32LE(data.length, 24);
		header.writeUInt16LE(nameBytes.length, 28);
		header.writeUInt32LE(offset, 42);
		central.push(header, nameBytes);
		offset += 30 + nameBytes.length + data.length;
	}
	const dirSize = central.reduce((n, b) => n + b.length, 0);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(EOCD, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(dirSize, 12);
	end.writeUInt32LE(offset, 16);
	return [...chunks, ...central, end];
}
