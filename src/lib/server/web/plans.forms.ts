import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { getDb } from '../db/index.ts';
import { idParam, pageAction, pageNotFound, requirePageActor } from './route.ts';
import { fieldErrors, formToObject } from '../core/validation.ts';
import type { Actor } from '../policy/policy.ts';
import type { Db } from '../db/database.ts';

/**
 * Form actions of the SWOT, needs and plan pages: parse with a schema, run the service, and
 * answer `fail(400, { form, errors, values })` (shown next to each field) or redirect with a
 * notice. A refusal is the 404 page.
 */
export async function planFormAction<S extends z.ZodType>(
	event: RequestEvent,
	form: string,
	schema: S,
	work: (ctx: {
		db: Db;
		actor: Actor;
		data: z.output<S>;
		values: Record<string, unknown>;
	}) => Promise<unknown>,
	success: string
) {
	const actor = requirePageActor(event.locals, event.url);
	const values = formToObject(await event.request.formData());
	const parsed = schema.safeParse(values);
	if (!parsed.success)
		return fail(400, { form, errors: fieldErrors(parsed.error, event.locals.locale), values });
	const done = await pageAction(
		event.locals,
		() => work({ db: getDb(), actor, data: parsed.data, values }),
		(errors) => ({ form, errors, values })
	);
	if (!done.ok) return done.failure;
	const url = new URL(event.url);
	url.search = '';
	for (const [k, v] of event.url.searchParams)
		if (k !== 'notice' && !k.startsWith('/')) url.searchParams.set(k, v);
	url.searchParams.set('notice', success);
	redirect(303, url.pathname + url.search);
}

/** A route id parameter for a page, or the 404 page. */
export function pageId(event: { params: Record<string, string>; locals: App.Locals }, name: string): number {
	const id = idParam(event.params[name]);
	if (id === null) pageNotFound(event.locals.locale);
	return id;
}

/** The form state a page gets back from a failed action. */
export interface PlanFormFailure {
	form: string;
	errors: Record<string, string[]>;
	values: Record<string, unknown>;
}
