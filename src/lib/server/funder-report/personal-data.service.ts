import type { PersonalDataPart } from '../core/personal-data.ts';
import { countFunderReportRows, funderReportDataOf } from './personal-data.repository.ts';

/**
 * Funder reports the person created and versions they froze. Both actor columns are kept, no
 * identity: a frozen version is what was sent to the funder and must not change.
 */
export const funderReportPersonalData: PersonalDataPart = {
	area: 'funder_report',
	covers: { subject: [], actor: ['funder_reports.created_by', 'funder_report_versions.frozen_by'] },
	exportOf: (db, personId) => funderReportDataOf(db, personId),
	async previewErasure(db, ctx) {
		const n = await countFunderReportRows(db, ctx.personId);
		return [
			{ table: 'funder_reports', deleted: 0, anonymised: 0, kept: n.reports },
			{ table: 'funder_report_versions', deleted: 0, anonymised: 0, kept: n.versions }
		];
	},
	async erase(trx, ctx) {
		return this.previewErasure(trx, ctx);
	}
};
