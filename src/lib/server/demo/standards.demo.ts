import { seedAchievement } from '../badges/badges.service.ts';
import { listActivityOptions } from '../catalogue/catalogue.service.ts';
import type { DemoExtension } from './demo.ts';

/**
 * Open Badges in the demo (issue 14): a track-completion achievement for the first track and
 * attendance achievements for two activities, issued to everyone who has earned them (after the
 * catalogue and learning extensions, so attendance and 40-20-40 forms exist). Deterministic:
 * the activities are the first two by title.
 */
export const standardsDemo: DemoExtension = {
	name: 'standards',
	async run({ db, programmeId, tracks, loginIds }) {
		const office = loginIds['office@demo.klok'] ?? null;
		const track = tracks[0];
		if (track)
			await seedAchievement(
				db,
				programmeId,
				{
					name: `${track.name}: track completed`,
					description: `Completed every activity of the track ${track.name}.`,
					criteria: 'Every required activity of the track attended, each with its 40-20-40 follow-up done.',
					criteriaKind: 'track',
					trackId: track.id
				},
				office
			);
		for (const activity of (await listActivityOptions(db, programmeId)).slice(0, 2))
			await seedAchievement(
				db,
				programmeId,
				{
					name: activity.title,
					description: `Took part in ${activity.title}.`,
					criteria: `Attended a session of ${activity.title}.`,
					criteriaKind: 'activity',
					activityId: activity.id
				},
				office
			);
	}
};
