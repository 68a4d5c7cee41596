import type { PersonalDataPart } from '../core/personal-data.ts';
import { countNewsletterRows, deleteNewsletterRowsOf, newsletterDataOf } from './personal-data.repository.ts';

/** The person's newsletter choice and the issues sent to them; erasure deletes both. */
export const newsletterPersonalData: PersonalDataPart = {
	area: 'newsletter',
	covers: { subject: ['newsletter_subscriptions.person_id', 'newsletter_deliveries.person_id'] },
	exportOf: (db, personId) => newsletterDataOf(db, personId),
	async previewErasure(db, ctx) {
		const n = await countNewsletterRows(db, ctx.personId);
		return [
			{ table: 'newsletter_subscriptions', deleted: n.subscriptions, anonymised: 0, kept: 0 },
			{ table: 'newsletter_deliveries', deleted: n.deliveries, anonymised: 0, kept: 0 }
		];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await deleteNewsletterRowsOf(trx, ctx.personId);
		return counts;
	}
};
