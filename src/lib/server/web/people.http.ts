import type { ActionFailure, RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '../db/index.ts';
import { notFound, parseQuery, requireApiActor } from './api.ts';
import { idParam, pageAction } from './route.ts';
import { resolveProgrammeId } from '../organisation/programme-context.service.ts';
import type { FieldErrors } from '../core/validation.ts';
import type { Actor } from '../policy/policy.ts';
import { peopleQuerySchema } from '../people/people.schema.ts';

/**
 * Shared by the people pages and `/api/v1/people`: parameter parsing and the mapping of
 * service errors to responses.
 */

/** `programmeId` query parameter for the API (optional; defaults to the caller's programme). */
const programmeParam = z.object({ programmeId: z.coerce.number().int().positive().optional() });

/** The actor and the programme an API call works in; 404 when the actor has none. */
export async function apiContext(event: RequestEvent): Promise<{ actor: Actor; programmeId: number }> {
	const actor = requireApiActor(event);
	const { programmeId: requested } = parseQuery(event, programmeParam.loose());
	const programmeId = await resolveProgrammeId(getDb(), actor, requested);
	if (programmeId === null) throw notFound(event);
	return { actor, programmeId };
}

/** List query for the API: the page schema plus `programmeId`; unknown parameters are refused. */
export const peopleApiQuerySchema = peopleQuerySchema.extend(programmeParam.shape).strict();

/** Route id parameter or 404 (a malformed id is as unknown as a missing one). */
export function personIdParam(event: RequestEvent): number {
	const id = idParam(event.params.id);
	if (id === null) throw notFound(event);
	return id;
}

/**
 * Runs a form action's service call. Invalid input becomes `fail(400, { form, errors, values })`
 * for the page to show next to each field; a refusal becomes the 404 page.
 */
export async function formAction<T>(
	locals: App.Locals,
	formName: string,
	values: Record<string, unknown>,
	work: () => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; failure: ActionFailure<FormFailure> }> {
	return pageAction(locals, work, (errors) => ({ form: formName, errors, values }));
}

/** What a failed person form action returns: which form failed, its errors and the submitted values. */
export interface FormFailure {
	form: string;
	errors: FieldErrors;
	values: Record<string, unknown>;
}
