import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The structure of src/lib/server, checked as a test because no ESLint import plugin is
 * installed (the import rules themselves are in eslint.config.js). Reads the sources, never
 * imports them, so it runs in well under a second. Prints the figures of issue 9's "Done means".
 *
 * PENDING lists: known exceptions to a rule, each to be named with a reason. Empty since
 * issue 9 landed: any violation fails.
 */

/** Files outside repositories (and db/) that start Kysely queries. Target: none. */
const PENDING_QUERIES_OUTSIDE_REPOSITORIES: string[] = [];
/** Route files (src/routes) that run or build SQL. Target: none. */
const PENDING_ROUTE_SQL: string[] = [];
/** `importer -> repository` pairs across folders. Target: none. */
const PENDING_CROSS_REPOSITORY_IMPORTS: string[] = [];
/** Files outside policy/policy.ts that look at roles. Target: none. */
const PENDING_ROLE_CHECKS: string[] = [];
/** Folder imports `a -> b` that lie on a cycle between folders of src/lib/server. Target: none. */
const PENDING_CYCLE_EDGES: string[] = [];

/**
 * Not role checks: people/actor.ts loads the Actor (its roles and managed units) that the
 * policy decides on.
 */
const ROLE_CHECK_EXCEPTIONS = ['src/lib/server/people/actor.ts'];

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SERVER = 'src/lib/server';

function walk(dir: string): string[] {
	return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
		const rel = `${dir}/${d.name}`;
		if (d.isDirectory()) return walk(rel);
		return /\.(ts|js|svelte)$/.test(d.name) ? [rel] : [];
	});
}

const isTestSupport = (file: string) =>
	/\.test\.ts$|\.fixtures\.ts$/.test(file) || file.startsWith(`${SERVER}/testing/`);
const isRepository = (file: string) => file.endsWith('.repository.ts');
const folderOf = (file: string) => (file.startsWith(`${SERVER}/`) ? file.split('/')[3]! : null);

const source = new Map<string, string>();
const read = (file: string) => {
	let text = source.get(file);
	if (text === undefined) source.set(file, (text = fs.readFileSync(path.join(ROOT, file), 'utf8')));
	return text;
};

/** Comments out of the way, so that examples in comments count for nothing. */
const code = (file: string) =>
	read(file)
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** Every module specifier of static imports, re-exports and dynamic imports. */
function specifiers(file: string): string[] {
	const text = code(file);
	const found: string[] = [];
	for (const re of [
		/\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
		/\bimport\s*['"]([^'"]+)['"]/g,
		/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g
	])
		for (const m of text.matchAll(re)) found.push(m[1]!);
	return found;
}

/** The repository-relative file an import points at, or null for packages. */
function resolve(from: string, spec: string): string | null {
	let target: string;
	if (spec.startsWith('.')) target = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
	else if (spec.startsWith('#lib/')) target = `src/lib/${spec.slice(5)}`;
	else if (spec.startsWith('$lib/')) target = `src/lib/${spec.slice(5)}`;
	else return null;
	for (const candidate of [target, `${target}.ts`, `${target}/index.ts`])
		if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile())
			return candidate;
	return target;
}

