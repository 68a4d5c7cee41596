import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPostgresUrl } from '#lib/server/testing/db.ts';
import { HttpClient } from '../support/client.ts';
import { BASIC_LOGINS, BASIC_PASSWORD, seedBasic, type BasicSeed } from '../support/seed.ts';
import { repoRoot, startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 8's fuzz test: hostile input to every API operation (from the OpenAPI document) and
 * every form action (from the forms the pages render), on both databases. Malformed bodies,
 * names that reach for a prototype, NUL and other control characters, extreme dates, bad ids.
 * Every request must be answered below 500, and a refused write must leave every stored row
 * as it was (a fingerprint of all tables but the technical ones is compared).
 *
 * Every value sent to a write is poisoned, so no write may succeed; reads only must not fail.
 * Counts are bounded (RUNS per operation); fast-check prints the seed of a failing run.
 */
const RUNS = Number(process.env.KLOK_FUZZ_RUNS ?? 8);
const dialects = testPostgresUrl() ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

/** Tables that change on reads or sign-in by design (sessions, throttling, token use). */
const VOLATILE = /^(auth_sessions|sign_in_backoff|api_tokens|known_devices|kysely_migration.*)$/;

const NUL_TEXTS = [
	'a\u0000b',
	'\u0000',
	'x\u0007y\u0000',
	'\u001b[2J\u0000',
	'line\r\n\u0000',
	'Å'.repeat(3000) + '\u0000'
];
const EXTREME_DATES = [
	'9999-12-31',
	'0000-00-00',
	'0001-01-01',
	'1899-12-31',
	'2200-01-01',
	'9999-12-31T23:59',
	'0001-01-01T00:00Z',
	'+275760-09-13',
	'2025-02-30'
];
const BAD_IDS = [
	'0',
	'-1',
	'1e400',
	'99999999999999999999',
	'__proto__',
	'constructor',
	'%00',
	'1.5',
	'NaN',
	'%D9%A1',
	'999999'
];
const HOSTILE_NAMES = [
	'__proto__',
	'constructor',
	'prototype',
	'constructor.prototype.x',
	'__proto__.x',
	'x.__proto__.y'
];
/** Names of date and time fields (case matters: `description` is no `…On`). */
const DATE_NAME = /date|Date|[a-z]On$|[a-z]At$|^(from|to|on)$|[sS]tart|[eE]nds?(On|At)|[dD]ue|held|[pP]eriod/;

/** A poisoned value for a field: text with a control character, or an extreme date for date-like names. */
function poison(name: string): fc.Arbitrary<unknown> {
	const text = fc.oneof(
		fc.constantFrom(...NUL_TEXTS),
		fc.string({ maxLength: 20 }).map((s) => s + '\u0000'),
		fc.string({ maxLength: 20 }).map((s) => '\u0000' + s)
	);
	const options = [
		text,
		text.map((t) => [t]),
		text.map((t) =>
			Object.fromEntries([
				['en', t],
				['sv', t],
				['__proto__', { polluted: t }]
			])
		)
	];
	return DATE_NAME.test(name)
		? fc.oneof(fc.constantFrom(...EXTREME_DATES), ...options)
		: fc.oneof(...options);
}

/**
 * Own `__proto__`/`constructor` keys (JSON.parse makes them own properties), or none: strict
 * schemas refuse unknown keys first, and the poison in the fields must be reached too.
 */
const hostileObject = fc.oneof(
	fc.constant({}),
	fc
		.subarray(HOSTILE_NAMES, { minLength: 1 })
		.map((names) => JSON.parse(JSON.stringify(Object.fromEntries(names.map((n) => [n, { polluted: 1 }])))))
);

/** JSON Schema of a property, resolved: `$ref`s followed, the first non-null alternative taken. */
type Schema = Record<string, any>;

/**
 * A value that passes the property's schema (enums, numbers, booleans, nested objects), except
 * that every string is poisoned: so a body is refused only for its poison, as a hostile client
 * would craft it, and the poison is never masked by an unrelated type error.
 */
function valueFor(schema: Schema | undefined, name: string, depth = 0): fc.Arbitrary<unknown> {
	if (!schema || depth > 3) return poison(name);
	const alternatives = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].filter(
		(a: Schema) => a.type !== 'null'
	);
	if (alternatives.length > 0) return valueFor(alternatives[0], name, depth + 1);
	if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
	if (schema.const !== undefined) return fc.constant(schema.const);
	const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
	if (type === 'integer' || type === 'number') return fc.constantFrom(1, 2, 3, 4);
	if (type === 'boolean') return fc.boolean();
	if (type === 'array')
		return fc.array(valueFor(schema.items, name, depth + 1), { minLength: 1, maxLength: 2 });
	if (type === 'object' && schema.properties)
		return fc.record(
			Object.fromEntries(
				Object.entries<Schema>(schema.properties).map(([k, v]) => [k, valueFor(v, k, depth + 1)])
			)
		);
	return poison(name);
}

