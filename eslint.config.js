import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import fs from 'node:fs';

/*
 * Boundary rules (issue 9; docs/ARCHITECTURE.md). Each concern uses its own rule name so that the
 * blocks for one concern never replace the options of another:
 *   no-restricted-imports                     kysely (and its `sql` tag) only in db/ and repositories
 *   @typescript-eslint/no-restricted-imports  a repository only from its own folder; routes never
 *                                             import db/ internals (only db/index.ts, db/schema.ts)
 *   no-restricted-syntax                      no SvelteKit in src/lib/server outside web/
 * Import cycles between domain folders and the "Done means" figures are checked by
 * src/lib/server/architecture.test.ts (no ESLint import plugin is installed).
 */

/**
 * PENDING: files that break a rule today, while the per-domain moves are under way. Each list
 * only shrinks: remove a file as soon as it complies. Empty all of them when issue 9 is done.
 */
const pendingKysely = [
	'src/lib/server/auth/backoff.ts',
	'src/lib/server/health/health.service.ts',
	'src/lib/server/surveys/distribution.types.ts',
	'src/lib/server/cycle/cycle.service.ts',
	'src/lib/server/catalogue/catalogue.service.ts'
];
const pendingRepositoryImports = [
	// Other domains' repositories (organisation, cycle, processes, people, plans, logbook).
	'src/lib/server/plans/plans.service.ts',
	'src/lib/server/plans/plans.access.ts',
	'src/lib/server/web/distribution.page.ts',
	'src/lib/server/registrations/notifications.ts',
	'src/lib/server/processes/processes.service.ts',
	'src/lib/server/dashboards/dashboards.service.ts',
	'src/lib/server/surveys/audience.ts',
	'src/lib/server/reports/reports.service.ts',
	'src/lib/server/people/people.service.ts',
	'src/lib/server/people/actor.ts',
	'src/routes/swot/+page.server.ts',
	'src/routes/workplaces/[[]unitId]/plan/+page.server.ts',
	'src/routes/approvals/+page.server.ts',
	'src/routes/activities/forms.ts',
	'src/routes/logbook/EntryFields.svelte',
	'src/routes/needs/+page.server.ts',
	'src/routes/needs/[[]id]/+page.server.ts',
	'src/routes/people/+page.server.ts',
	'src/routes/people/new/+page.server.ts',
	'src/routes/people/[[]id]/+page.server.ts',
	// db/ internals from routes (Db comes from db/index.ts, nowIso belongs behind a service).
	'src/routes/activities/[[]id]/+page.server.ts',
	'src/routes/locale/+server.ts'
];

const CODE = ['**/*.{js,ts,svelte}'];
const TESTS = ['**/*.test.ts', '**/*.fixtures.ts', 'tests/**', 'src/lib/server/testing/**'];
/** Domain (and layer) folders under src/lib/server that may hold repositories. */
const serverFolders = fs
	.readdirSync(new URL('./src/lib/server/', import.meta.url), { withFileTypes: true })
	.filter((d) => d.isDirectory())
	.map((d) => d.name);

const repositoryAnywhere = {
	regex: String.raw`\.repository(\.ts)?$`,
	message: "A repository is imported only from its own folder: call that domain's service."
};
const repositoryElsewhere = {
	// `./x.repository.ts` (same folder) is fine; `../other/…` or `#lib/…` is not.
	regex: String.raw`^(\.\./|#lib/).*\.repository(\.ts)?$`,
	message: "A repository is imported only from its own folder: call that domain's service."
};
const dbInternals = {
	regex: String.raw`(^|/)server/db/(?!(index|schema)(\.ts)?$)`,
	message: 'Routes use db/index.ts (getDb, Db) and db/schema.ts (types) only; queries live in repositories.'
};

const boundaries = [
	{
		files: CODE,
		ignores: [
			'src/lib/server/db/**',
			'**/*.repository.ts',
			...TESTS,
			// Benchmarks seed and measure raw queries on purpose.
			'bench/**',
			...pendingKysely
		],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: 'kysely',
							message: 'Queries (and kysely, sql) live in *.repository.ts or db/ only.'
						}
					]
				}
			]
		}
	},
	// Repositories: by default nobody imports one …
	{
		files: CODE,
		ignores: [
			// The survey-results benchmark times the results repository's queries directly.
			'bench/**',
			...pendingRepositoryImports
		],
		rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [repositoryAnywhere] }] }
	},
	// … except files of its own folder (tests and fixtures there included).
	...serverFolders.map((folder) => ({
		files: [`src/lib/server/${folder}/**/*.{js,ts,svelte}`],
		ignores: pendingRepositoryImports,
		rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [repositoryElsewhere] }] }
	})),
	// Routes: services, web/, core/, schemas and policy; never a repository or db/ internals.
	{
		files: ['src/routes/**/*.{js,ts,svelte}'],
		ignores: pendingRepositoryImports,
		rules: {
			'@typescript-eslint/no-restricted-imports': ['error', { patterns: [repositoryAnywhere, dbInternals] }]
		}
	},
	// SvelteKit stays in web/ (the adapters) and routes: domains, core, policy and db are plain TypeScript.
	{
		files: ['src/lib/server/**/*.{js,ts}'],
		ignores: ['src/lib/server/web/**', ...TESTS],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: String.raw`:matches(ImportDeclaration, ExportNamedDeclaration, ExportAllDeclaration, ImportExpression)[source.value=/^(@sveltejs\u002Fkit|\$app\u002F|\$env\u002F)/]`,
					message:
						'No SvelteKit under src/lib/server outside web/: throw a core/errors.ts error and map it in web/.'
				}
			]
		}
	}
];

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'bench/results/', 'test-results/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: { parser: ts.parser, projectService: true, extraFileExtensions: ['.svelte'] }
		}
	},
	...boundaries
);