const QUERY_START =
	/\.(?:selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql(?:<[^`;]*?>)?`|\.with\(\s*['"]/g;
const ROLE_CHECK = /\bhasRole\(|\bisAdmin\(|\bactor\??\.roles\b|\bmanagedUnitIds\b/g;

const serverFiles = walk(SERVER).filter((f) => !isTestSupport(f));
const routeFiles = walk('src/routes').filter((f) => !isTestSupport(f));
const count = (file: string, re: RegExp) => code(file).match(re)?.length ?? 0;

/**
 * Query starts in src/lib/server outside db/. demo/ is left out and counted on its own: like
 * the fixtures, the demo data generator writes rows straight to every domain's tables.
 */
const queryFiles = serverFiles.filter((f) => folderOf(f) !== 'db' && folderOf(f) !== 'demo');
const demoQueries = serverFiles
	.filter((f) => folderOf(f) === 'demo')
	.reduce((n, f) => n + count(f, QUERY_START), 0);
const inRepositories = queryFiles.filter(isRepository).reduce((n, f) => n + count(f, QUERY_START), 0);
const outsideRepositories = queryFiles.filter((f) => !isRepository(f) && count(f, QUERY_START) > 0);
const outsideCount = outsideRepositories.reduce((n, f) => n + count(f, QUERY_START), 0);

const routeSql = routeFiles.filter(
	(f) => count(f, QUERY_START) > 0 || specifiers(f).some((s) => s === 'kysely' || s.startsWith('kysely/'))
);

const crossRepositoryImports = [...serverFiles, ...routeFiles, ...walk(SERVER).filter(isTestSupport)].flatMap(
	(f) =>
		specifiers(f)
			.map((s) => resolve(f, s))
			.filter(
				(t): t is string => t !== null && isRepository(t) && path.posix.dirname(t) !== path.posix.dirname(f)
			)
			.map((t) => `${f} -> ${t}`)
);

const roleChecks = [...serverFiles, ...routeFiles].filter(
	(f) => f !== `${SERVER}/policy/policy.ts` && !ROLE_CHECK_EXCEPTIONS.includes(f) && count(f, ROLE_CHECK) > 0
);
const roleCheckCount = roleChecks.reduce((n, f) => n + count(f, ROLE_CHECK), 0);

/** Folder-level import graph of src/lib/server (non-test files) and its cycles. */
function folderCycles(): { components: string[]; edges: string[] } {
	const edges = new Map<string, Set<string>>();
	for (const f of serverFiles) {
		const from = folderOf(f)!;
		for (const s of specifiers(f)) {
			const t = resolve(f, s);
			const to = t && folderOf(t);
			if (!to || to === from || !t.startsWith(`${SERVER}/`)) continue;
			if (!edges.has(from)) edges.set(from, new Set());
			edges.get(from)!.add(to);
		}
	}
	// Tarjan's strongly connected components; each component of more than one folder is a cycle.
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const components: string[][] = [];
	let next = 0;
	const visit = (v: string) => {
		index.set(v, next);
		low.set(v, next++);
		stack.push(v);
		onStack.add(v);
		for (const w of edges.get(v) ?? []) {
			if (!index.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
		}
		if (low.get(v) === index.get(v)) {
			const component: string[] = [];
			let w: string;
			do {
				w = stack.pop()!;
				onStack.delete(w);
				component.push(w);
			} while (w !== v);
			if (component.length > 1) components.push(component.sort());
		}
	};
	for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
	// A cycle exists exactly when a component has more than one folder; the edges inside the
	// components are what has to go (a new cycle always brings a new edge into a component).
	return {
		components: components.map((c) => c.join(', ')),
		edges: components.flatMap((c) =>
			c.flatMap((a) => [...(edges.get(a) ?? [])].filter((b) => c.includes(b)).map((b) => `${a} -> ${b}`))
		)
	};
}
const { components: cycles, edges: cycleEdges } = folderCycles();
// `DUMP_ARCH=<file> npx vitest run …architecture.test.ts` writes today's findings as JSON.
if (process.env.DUMP_ARCH)
	fs.writeFileSync(
		process.env.DUMP_ARCH,
		JSON.stringify(
			{ outsideRepositories, routeSql, crossRepositoryImports, roleChecks, cycleEdges },
			null,
			'\t'
		)
	);

/** Expects `found` within `pending`; names stale entries so the list is kept short. */
function withinPending(name: string, found: string[], pending: string[]) {
	const unexpected = [...new Set(found)].filter((x) => !pending.includes(x)).sort();
	const stale = pending.filter((x) => !found.includes(x));
	if (stale.length > 0)
		console.warn(`${name}: fixed, remove from the pending list:\n  ${stale.join('\n  ')}`);
	expect(unexpected, `${name}: new violations`).toEqual([]);
}

describe('architecture (issue 9)', () => {
	it('prints the figures of "Done means"', () => {
		const share = inRepositories / (inRepositories + outsideCount);
		console.info(
			[
				`query starts in repositories: ${inRepositories} of ${inRepositories + outsideCount} (${(share * 100).toFixed(0)} %), ` +
					`${outsideCount} in ${outsideRepositories.length} other files (demo data: ${demoQueries} more)`,
				`route files with SQL: ${routeSql.length}`,
				`imports of another folder's repository: ${crossRepositoryImports.length} ` +
					`(${crossRepositoryImports.filter((x) => x.startsWith(SERVER)).length} in src/lib/server, the rest in routes)`,
				`folders on import cycles: ${cycles.length ? cycles.map((c) => `{${c}}`).join(' ') : 'none'} (${cycleEdges.length} imports on a cycle)`,
				`role checks outside policy: ${roleCheckCount} in ${roleChecks.length} files`
			].join('\n')
		);
		expect(inRepositories).toBeGreaterThan(0);
	});

	it('queries live in repositories', () => {
		withinPending('queries outside repositories', outsideRepositories, PENDING_QUERIES_OUTSIDE_REPOSITORIES);
	});

	it('routes run no SQL', () => {
		withinPending('route files with SQL', routeSql, PENDING_ROUTE_SQL);
	});

	it('a repository is imported only from its own folder', () => {
		withinPending(
			'cross-folder repository imports',
			crossRepositoryImports,
			PENDING_CROSS_REPOSITORY_IMPORTS
		);
	});

	it('roles are looked at only in policy/policy.ts', () => {
		withinPending('role checks outside policy', roleChecks, PENDING_ROLE_CHECKS);
	});

	it('folders of src/lib/server import each other without cycles', () => {
		withinPending('imports on a cycle between folders', cycleEdges, PENDING_CYCLE_EDGES);
	});

	it('routes show field errors through FieldError, API tests call handlers through routeCaller', () => {
		const inline = walk('src/routes').filter(
			(f) => f.endsWith('.svelte') && /class="field-error"/.test(read(f))
		);
		expect(inline, 'use #lib/components/FieldError.svelte').toEqual([]);
		const copied = walk(SERVER).filter((f) => f.endsWith('.api.test.ts') && /function call\(/.test(read(f)));
		expect(copied, 'use testing/route-call.ts').toEqual([]);
	});

	it('the checks see what they should (a deliberate violation is caught)', () => {
		const probe = 'const rows = await db.selectFrom("people").selectAll().execute(); sql`select 1`;';
		expect(probe.match(QUERY_START)).toHaveLength(2);
		expect('if (hasRole(actor, "office", 1) || actor.managedUnitIds.size) {}'.match(ROLE_CHECK)).toHaveLength(
			2
		);
		expect(resolve(`${SERVER}/plans/plans.service.ts`, '../organisation/organisation.repository.ts')).toBe(
			`${SERVER}/organisation/organisation.repository.ts`
		);
		expect(resolve('src/routes/x/+page.server.ts', '#lib/server/people/people.service.ts')).toBe(
			`${SERVER}/people/people.service.ts`
		);
	});
});
