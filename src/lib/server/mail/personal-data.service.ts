import type { PersonalDataPart } from '../core/personal-data.ts';
import { countMessages, eraseMessages, messagesTo } from './personal-data.repository.ts';

/** Every message Klok sent the person; erasure deletes them and scrubs the name from others' mail. */
export const mailPersonalData: PersonalDataPart = {
	area: 'mail',
	covers: { subject: ['outbox.person_id'] },
	async exportOf(db, personId) {
		return { messages: await messagesTo(db, personId) };
	},
	async previewErasure(db, ctx) {
		const n = await countMessages(db, ctx.personId, ctx.name, ctx.email);
		return [{ table: 'outbox', deleted: n.mine, anonymised: n.quoted, kept: 0 }];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await eraseMessages(trx, ctx);
		return counts;
	}
};
