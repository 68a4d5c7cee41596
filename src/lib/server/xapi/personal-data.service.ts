import type { PersonalDataPart } from '../core/personal-data.ts';
import { countStatementsOf, deleteStatementsOf, xapiDataOf } from './personal-data.repository.ts';

/** xAPI statements about the person (queued or sent); erasure deletes them. */
export const xapiPersonalData: PersonalDataPart = {
	area: 'xapi',
	covers: { subject: ['xapi_statements.person_id'] },
	exportOf: (db, personId) => xapiDataOf(db, personId),
	async previewErasure(db, ctx) {
		return [
			{ table: 'xapi_statements', deleted: await countStatementsOf(db, ctx.personId), anonymised: 0, kept: 0 }
		];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await deleteStatementsOf(trx, ctx.personId);
		return counts;
	}
};
