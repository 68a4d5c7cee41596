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
			'bench/**'
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
			'bench/**'
		],
		rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [repositoryAnywhere] }] }
	},
	// … except files of its own folder (tests and fixtures there included).
	...serverFolders.map((folder) => ({
		files: [`src/lib/server/${folder}/**/*.{js,ts,svelte}`],
		rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [repositoryElsewhere] }] }
	})),
	// Routes: services, web/, core/, schemas and policy; never a repository or db/ internals.
	{
		files: ['src/routes/**/*.{js,ts,svelte}'],
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
