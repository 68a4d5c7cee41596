import { type Kysely } from 'kysely';
import { columnTypes, createdAt, withId } from './helpers.ts';

/**
 * Surveys: scales, a question bank, surveys with sections and questions, distribution by
 * invitation (one-time tokens), and responses. Anonymous responses keep no link to the
 * person or the token: only the grouping attributes needed for breakdowns are copied onto
 * the response when it is submitted.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const t = columnTypes(db);

	await withId(db, db.schema.createTable('survey_scales'))
		// Null: built into Klok (the seeds' scales), shared by every programme.
		.addColumn('programme_id', 'integer', (c) => c.references('programmes.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		// JSON { en, sv, da?, nb? }
		.addColumn('name_json', 'text', (c) => c.notNull())
		// JSON [{ value: number, labels: { en, sv, … }, dontKnow?: true }], ordered from the top degree.
		.addColumn('options_json', 'text', (c) => c.notNull())
		.addColumn(...createdAt(db))
		.execute();
	await db.schema
		.createIndex('survey_scales_code')
		.on('survey_scales')
		.columns(['programme_id', 'code'])
		.unique()
		.execute();

	await withId(db, db.schema.createTable('survey_bank_questions'))
		.addColumn('programme_id', 'integer', (c) => c.references('programmes.id'))
		// single | multi | matrix | text | number | learning_situations
		.addColumn('type', 'text', (c) => c.notNull())
		.addColumn('text_json', 'text', (c) => c.notNull())
		.addColumn('scale_id', 'integer', (c) => c.references('survey_scales.id'))
		// Multiple choice options or matrix statements: JSON [{ value, labels }]
		.addColumn('options_json', 'text')
		.addColumn('max_picks', 'integer')
		.addColumn(...createdAt(db))
		.execute();

	await withId(db, db.schema.createTable('surveys'))
		.addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
		// course_evaluation | baseline | programme | long_term | learning_situations | custom
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('title_json', 'text', (c) => c.notNull())
		.addColumn('intro_json', 'text')
		.addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(1))
		// draft | open | closed
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
		.addColumn('opens_at', t.timestamp)
		.addColumn('closes_at', t.timestamp)
		// Course evaluations: the session (or activity) evaluated.
		.addColumn('session_id', 'integer', (c) => c.references('sessions.id'))
		.addColumn('activity_id', 'integer', (c) => c.references('activities.id'))
		// Waves: a follow-up points at its baseline so results can be compared.
		.addColumn('previous_wave_id', 'integer', (c) => c.references('surveys.id'))
		// JSON description of the audience (kind + ids), kept for display and re-sending.
		.addColumn('audience_json', 'text')
		.addColumn('created_by', 'integer', (c) => c.references('people.id'))
		.addColumn(...createdAt(db))
		.addColumn('updated_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('surveys_programme')
		.on('surveys')
		.columns(['programme_id', 'status'])
		.execute();

	await withId(db, db.schema.createTable('survey_sections'))
		.addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
		.addColumn('title_json', 'text', (c) => c.notNull())
		.addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();

	await withId(db, db.schema.createTable('survey_questions'))
		.addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
		.addColumn('section_id', 'integer', (c) => c.references('survey_sections.id').onDelete('cascade'))
		// The bank question it came from: the same bank question in two waves is what makes them comparable.
		.addColumn('bank_question_id', 'integer', (c) => c.references('survey_bank_questions.id'))
		.addColumn('type', 'text', (c) => c.notNull())
		.addColumn('text_json', 'text', (c) => c.notNull())
		.addColumn('scale_id', 'integer', (c) => c.references('survey_scales.id'))
		.addColumn('options_json', 'text')
		.addColumn('max_picks', 'integer')
		.addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
		// JSON { questionId, values: [...] }: shown only when that question was answered with one of the values.
		.addColumn('condition_json', 'text')
		.addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createIndex('survey_questions_survey')
		.on('survey_questions')
		.columns(['survey_id', 'sort_order'])
		.execute();

	// Who was asked. For anonymous surveys only "has answered" is kept here, never which response.
	await withId(db, db.schema.createTable('survey_invitations'))
		.addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
		.addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		// Unit at the time of sending: response rate by unit without touching responses.
		.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
		.addColumn('sent_at', t.timestamp)
		.addColumn('reminded_at', t.timestamp)
		.addColumn('completed_at', t.timestamp)
		// A half-finished answer, kept until submitted (JSON answers); cleared on submit.
		.addColumn('draft_json', 'text')
		.addColumn(...createdAt(db))
		.addUniqueConstraint('survey_invitations_once', ['survey_id', 'person_id'])
		.execute();

	await withId(db, db.schema.createTable('survey_responses'))
		.addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
		// Only for identified surveys.
		.addColumn('person_id', 'integer', (c) => c.references('people.id'))
		// Grouping attributes copied at submission (for breakdowns; no identity).
		.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
		.addColumn('job_category', 'text')
		.addColumn('gender', 'text')
		.addColumn('tenure_band', 'text')
		// 1 when the respondent attended the evaluated activity/track (cohort comparison).
		.addColumn('attended', 'integer')
		.addColumn('locale', 'text')
		.addColumn('submitted_at', t.timestamp, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('survey_responses_survey')
		.on('survey_responses')
		.columns(['survey_id', 'unit_id'])
		.execute();

	await withId(db, db.schema.createTable('survey_answers'))
		.addColumn('response_id', 'integer', (c) =>
			c.notNull().references('survey_responses.id').onDelete('cascade')
		)
		.addColumn('question_id', 'integer', (c) =>
			c.notNull().references('survey_questions.id').onDelete('cascade')
		)
		// Matrix / learning situations: which statement (0-based); 0 otherwise.
		.addColumn('item', 'integer', (c) => c.notNull().defaultTo(0))
		// Scale or option value (one row per pick for multiple choice).
		.addColumn('value', 'integer')
		.addColumn('number_value', t.decimal)
		.addColumn('text_value', 'text')
		.execute();
	await db.schema
		.createIndex('survey_answers_question')
		.on('survey_answers')
		.columns(['question_id', 'item', 'value'])
		.execute();
	await db.schema.createIndex('survey_answers_response').on('survey_answers').column('response_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'survey_answers',
		'survey_responses',
		'survey_invitations',
		'survey_questions',
		'survey_sections',
		'surveys',
		'survey_bank_questions',
		'survey_scales'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
