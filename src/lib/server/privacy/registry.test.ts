import { expect, it } from 'vitest';
import { describeEachDb } from '../testing/db.ts';
import { coveredColumns, NOT_PERSONAL, PERSONAL_DATA_PARTS } from './registry.ts';

/**
 * A column that points at a person: `person_id`, `author_id`, `actor_id`, `manager_id`,
 * `erased_by`, `created_by`, `approved_by`, … (every `*_by`). New tables follow the names.
 */
const PERSON_COLUMN = /^(person|author|actor|manager|owner|user|member|recipient|sender|subject)_id$|_by$/;

describeEachDb('personal data registry', (ctx) => {
	it('covers every table with a person column (or names it as not personal, with a reason)', async () => {
		const tables = await ctx.db.introspection.getTables();
		const personColumns = tables
			.filter((t) => !t.name.startsWith('kysely_'))
			.flatMap((t) => t.columns.filter((c) => PERSON_COLUMN.test(c.name)).map((c) => `${t.name}.${c.name}`));
		// The walk finds the tables it must (a broken pattern would pass everything).
		expect(personColumns).toEqual(
			expect.arrayContaining([
				'logbook_entries.person_id',
				'registrations.approved_by',
				'swot_items.author_id'
			])
		);
		const covered = coveredColumns();
		const uncovered = personColumns.filter((c) => !covered.has(c) && !(c in NOT_PERSONAL));
		expect(uncovered, 'person columns no personal-data part covers (see privacy/registry.ts)').toEqual([]);
		expect(covered.has('people.id'), 'the people table itself').toBe(true);
		for (const [column, reason] of Object.entries(NOT_PERSONAL))
			expect(reason.length, column).toBeGreaterThan(10);
	});

	it('names only columns that exist', async () => {
		const tables = await ctx.db.introspection.getTables();
		const existing = new Set(tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`)));
		const stale = [...coveredColumns(), ...Object.keys(NOT_PERSONAL)].filter((c) => !existing.has(c));
		expect(stale).toEqual([]);
		expect(new Set(PERSONAL_DATA_PARTS.map((p) => p.area)).size).toBe(PERSONAL_DATA_PARTS.length);
	});
});