/** Does the value carry a poison (a control character or an out-of-range date) anywhere? */
function poisoned(value: unknown): boolean {
	// eslint-disable-next-line no-control-regex -- the poisons are control characters
	if (typeof value === 'string') return /[\u0000-\u0008\u001b]/.test(value) || EXTREME_DATES.includes(value);
	if (Array.isArray(value)) return value.some(poisoned);
	if (value && typeof value === 'object') return Object.values(value).some(poisoned);
	return false;
}

/** A JSON body for an operation: schema-shaped with poisoned strings, or malformed outright. */
function jsonBody(
	properties: Record<string, Schema>
): fc.Arbitrary<{ body: string; contentType: string | null }> {
	const names = Object.keys(properties);
	const shaped = (
		names.length > 0 ? fc.oneof(fc.constant(names), fc.subarray(names, { minLength: 1 })) : fc.constant([])
	).chain((chosen) =>
		fc
			.tuple(fc.tuple(...chosen.map((n) => valueFor(properties[n], n))), hostileObject)
			.map(([values, hostile]) => {
				const body: Record<string, unknown> = Object.fromEntries(chosen.map((n, i) => [n, values[i]]));
				// No string among the chosen fields: poison one of them, so the body is never valid.
				if (!poisoned(body)) body[chosen[0] ?? 'x'] = '\u0000';
				return { ...hostile, ...body };
			})
	);
	const malformed = fc.constantFrom(
		'{',
		'{"a":',
		'null',
		'[]',
		'"\\u0000"',
		'{"__proto__":{"polluted":1}}',
		'['.repeat(3000) + ']'.repeat(3000),
		'\u0000',
		'{"a":1e99999}'
	);
	return fc.oneof(
		{
			arbitrary: shaped.map((v) => ({ body: JSON.stringify(v), contentType: 'application/json' })),
			weight: 4
		},
		{ arbitrary: malformed.map((body) => ({ body, contentType: 'application/json' })), weight: 2 },
		{
			arbitrary: fc
				.tuple(shaped, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', null))
				.map(([v, contentType]) => ({ body: JSON.stringify(v), contentType })),
			weight: 1
		}
	);
}

/** Form fields: the form's own names, every one poisoned, plus names that reach for a prototype. */
function formBody(names: readonly string[]): fc.Arbitrary<URLSearchParams> {
	return fc
		.tuple(fc.tuple(...names.map((n) => poison(n))), fc.subarray(HOSTILE_NAMES))
		.map(([values, hostile]) => {
			const body = new URLSearchParams();
			names.forEach((n, i) => {
				const v = values[i];
				for (const part of Array.isArray(v) ? v : [v])
					body.append(
						n,
						typeof part === 'string' ? part : String(Object.values(part as object)[0] ?? '\u0000')
					);
			});
			for (const n of hostile) body.append(n, '1');
			return body;
		});
}

const tableLists = new WeakMap<object, Promise<string[]>>();

/** The tables a fingerprint covers, introspected once per database (the schema is fixed after migration). */
function fingerprintedTables(database: TestServer['database']): Promise<string[]> {
	let tables = tableLists.get(database.db);
	if (!tables) {
		tables = database.db.introspection.getTables().then((list) =>
			list
				.map((t) => t.name)
				.filter((n) => !VOLATILE.test(n))
				.sort()
		);
		tableLists.set(database.db, tables);
	}
	return tables;
}

/** A fingerprint of every stored row outside the technical tables. */
async function fingerprint(database: TestServer['database']): Promise<string> {
	const { db, dialect } = database;
	const tables = await fingerprintedTables(database);
	if (dialect === 'postgres') {
		// One round trip: each table's rows as text, sorted and hashed by PostgreSQL itself.
		const parts = tables.map(
			(t) =>
				sql`select ${t} as t, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${sql.table(t)} x`
		);
		const { rows } = await sql<{ t: string; h: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
		return createHash('sha256')
			.update(JSON.stringify(rows.sort((a, b) => a.t.localeCompare(b.t))))
			.digest('hex');
	}
	const parts = await Promise.all(
		tables.map(async (t) => {
			const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(db);
			return (
				t +
				'\n' +
				rows
					.map((r) => JSON.stringify(r))
					.sort()
					.join('\n')
			);
		})
	);
	return createHash('sha256').update(parts.join('\n\n')).digest('hex');
}

interface Operation {
	method: string;
	path: string;
	/** The JSON body's properties and their schemas (empty: the operation takes no body). */
	properties: Record<string, Schema>;
}

/** The operations of the OpenAPI document, with the properties of their JSON bodies. */
function operationsOf(doc: any): Operation[] {
	const resolve = (s: any): any => (s?.$ref ? resolve(doc.components.schemas[s.$ref.split('/').pop()]) : s);
	const deref = (s: any, depth = 0): any => {
		const r = resolve(s);
		if (!r || typeof r !== 'object' || depth > 6) return r;
		return Object.fromEntries(
			Object.entries(r).map(([k, v]) => [
				k,
				Array.isArray(v)
					? v.map((x) => deref(x, depth + 1))
					: v && typeof v === 'object'
						? deref(v, depth + 1)
						: v
			])
		);
	};
	const propertiesOf = (s: any): Record<string, Schema> => {
		const schema = deref(s);
		if (!schema) return {};
		const nested = [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].map(
			propertiesOf
		);
		return Object.assign({}, ...nested, schema.properties ?? {});
	};
	const out: Operation[] = [];
	for (const [p, item] of Object.entries<any>(doc.paths))
		for (const method of ['get', 'post', 'put', 'patch', 'delete'])
			if (item[method]) {
				const body = item[method].requestBody?.content?.['application/json']?.schema;
				out.push({
					method: method.toUpperCase(),
					path: '/api/v1' + p,
					properties: body ? propertiesOf(body) : {}
				});
			}
	return out;
}

/** `{id}`-style parameters replaced: real ids for writes that take a body, bad ids otherwise. */
function fillPath(template: string, ids: fc.Arbitrary<string>): fc.Arbitrary<string> {
	const params = template.match(/\{\w+\}|\[\w+\]/g) ?? [];
	if (params.length === 0) return fc.constant(template);
	return fc.tuple(...params.map(() => ids)).map((values) => {
		let i = 0;
		return template.replace(/\{\w+\}|\[\w+\]/g, () => values[i++]!);
	});
}

interface FoundForm {
	page: string;
	action: string;
	names: string[];
}

/** The POST forms a page renders, with their field names (buttons without a name left out). */
function formsOf(page: string, html: string): FoundForm[] {
	const out: FoundForm[] = [];
	for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
		const attrs = m[1]!;
		if (!/method="post"/i.test(attrs)) continue;
		const action = /action="([^"]*)"/i.exec(attrs)?.[1]?.replace(/&amp;/g, '&') ?? '';
		const names = [
			...new Set(
				[...m[2]!.matchAll(/<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"[^>]*>/gi)]
					.filter((f) => !/type="(submit|file)"/i.test(f[0]))
					.map((f) => f[1]!.replace(/&amp;/g, '&'))
			)
		];
		if (names.length > 0) out.push({ page, action, names });
	}
	return out;
}

/** Page routes of the app (`src/routes/**\/+page.svelte`) as URL templates. */
function pageRoutes(): string[] {
	const root = path.join(repoRoot, 'src', 'routes');
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			if (entry.isDirectory()) walk(path.join(dir, entry.name));
			else if (entry.name === '+page.svelte')
				out.push('/' + path.relative(root, dir).split(path.sep).join('/'));
		}
	};
	walk(root);
	return out.map((r) => (r === '/' ? '/' : r.replace(/\/$/, ''))).sort();
}

