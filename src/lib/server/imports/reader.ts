import { Worker } from 'node:worker_threads';
import { ImportFileError, type Table } from './parse.ts';
import type { ParseReply } from './parse.worker.ts';

/**
 * Reads an import file in a worker thread with its own heap limit and a deadline, so that a
 * hostile or merely huge file costs one worker, never the request thread that serves everyone
 * else. At most `MAX_WORKERS` run at once; further files wait for a free one.
 */

/** Longest a file may take to read. */
export const PARSE_TIMEOUT_SECONDS = 30;
/** Heap a reading worker may use (old generation). */
export const PARSE_MEMORY_MB = 256;
const MAX_WORKERS = 2;

export interface WorkerLimits {
	timeoutMs?: number;
	memoryMb?: number;
}

let running = 0;
const waiting: (() => void)[] = [];

async function acquire(): Promise<void> {
	if (running < MAX_WORKERS) {
		running++;
		return;
	}
	await new Promise<void>((resolve) => waiting.push(resolve));
}

function release(): void {
	const next = waiting.shift();
	if (next) next();
	else running--;
}

/** Like `readImportFile` (parse.ts), in a worker. Throws `ImportFileError` for a refused file. */
export async function readImportFileInWorker(
	fileName: string,
	data: Uint8Array,
	limits: WorkerLimits = {}
): Promise<Table> {
	const timeoutMs = limits.timeoutMs ?? PARSE_TIMEOUT_SECONDS * 1000;
	const memoryMb = limits.memoryMb ?? PARSE_MEMORY_MB;
	const { workerUrl } = await import('./parse.worker.ts');
	await acquire();
	try {
		// A copy of its own (a Buffer's `slice` is a view, often of the shared pool), moved to the worker.
		const copy = new Uint8Array(data);
		return await new Promise<Table>((resolve, reject) => {
			const worker = new Worker(new URL(workerUrl), {
				workerData: { klokImportParse: true, fileName, data: copy.buffer },
				transferList: [copy.buffer],
				resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 32 }
			});
			let settled = false;
			const settle = (outcome: () => void) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				outcome();
				void worker.terminate();
			};
			const timer = setTimeout(
				() =>
					settle(() =>
						reject(new ImportFileError('import.file.tooSlow', { max: Math.ceil(timeoutMs / 1000) }))
					),
				timeoutMs
			);
			worker.once('message', (reply: ParseReply) =>
				settle(() => {
					if (reply.ok) resolve(reply.table);
					else if (reply.key !== undefined) reject(new ImportFileError(reply.key, reply.params));
					else reject(new Error(`Reading the import file failed: ${reply.message}`));
				})
			);
			worker.once('error', (e: Error & { code?: string }) =>
				settle(() =>
					reject(
						e.code === 'ERR_WORKER_OUT_OF_MEMORY'
							? new ImportFileError('import.file.tooMuchMemory', { max: memoryMb })
							: e
					)
				)
			);
			worker.once('exit', (code) =>
				settle(() => reject(new Error(`The import reader stopped (exit code ${code}) without an answer`)))
			);
		});
	} finally {
		release();
	}
}
