import { isActionFailure, isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, KeyedRuleError } from '../core/errors.ts';
import { pageAction } from './route.ts';

const locals = { locale: 'en' } as App.Locals;

describe('pageAction', () => {
	it('returns the value of the work', async () => {
		expect(
			await pageAction(
				locals,
				async () => 42,
				(errors) => ({ errors })
			)
		).toEqual({ ok: true, value: 42 });
	});

	it('turns a refusal into the 404 page', async () => {
		const caught = await pageAction(
			locals,
			async () => {
				throw new AccessDeniedError();
			},
			(errors) => ({ errors })
		).catch((e: unknown) => e);
		expect(isHttpError(caught, 404)).toBe(true);
	});

	it('turns a rule error into fail(400) with the failure data built from the field errors', async () => {
		const r = await pageAction(
			locals,
			async () => {
				throw new KeyedRuleError('error.invalid', 'name');
			},
			(errors) => ({ form: 'edit', errors, values: { name: 'x' } })
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(isActionFailure(r.failure)).toBe(true);
		expect(r.failure.status).toBe(400);
		expect(r.failure.data).toEqual({
			form: 'edit',
			errors: { name: [expect.any(String)] },
			values: { name: 'x' }
		});
	});

	it('rethrows anything else', async () => {
		const bug = new Error('bug');
		await expect(
			pageAction(
				locals,
				async () => {
					throw bug;
				},
				(errors) => ({ errors })
			)
		).rejects.toBe(bug);
	});
});
