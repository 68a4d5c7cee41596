/**
 * A page with several forms returns `{ form, errors, values }` from the action that failed
 * (`web/route.ts` `pageAction`); each form reads its own part, or empty errors and values.
 */
export interface FormFailure {
	form: string;
	errors: Record<string, string[]>;
	values: Record<string, string | undefined>;
}

export function failedForm(form: unknown, name: string): Omit<FormFailure, 'form'> {
	const f = form as Partial<FormFailure> | null | undefined;
	return f && f.form === name
		? { errors: f.errors ?? {}, values: f.values ?? {} }
		: { errors: {}, values: {} };
}