for (const dialect of dialects) {
	describe(`fuzz: hostile input to every API operation and form action [${dialect}]`, () => {
		let server: TestServer;
		let seed: BasicSeed;
		let office: HttpClient;
		let participant: HttpClient;
		let doc: any;
		const problems: string[] = [];
		const statuses = new Map<number, number>();
		/** Writes answered below 400 although every value was poisoned (harmless only if nothing changed). */
		const accepted = new Set<string>();
		/** The fingerprint after the last checked write; null once any other request may have written. */
		let storedRows: string | null = null;

		async function send(
			client: HttpClient,
			method: string,
			url: string,
			body?: string,
			contentType?: string | null
		) {
			const headers: Record<string, string> = {
				accept: url.startsWith('/api/') ? 'application/json' : 'text/html'
			};
			if (contentType) headers['content-type'] = contentType;
			const write = method !== 'GET';
			if (!write) storedRows = null;
			const before = write ? (storedRows ?? (await fingerprint(server.database))) : '';
			storedRows = null;
			const res = await client.fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
			const text = await res.text();
			statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
			if (write && res.status < 400) accepted.add(`${method} ${url.split('?')[0]} → ${res.status}`);
			if (res.status >= 500)
				problems.push(`${method} ${url} → ${res.status} (body ${JSON.stringify(body?.slice(0, 200))})`);
			else if (write) {
				const after = await fingerprint(server.database);
				// Writes follow each other: this one's "after" is the next one's "before".
				storedRows = after;
				if (after !== before)
					problems.push(
						`${method} ${url} → ${res.status} changed stored rows (body ${JSON.stringify(body?.slice(0, 200))}): ${text.slice(0, 200)}`
					);
			}
			// Problems are collected rather than thrown, so one run reports all of them.
			return true;
		}

		async function apiJson(client: HttpClient, method: string, url: string, body: unknown) {
			const res = await client.fetch(url, {
				method,
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(body)
			});
			const json = await res.json();
			if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
			return json;
		}

		beforeAll(async () => {
			server = await startTestServer({ dialect, seed: async (db) => void (seed = await seedBasic(db)) });
			office = new HttpClient(server.url);
			await office.signIn(BASIC_LOGINS.office, BASIC_PASSWORD);
			participant = new HttpClient(server.url);
			await participant.signIn(BASIC_LOGINS.participant, BASIC_PASSWORD);
			// Something to point real ids at: an activity with a session, a survey, SWOT, a need, a plan.
			const activity = await apiJson(office, 'POST', '/api/v1/activities', {
				title: 'Fuzz course',
				type: 'lecture',
				learningForm: 'formal'
			});
			await apiJson(office, 'POST', `/api/v1/activities/${activity.id}/sessions`, {
				startsAt: '2027-03-01T09:00:00Z',
				endsAt: '2027-03-01T12:00:00Z',
				place: 'Main library',
				capacity: 10,
				hours: 3
			});
			await apiJson(office, 'POST', '/api/v1/surveys', { title: { en: 'Fuzz survey', sv: 'Fuzzenkät' } });
			await apiJson(office, 'POST', '/api/v1/swot', { category: 'strength', text: 'Good staff' });
			await apiJson(office, 'POST', '/api/v1/needs', { title: 'E-books' });
			const plan = await apiJson(participant, 'POST', '/api/v1/plans/individual', {
				personId: seed.people.participant,
				periodStart: '2026-01-01',
				periodEnd: '2026-12-31'
			});
			await apiJson(participant, 'POST', `/api/v1/plans/individual/${plan.id}/goals`, { text: 'A goal' });
			doc = await (await fetch(server.url + '/api/v1/openapi.json')).json();
		});
		afterAll(async () => {
			if (problems.length) console.error(server.output().slice(-20_000));
			console.info(`fuzz [${dialect}] answers by status:`, Object.fromEntries(statuses), [...accepted]);
			await server?.stop();
		});

		it('API: every operation answers hostile input below 500 and refused writes change nothing', async () => {
			const firstProblem = problems.length;
			const operations = operationsOf(doc);
			expect(operations.length).toBeGreaterThan(50);
			const realIds = fc.constantFrom('1', '2', '3', '4');
			const badIds = fc.constantFrom(...BAD_IDS);
			for (const op of operations) {
				const write = op.method !== 'GET';
				// A write without a body (approve, DELETE) would succeed on a real id: give it bad ids only.
				const ids = write && Object.keys(op.properties).length === 0 ? badIds : fc.oneof(realIds, badIds);
				const query = fc.dictionary(
					fc.constantFrom(
						'q',
						'from',
						'to',
						'page',
						'pageSize',
						'programmeId',
						'unitId',
						'status',
						...HOSTILE_NAMES
					),
					fc.oneof(
						fc.constantFrom(...NUL_TEXTS, ...EXTREME_DATES, '-1', '1e400', ''),
						fc.string({ maxLength: 8 })
					),
					{ maxKeys: 3 }
				);
				await fc.assert(
					fc.asyncProperty(fillPath(op.path, ids), query, jsonBody(op.properties), async (url, q, body) => {
						const search = new URLSearchParams(q).toString();
						const target = url + (search ? '?' + search : '');
						return write
							? send(office, op.method, target, body.body, body.contentType)
							: send(office, 'GET', target);
					}),
					{ numRuns: RUNS }
				);
			}
			// Each test reports its own problems (the list is shared so afterAll can print the log).
			expect(problems.slice(firstProblem)).toEqual([]);
		}, 300_000);

		it('forms: every rendered form action answers poisoned fields below 500 and changes nothing', async () => {
			const firstProblem = problems.length;
			const ids: Record<string, string> = {
				id: '1',
				unitId: String(seed.units.workplaceA),
				personId: String(seed.people.participant),
				registrationId: '1',
				surveyId: '1'
			};
			const forms: FoundForm[] = [];
			for (const route of pageRoutes()) {
				if (/\[token\]|sign-out|reset-password/.test(route)) continue;
				const page = route.replace(/\[(\w+)\]/g, (_, name: string) => ids[name] ?? '1');
				for (const client of [office, participant]) {
					storedRows = null;
					const res = await client.get(page, { accept: 'text/html' });
					const html = await res.text();
					if (res.status >= 500) problems.push(`GET ${page} → ${res.status}`);
					if (res.status === 200) forms.push(...formsOf(page, html).map((f) => ({ ...f, page })));
				}
				// The page itself with hostile query parameters.
				await send(
					office,
					'GET',
					`${page}?q=%00&from=9999-12-31&to=0000-00-00&page=-1&__proto__[x]=1&constructor.prototype.x=1`
				);
			}
			const unique = [
				...new Map(forms.map((f) => [f.page + ' ' + f.action + ' ' + f.names.join(','), f])).values()
			];
			console.info(
				`fuzz [${dialect}]: ${unique.length} forms on ${new Set(unique.map((f) => f.page)).size} pages`
			);
			expect(unique.length, 'forms found on the pages').toBeGreaterThan(30);
			for (const form of unique) {
				const target = new URL(form.action || form.page, server.url + form.page);
				if (/\/sign-out|\/locale/.test(target.pathname)) continue;
				const url = target.pathname + target.search;
				for (const client of [office, participant])
					await fc.assert(
						fc.asyncProperty(formBody(form.names), async (body) =>
							send(client, 'POST', url, body.toString(), 'application/x-www-form-urlencoded')
						),
						{ numRuns: Math.max(1, Math.ceil(RUNS / 2)) }
					);
			}
			expect(problems.slice(firstProblem)).toEqual([]);
		}, 300_000);
	});
}
