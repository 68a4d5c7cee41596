import type { PersonalDataPart } from '../core/personal-data.ts';
import { countPlanRows, erasePlanTexts, plansDataOf } from './personal-data.repository.ts';

/** SWOT items and needs written, votes, the individual plan and development dialogues. */
export const plansPersonalData: PersonalDataPart = {
	area: 'plans',
	covers: {
		subject: [
			'swot_items.author_id',
			'needs.author_id',
			'need_votes.person_id',
			'individual_plans.person_id',
			'development_dialogues.person_id'
		],
		actor: [
			'needs.decided_by',
			'workplace_plans.created_by',
			'individual_plans.created_by',
			'development_dialogues.manager_id'
		]
	},
	exportOf: (db, personId) => plansDataOf(db, personId),
	async previewErasure(db, ctx) {
		const n = await countPlanRows(db, ctx.personId);
		const dialoguesGo = ctx.dialogueNotes === 'delete';
		return [
			{ table: 'swot_items', deleted: 0, anonymised: 0, kept: n.swot_items },
			{ table: 'needs', deleted: 0, anonymised: 0, kept: n.needs },
			{ table: 'need_votes', deleted: 0, anonymised: 0, kept: n.need_votes },
			{ table: 'individual_plans', deleted: 0, anonymised: 0, kept: n.individual_plans },
			{ table: 'individual_goals', deleted: 0, anonymised: n.individual_goals, kept: 0 },
			{ table: 'planned_activities', deleted: 0, anonymised: n.planned_activities, kept: 0 },
			{
				table: 'development_dialogues',
				deleted: 0,
				anonymised: dialoguesGo ? n.development_dialogues : 0,
				kept: dialoguesGo ? 0 : n.development_dialogues
			}
		];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await erasePlanTexts(trx, ctx.personId, ctx.dialogueNotes);
		return counts;
	}
};
