import { formToObject } from '../core/validation.ts';
import type { FieldErrors } from '../core/validation.ts';
import { pageAction } from './route.ts';

/**
 * Form actions of the community pages (experts, networks, newsletter, recordings): the form's
 * values, and the service call with a refusal as 404 and rule errors as `fail(400)` naming the
 * form, so the page shows them beside the right fields.
 */
export async function readForm(request: Request) {
	const form = await request.formData();
	return { form, values: formToObject(form) };
}

/** Field errors of list items (`languages.0`) shown on their list's field. */
function onListFields(errors: FieldErrors): FieldErrors {
	const out: FieldErrors = {};
	for (const [field, messages] of Object.entries(errors))
		(out[field.replace(/\.\d+$/, '')] ??= []).push(...messages);
	return out;
}

export function communityAction<T>(
	locals: App.Locals,
	formName: string,
	values: Record<string, unknown>,
	work: () => Promise<T>
) {
	return pageAction(locals, work, (errors) => ({ form: formName, errors: onListFields(errors), values }));
}
