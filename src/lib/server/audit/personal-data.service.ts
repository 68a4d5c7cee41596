import type { PersonalDataPart } from '../core/personal-data.ts';
import {
	allowAuditRedaction,
	countAuditRows,
	entriesAbout,
	entriesBy,
	redactAudit
} from './personal-data.repository.ts';

/** Changes made to the person, and what they did; erasure keeps every entry without the identity. */
export const auditPersonalData: PersonalDataPart = {
	area: 'audit',
	covers: { subject: [], actor: ['audit_log.actor_id'] },
	async exportOf(db, personId) {
		const [about, by] = await Promise.all([entriesAbout(db, personId), entriesBy(db, personId)]);
		return { changes_to_you: about, your_actions: by };
	},
	async previewErasure(db, ctx) {
		const n = await countAuditRows(db, ctx.personId, ctx.name, ctx.email);
		return [{ table: 'audit_log', deleted: 0, anonymised: n.touched, kept: 0 }];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await redactAudit(trx, ctx);
		return counts;
	}
};

/** Lets the caller's transaction redact audit snapshots (erasure, retention); see the repository. */
export { allowAuditRedaction };
