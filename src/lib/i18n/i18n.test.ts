import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from './index.ts';

/**
 * Issue 14: all four languages complete. Every area file exports `en`, `sv`, `da` and `nb`
 * with the same keys and the same `{placeholders}`; Danish and Norwegian are real
 * translations, not English copies (beyond names and words the languages share).
 * Issue 15.15: browser code never imports the catalogues.
 */
const dir = path.join(import.meta.dirname, 'messages');
const areaFiles = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const areas = await Promise.all(
	areaFiles.map(
		async (f) => [f, (await import(`./messages/${f}`)) as Record<string, Record<string, string>>] as const
	)
);

/** da/nb texts that may equal the English (names, codes, words the languages share). */
const ALLOWED_SAME = new Set([
	'Klok',
	// The same word in Danish/Norwegian: budget, min (minutes), person
	'Budget',
	'min',
	'person',
	'OK',
	'E-mail',
	'Status',
	'Start',
	'Admin',
	'Plan',
	'Team',
	'Person',
	'Import',
	'Export',
	'Online',
	'Feedback',
	'Filter',
	'Format',
	'Total',
	'Dashboard',
	'API',
	'Excel',
	'CSV',
	'Tekst',
	'English',
	'Svenska',
	'Dansk',
	'Norsk (bokmål)',
	'SWOT',
	'Link',
	'Links',
	'Info',
	'Type',
	'Seminar',
	'Webinar',
	'Upload',
	'Download',
	'kB',
	'MB',
	'Organisation',
	'Evaluator',
	'Region',
	'Problem',
	'Median',
	'Browser',
	'Send',
	'Send link',
	'Menu',
	'Administration',
	'Navigation',
	'n'
]);
/** A text that may stay English: a listed word or phrase, or only listed words around placeholders and figures. */
const sharedWithEnglish = (text: string) =>
	ALLOWED_SAME.has(text) ||
	(text.replace(/\{\w+\}/g, '').match(/\p{L}{2,}/gu) ?? []).every((word) => ALLOWED_SAME.has(word));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
	it.each(areas)('%s has every key in every language, with the English placeholders', (_file, area) => {
		const en = area.en!;
		expect(en, 'exports en').toBeTruthy();
		for (const locale of LOCALES) {
			const messages = area[locale];
			expect(messages, `exports ${locale}`).toBeTruthy();
			expect(Object.keys(messages!).sort(), `${locale} keys`).toEqual(Object.keys(en).sort());
			for (const [key, text] of Object.entries(en)) {
				expect(placeholders(messages![key]!), `${locale} ${key}`).toEqual(placeholders(text));
				if (text.trim() !== '') expect(messages![key]!.trim(), `${locale} ${key} is empty`).not.toBe('');
			}
		}
	});

	it.each(areas)('%s: Danish and Norwegian are translations, not English left in place', (_file, area) => {
		const en = area.en!;
		const untranslated: string[] = [];
		for (const locale of ['da', 'nb'] as const)
			for (const [key, text] of Object.entries(en)) {
				const own = area[locale]?.[key];
				if (own === text && !sharedWithEnglish(text)) untranslated.push(`${locale} ${key}: ${text}`);
			}
		expect(untranslated).toEqual([]);
	});
});

describe('catalogues stay on the server (issue 15.15)', () => {
	const root = path.join(import.meta.dirname, '..', '..');
	const files: string[] = [];
	const visit = (p: string) => {
		for (const e of fs.readdirSync(p, { withFileTypes: true })) {
			const full = path.join(p, e.name);
			if (e.isDirectory()) {
				if (full !== path.join(root, 'lib', 'server')) visit(full);
			} else if (/\.(svelte|ts)$/.test(e.name) && !/(\.test|\.server|\+server)\.ts$|\.d\.ts$/.test(e.name))
				files.push(full);
		}
	};
	visit(root);
	const browserFiles = files.filter((f) => !f.startsWith(path.join(root, 'lib', 'i18n', 'messages')));

	it('no browser-side module imports values from i18n/index.ts (only types, or core.ts / ui.ts)', () => {
		const offenders = browserFiles.filter((f) => {
			if (f === path.join(root, 'lib', 'i18n', 'index.ts')) return false;
			const code = fs.readFileSync(f, 'utf8');
			return /import\s+(?!type\b)[^;]*from\s+'(#lib\/i18n\/index|\.\/index|\.\.\/i18n\/index)(\.ts)?'/.test(
				code
			);
		});
		// Route helpers imported only by +page.server.ts files are server code too.
		const serverOnly = offenders.filter(
			(f) => !/\.svelte$/.test(f) && !f.includes(`${path.sep}lib${path.sep}`)
		);
		expect(offenders.filter((f) => !serverOnly.includes(f)).map((f) => path.relative(root, f))).toEqual([]);
	});
});
