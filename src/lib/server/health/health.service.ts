import { pingDatabase } from './health.repository.ts';
import type { Db } from '../db/database.ts';

/** What `/healthz` reports: healthy, or the parts that failed (never details or data). */
export interface Health {
	ok: boolean;
	database: boolean;
	process: boolean;
}

/** Built-in prototypes every object inherits from; nothing may ever be added to them. */
const PROTOTYPES: readonly object[] = [
	Object.prototype,
	Array.prototype,
	Function.prototype,
	String.prototype,
	Number.prototype,
	Boolean.prototype
];

/**
 * Is the process intact? A property added to a built-in prototype (prototype pollution)
 * breaks every later request of this process while the database still answers, so a load
 * balancer must see it and replace the instance.
 */
export function processIntact(): boolean {
	for (const proto of PROTOTYPES) if (Object.keys(proto).length > 0) return false;
	for (const key in {}) if (key) return false;
	return true;
}

/** Liveness and readiness: the database answers `select 1` and the process is intact. */
export async function checkHealth(db: Db): Promise<Health> {
	const process = processIntact();
	let database = true;
	try {
		await pingDatabase(db);
	} catch (e) {
		console.error('healthz: database check failed', e);
		database = false;
	}
	if (!process) console.error('healthz: a built-in prototype was modified; this process must be replaced');
	return { ok: database && process, database, process };
}
