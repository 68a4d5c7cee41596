import type { PersonalDataPart } from '../core/personal-data.ts';
import type { Db } from '../db/database.ts';
import {
	anonymisePerson,
	countInactiveSince,
	countPeopleRows,
	identityOf,
	importsRunBy,
	inactiveSince,
	profileOf,
	rolesOf
} from './personal-data.repository.ts';

/** The person's profile and roles; erasure replaces the identity and drops the roles. */
export const peoplePersonalData: PersonalDataPart = {
	area: 'people',
	covers: {
		subject: ['people.id', 'role_assignments.person_id'],
		actor: ['import_jobs.person_id']
	},
	async exportOf(db, personId) {
		const [profile, roles, imports] = await Promise.all([
			profileOf(db, personId),
			rolesOf(db, personId),
			importsRunBy(db, personId)
		]);
		return { profile, roles, imports_run: imports };
	},
	async previewErasure(db, ctx) {
		const n = await countPeopleRows(db, ctx.personId, ctx.name, ctx.email);
		return [
			{ table: 'people', deleted: 0, anonymised: 1, kept: 0 },
			{ table: 'role_assignments', deleted: n.roles, anonymised: 0, kept: 0 },
			{ table: 'import_jobs', deleted: 0, anonymised: n.importsMentioning, kept: 0 }
		];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		await anonymisePerson(trx, ctx.personId, ctx);
		return counts;
	}
};

export { ERASED_DOMAIN } from './personal-data.repository.ts';

/** The person erasure works on (id, name, e-mail, programme, unit), or undefined. */
export function personIdentity(db: Db, personId: number) {
	return identityOf(db, personId);
}

/** Retention: people of a programme deactivated before `cutoff`, not yet erased (a batch). */
export function inactivePeople(db: Db, programmeId: number, cutoff: string, limit: number) {
	return inactiveSince(db, programmeId, cutoff, limit);
}

export function countInactivePeople(db: Db, programmeId: number, cutoff: string) {
	return countInactiveSince(db, programmeId, cutoff);
}
