import { sql, type Kysely } from 'kysely';

/**
 * Survey results as evaluators count them (issue 11) and from maintained aggregates (issue 10):
 * - `units.unit_type`: the workplace type from the programme vocabulary (organisation), null = not set;
 * - `surveys.results_base`: the percentage base remembered per survey (`all` answered, "don't
 *   know" included, the default; or `opinion`, those with an opinion);
 * - `survey_result_counts` (owner: surveys, the results module): per survey, breakdown dimension
 *   (`all` or a grouping attribute of the response), group key ('' = no value), figure kind
 *   (`v` answers by value, `r` respondents, `l` learning level, `x` number answers by value,
 *   `s` responses), question, item and value, the count. Maintained in the submit transaction
 *   by a conditional upsert (`n = n + excluded.n`) and rebuilt in bulk from the raw answers.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('units').addColumn('unit_type', 'text').execute();
	await db.schema
		.alterTable('surveys')
		.addColumn('results_base', 'text', (c) => c.notNull().defaultTo('all'))
		.execute();
	await db.schema
		.createTable('survey_result_counts')
		.addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
		.addColumn('dimension', 'text', (c) => c.notNull())
		.addColumn('group_key', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('question_id', 'integer', (c) => c.notNull())
		.addColumn('item', 'integer', (c) => c.notNull())
		.addColumn('value', sql`double precision`, (c) => c.notNull())
		.addColumn('n', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('survey_result_counts_pk', [
			'survey_id',
			'dimension',
			'group_key',
			'kind',
			'question_id',
			'item',
			'value'
		])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('survey_result_counts').execute();
	await db.schema.alterTable('surveys').dropColumn('results_base').execute();
	await db.schema.alterTable('units').dropColumn('unit_type').execute();
}
