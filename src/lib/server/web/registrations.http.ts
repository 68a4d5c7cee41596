import type { RequestEvent } from '@sveltejs/kit';
import { notFound } from './api.ts';
import { idParam } from './route.ts';

/** Route id parameter or the API's 404 (a malformed id is as unknown as a missing one). */
export function apiIdParam(event: RequestEvent): number {
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	return id;
}
