import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parsePasswordForm, safeNext } from './auth.forms.ts';

describe('safeNext', () => {
	it('keeps same-site paths and refuses everything else', () => {
		expect(safeNext('/people?page=2')).toBe('/people?page=2');
		expect(safeNext('/')).toBe('/');
		for (const bad of [
			'//evil.example',
			'/\\evil.example',
			'https://evil.example',
			'people',
			'',
			null,
			'/a\nb',
			'/\\/evil.example',
			'/a\\b',
			'/a\tb',
			'/a b',
			'/\u00e4',
			'/a\u2028b',
			'/a\u007fb',
			'/' + 'a'.repeat(2000),
			42
		])
			expect(safeNext(bad)).toBe('/');
	});
});

describe('parsePasswordForm', () => {
	it('keeps passwords untrimmed and never echoes them', async () => {
		const schema = z.object({ email: z.string(), password: z.string().min(10) });
		const body = new URLSearchParams({ email: ' a@b.se ', password: ' secret with spaces ' });
		const ok = await parsePasswordForm(new Request('http://x', { method: 'POST', body }), schema, 'en', [
			'password'
		]);
		expect(ok).toEqual({ ok: true, data: { email: 'a@b.se', password: ' secret with spaces ' } });

		const short = new URLSearchParams({ email: 'a@b.se', password: 'short' });
		const bad = await parsePasswordForm(
			new Request('http://x', { method: 'POST', body: short }),
			schema,
			'en',
			['password']
		);
		expect(bad.ok).toBe(false);
		if (bad.ok) return;
		expect(bad.errors.password).toEqual(['At least 10 characters.']);
		expect(bad.values).toEqual({ email: 'a@b.se' });
	});
});
