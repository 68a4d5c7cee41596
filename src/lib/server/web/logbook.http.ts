import { fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { pageAction } from './route.ts';
import { parseForm } from '../core/validation.ts';

/**
 * Runs a logbook form action: validates the form, runs the service, and turns invalid input
 * and rule errors into `fail(400, { errors, values, action })` (refusals into the 404 page).
 */
export async function logbookFormAction<S extends z.ZodType, T>(
	request: Request,
	locals: App.Locals,
	schema: S,
	action: string,
	work: (data: z.output<S>) => Promise<T>
): Promise<
	| { ok: true; value: T }
	| {
			ok: false;
			failure: ActionFailure<{
				errors: Record<string, string[]>;
				values: Record<string, unknown>;
				action: string;
			}>;
	  }
> {
	const parsed = await parseForm(request, schema, locals.locale);
	if (!parsed.ok)
		return { ok: false, failure: fail(400, { errors: parsed.errors, values: parsed.values, action }) };
	return pageAction(
		locals,
		() => work(parsed.data),
		(errors) => ({ errors, values: parsed.data as Record<string, unknown>, action })
	);
}
