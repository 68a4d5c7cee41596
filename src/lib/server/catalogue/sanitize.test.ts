import { describe, expect, it } from 'vitest';
import { descriptionText, sanitizeDescription } from './sanitize.ts';

describe('sanitizeDescription', () => {
	it('keeps basic formatting, lists and h2–h4 headings', () => {
		const html =
			'<h2>Aim</h2><p><strong>Bold</strong> and <em>italic</em></p><ul><li>one</li></ul><ol><li>two</li></ol><h3>x</h3><h4>y</h4>';
		expect(sanitizeDescription(html)).toBe(html);
	});

	it('removes script tags with their content', () => {
		expect(sanitizeDescription('<p>Hi</p><script>alert(1)</script>')).toBe('<p>Hi</p>');
		expect(sanitizeDescription('<SCRIPT src="x.js"></SCRIPT>text')).toBe('text');
	});

	it('removes style tags and style attributes', () => {
		expect(sanitizeDescription('<style>p{color:red}</style><p style="color:red">x</p>')).toBe('<p>x</p>');
	});

	it('removes event handler attributes such as onerror and onclick', () => {
		const out = sanitizeDescription('<img src=x onerror="alert(1)"><p onclick="steal()">ok</p>');
		expect(out).not.toMatch(/onerror|onclick|alert|<img/i);
		expect(out).toBe('<p>ok</p>');
	});

	it('removes javascript: links but keeps the text', () => {
		const out = sanitizeDescription('<a href="javascript:alert(1)">click</a>');
		expect(out).not.toMatch(/javascript/i);
		expect(out).toContain('click');
		expect(sanitizeDescription('<a href="JaVaScRiPt:alert(1)">x</a>')).not.toMatch(/javascript/i);
	});

	it('adds rel=noopener to links and keeps http(s) and mailto', () => {
		expect(sanitizeDescription('<a href="https://example.org" onclick="x()">site</a>')).toBe(
			'<a href="https://example.org" rel="noopener noreferrer">site</a>'
		);
		expect(sanitizeDescription('<a href="mailto:a@example.org">mail</a>')).toContain('href="mailto:');
	});

	it('maps h1 to h2 and h5/h6 to h4, and drops iframes', () => {
		expect(sanitizeDescription('<h1>T</h1><h6>S</h6><iframe src="https://evil"></iframe>')).toBe(
			'<h2>T</h2><h4>S</h4>'
		);
	});

	it('plain text drops all markup', () => {
		expect(descriptionText('<p>a <b>b</b></p>\n<ul><li>c</li></ul>')).toBe('a b c');
	});
});
