import { parentPort, workerData } from 'node:worker_threads';
import { ImportFileError, readImportFile } from './parse.ts';

/**
 * The worker that reads an import file (started by `reader.ts`). Loaded on the main thread only
 * to learn its own URL: `reader.ts` imports it dynamically, which also makes the build put it in
 * a chunk of its own, so the same URL works from the TypeScript source (tests, CLI) and from the
 * built server. Only erasable TypeScript here (Node's type stripping runs it in tests).
 */
export const workerUrl: string = import.meta.url;

/** What the worker answers. */
export type ParseReply =
	| { ok: true; table: { headers: string[]; rows: { n: number; cells: string[] }[] } }
	| { ok: false; key: ImportFileError['key']; params: ImportFileError['params'] }
	| { ok: false; key?: undefined; message: string };

const job = workerData as { klokImportParse?: boolean; fileName: string; data: ArrayBuffer } | null;
const port = parentPort;
if (port && job?.klokImportParse) {
	readImportFile(job.fileName, new Uint8Array(job.data)).then(
		(table) => port.postMessage({ ok: true, table } satisfies ParseReply),
		(e: unknown) =>
			port.postMessage(
				(e instanceof ImportFileError
					? { ok: false, key: e.key, params: e.params }
					: {
							ok: false,
							message: e instanceof Error ? (e.stack ?? e.message) : String(e)
						}) satisfies ParseReply
			)
	);
}
