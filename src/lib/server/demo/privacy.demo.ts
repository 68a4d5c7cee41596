import type { DemoExtension } from './demo.ts';

/**
 * The demo programme's privacy rules (issue 14): a manager's dialogue notes are kept on
 * erasure, logbook entries go two years after the programme ends, people deactivated three
 * years ago are anonymised, raw survey answers are reduced to aggregates a year after a survey
 * closes. The office sees them, and today's dry run, on /privacy.
 */
export const privacyDemo: DemoExtension = {
	name: 'privacy',
	async run({ db, programmeId }) {
		await db
			.insertInto('privacySettings')
			.values({
				programmeId,
				dialogueNotesOnErasure: 'keep',
				logbookMonthsAfterEnd: 24,
				inactiveYears: 3,
				surveyRawMonthsAfterClose: 12,
				updatedAt: new Date().toISOString()
			})
			.execute();
	}
};
