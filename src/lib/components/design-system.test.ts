import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every page is built from the design system in src/lib/components (issue 15, "no page-local
 * copies of the same markup"): a route's .svelte file has no raw `<h1` (PageHeader owns the one
 * heading) and no raw `<table` (DataTable: captions, stacked rows on a phone, numeric columns).
 * Like src/lib/server/architecture.test.ts it reads sources and never renders them.
 *
 * PENDING_TABLES: pages not moved onto DataTable yet, each to be emptied out; an entry whose file
 * no longer has a raw table fails too, so the list only shrinks.
 */
const PENDING_TABLES: string[] = [
	// Empty since the last pages moved onto DataTable: a new hand-written table fails the test.
];

/**
 * Tables that are not data tables on a screen, for good: the printable sign-in sheet (a paper
 * form with empty signature cells, never stacked).
 */
const TABLE_EXCEPTIONS = ['src/routes/sessions/[id]/sheet/+page.svelte'];

const ROOT = path.resolve(import.meta.dirname, '../../..');

function walk(dir: string): string[] {
	return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
		const rel = `${dir}/${d.name}`;
		if (d.isDirectory()) return walk(rel);
		return d.name.endsWith('.svelte') ? [rel] : [];
	});
}

/** The markup without comments, so a comment mentioning `<table` counts for nothing. */
const markup = (file: string) =>
	fs
		.readFileSync(path.join(ROOT, file), 'utf8')
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/\/\*[\s\S]*?\*\//g, '');

const routeFiles = walk('src/routes');
const withRaw = (tag: string) => routeFiles.filter((f) => new RegExp(`<${tag}[\\s>]`).test(markup(f))).sort();

describe('design system on every page', () => {
	it('no route has its own <h1>: PageHeader renders the heading', () => {
		expect(withRaw('h1')).toEqual([]);
	});

	it('no route has its own <table> beyond the pending list (which only shrinks)', () => {
		const tables = withRaw('table');
		const unexpected = tables.filter((f) => !PENDING_TABLES.includes(f) && !TABLE_EXCEPTIONS.includes(f));
		expect(unexpected, 'use DataTable (src/lib/components/DataTable.svelte)').toEqual([]);
		const stale = PENDING_TABLES.filter((f) => !tables.includes(f));
		expect(stale, 'moved onto DataTable: delete these lines from PENDING_TABLES').toEqual([]);
		expect(TABLE_EXCEPTIONS.filter((f) => !tables.includes(f))).toEqual([]);
	});

	it('sees the pages it checks (the walk finds the routes and a raw table when there is one)', () => {
		expect(routeFiles.length).toBeGreaterThan(50);
		expect(withRaw('table')).toContain(TABLE_EXCEPTIONS[0]);
	});
});
