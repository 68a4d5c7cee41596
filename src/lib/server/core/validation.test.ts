import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { processIntact } from '../health/health.service.ts';
import { fieldErrors, fields, formToObject, nestFormValues } from './validation.ts';

function form(entries: [string, string][]): FormData {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}

/** Names a hostile client may send to reach `Object.prototype`. */
const HOSTILE_NAMES = [
	'__proto__',
	'__proto__.x',
	'constructor.prototype.x',
	'constructor.prototype',
	'prototype.x',
	'a.__proto__.x',
	'a.constructor.prototype.x',
	'__proto__[]',
	'toString',
	'hasOwnProperty.x'
];

describe('form names cannot reach a prototype', () => {
	it('formToObject and nestFormValues leave Object.prototype untouched and drop hostile names', () => {
		const values = formToObject(
			form([...HOSTILE_NAMES.map((n): [string, string] => [n, '1']), ['title.en', 'Hi']])
		);
		const nested = nestFormValues(values);
		expect(processIntact()).toBe(true);
		expect(({} as Record<string, unknown>).x).toBeUndefined();
		expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
		expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
		// Own keys that merely share a name with an inherited method are harmless data.
		expect(nested).toEqual({ title: { en: 'Hi' }, toString: '1', hasOwnProperty: { x: '1' } });
		expect(Object.keys(values)).not.toContain('__proto__');
		expect(Object.keys(values)).not.toContain('constructor.prototype.x');
	});

	it('never pollutes, whatever the names (property-based)', () => {
		const segment = fc.oneof(
			fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'a', '0'),
			fc.string({ maxLength: 6 })
		);
		const name = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.'));
		fc.assert(
			fc.property(fc.array(fc.tuple(name, fc.string({ maxLength: 5 })), { maxLength: 8 }), (entries) => {
				nestFormValues(formToObject(form(entries)));
				return processIntact() && ({} as Record<string, unknown>).x === undefined;
			}),
			{ numRuns: 300 }
		);
	});

	it('nests dotted names and drops a name that clashes with a value already set', () => {
		expect(nestFormValues({ 'text.en': 'a', 'text.sv': 'b', 'options.2.labels.en': 'c' })).toEqual({
			text: { en: 'a', sv: 'b' },
			options: { '2': { labels: { en: 'c' } } }
		});
		expect(nestFormValues({ text: 'plain', 'text.en': 'nested' })).toEqual({ text: 'plain' });
	});

	it('processIntact notices a polluted prototype', () => {
		const proto = Object.prototype as Record<string, unknown>;
		proto.polluted = 1;
		try {
			expect(processIntact()).toBe(false);
		} finally {
			delete proto.polluted;
		}
		expect(processIntact()).toBe(true);
	});
});

describe('shared fields refuse control characters and out-of-range dates', () => {
	const schema = z.object({
		title: fields.text(),
		note: fields.optionalText(),
		on: fields.date().optional()
	});

	it.each(['a\u0000b', '\u0000', 'x\u0007', 'line\u001b[31m', 'del\u007f'])(
		'refuses %j with a field message',
		(v) => {
			const r = schema.safeParse({ title: v, note: v });
			expect(r.success).toBe(false);
			const errors = fieldErrors(r.error!, 'sv');
			expect(errors.title).toEqual(['Ta bort de osynliga styrtecknen ur texten.']);
			expect(errors.note).toEqual(['Ta bort de osynliga styrtecknen ur texten.']);
		}
	);

	it('keeps tabs and line breaks, which people do type', () => {
		expect(schema.parse({ title: 'a\tb', note: 'one\r\ntwo' })).toMatchObject({
			title: 'a\tb',
			note: 'one\r\ntwo'
		});
	});

	it.each(['9999-12-31', '0001-01-01', '1899-12-31', '2200-01-01'])('refuses the date %s', (on) => {
		const r = schema.safeParse({ title: 'x', on });
		expect(r.success).toBe(false);
		expect(fieldErrors(r.error!, 'en').on).toEqual(['Enter a date between 1900 and 2199.']);
	});

	it('accepts the dates at both ends of the range, and refuses impossible dates as before', () => {
		expect(schema.parse({ title: 'x', on: '1900-01-01' }).on).toBe('1900-01-01');
		expect(schema.parse({ title: 'x', on: '2199-12-31' }).on).toBe('2199-12-31');
		const r = schema.safeParse({ title: 'x', on: '2025-02-30' });
		expect(fieldErrors(r.error!, 'en').on).toHaveLength(1);
	});
});

describe('numbers typed as words (issue 15.12)', () => {
	it('a cost typed as words asks for a number, not for the field to be filled in', async () => {
		const { activityUpdateSchema } = await import('../catalogue/catalogue.schema.ts');
		const words = activityUpdateSchema.safeParse({ cost: 'tio kronor' });
		expect(fieldErrors(words.error!, 'sv').cost).toEqual(['Ange ett tal.']);
		expect(fieldErrors(words.error!, 'en').cost).toEqual(['Enter a number.']);
		// A decimal comma is a number.
		expect(activityUpdateSchema.parse({ cost: '1,5' }).cost).toBe(1.5);
	});
});

describe('flags and checkboxes', () => {
	const schema = z.object({ approval: fields.flag().optional(), ticked: fields.ticked() });

	it.each([
		[true, true],
		['on', true],
		['TRUE', true],
		['1', true],
		['yes', true],
		[false, false],
		['off', false],
		['false', false],
		['0', false],
		['no', false]
	])('reads %j as %s', (value, expected) => {
		expect(schema.parse({ approval: value, ticked: value })).toEqual({
			approval: expected,
			ticked: expected
		});
	});

	it('reads an absent or empty checkbox as unticked and an absent flag as not given', () => {
		expect(schema.parse({})).toEqual({ ticked: false });
		expect(schema.parse({ ticked: '' })).toEqual({ ticked: false });
		expect(schema.safeParse({ approval: '' }).success).toBe(false);
	});

	// A stray value used to read as "unticked" and switched approval off (found by the fuzz test).
	it.each(['\u0000', 'maybe', '2', 7])(
		'refuses %j with a field message instead of reading it as false',
		(v) => {
			const r = schema.safeParse({ approval: v, ticked: v });
			expect(r.success).toBe(false);
			const errors = fieldErrors(r.error!, 'en');
			expect(Object.keys(errors).sort()).toEqual(['approval', 'ticked']);
		}
	);
});
