import { expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError } from '../policy/policy.ts';
import { describeEachDb, insertTestProgramme } from '../testing/db.ts';
import { sendMail } from './mail.service.ts';
import { getOutboxMessage, listOutbox } from './outbox.service.ts';

const programme = (db: Db, name: string) => insertTestProgramme(db, { name });

async function person(
	db: Db,
	programmeId: number | null,
	email: string,
	role?: 'office' | 'admin'
): Promise<number> {
	const row = await db
		.insertInto('people')
		.values({
			programmeId,
			unitId: null,
			name: email,
			email,
			emailNormalized: email,
			jobCategory: null,
			gender: null,
			roleStartedOn: null,
			hourlyCost: null,
			locale: null,
			passwordHash: null,
			deactivatedAt: null,
			updatedAt: nowIso()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	if (role)
		await db
			.insertInto('roleAssignments')
			.values({ personId: row.id, role, programmeId: role === 'admin' ? null : programmeId, unitId: null })
			.execute();
	return row.id;
}

describeEachDb('outbox.service', (ctx) => {
	it('shows the office its programme messages and mail to its people, newest first; others are refused', async () => {
		const a = await programme(ctx.db, 'A');
		const b = await programme(ctx.db, 'B');
		const officeA = await loadActor(ctx.db, await person(ctx.db, a, 'office-a@example.org', 'office'));
		const staffA = await person(ctx.db, a, 'staff-a@example.org');
		const staffB = await person(ctx.db, b, 'staff-b@example.org');
		const admin = await loadActor(ctx.db, await person(ctx.db, null, 'admin@example.org', 'admin'));
		const participant = await loadActor(ctx.db, staffA);
		if (!officeA || !admin || !participant) throw new Error('actors missing');

		const m = (to: string, kind: string, programmeId: number | null, personId: number | null) =>
			sendMail(ctx.db, { to, subject: kind, text: kind, kind, programmeId, personId }, {});
		const programmeMail = await m('x@example.org', 'programme-a', a, null);
		const resetA = await m('staff-a@example.org', 'reset-a', null, staffA);
		const resetB = await m('staff-b@example.org', 'reset-b', null, staffB);

		const seen = await listOutbox(ctx.db, officeA, a);
		expect(seen.rows.map((r) => r.kind)).toEqual(['reset-a', 'programme-a']);
		expect(seen.total).toBe(2);
		expect((await getOutboxMessage(ctx.db, officeA, a, resetA.id))?.textBody).toBe('reset-a');
		expect(await getOutboxMessage(ctx.db, officeA, a, resetB.id)).toBeNull();
		expect(await getOutboxMessage(ctx.db, officeA, a, programmeMail.id)).not.toBeNull();

		expect((await listOutbox(ctx.db, admin, a)).total).toBe(3);
		await expect(listOutbox(ctx.db, participant, a)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(listOutbox(ctx.db, officeA, b)).rejects.toBeInstanceOf(AccessDeniedError);
	});
});

describeEachDb('outbox reading is audited', (ctx) => {
	it('records who read the list and which message, in the programme’s log; refused reads record nothing', async () => {
		const a = await programme(ctx.db, 'A');
		const officeId = await person(ctx.db, a, 'office-audit@example.org', 'office');
		const office = await loadActor(ctx.db, officeId);
		const staff = await person(ctx.db, a, 'staff-audit@example.org');
		const participant = await loadActor(ctx.db, staff);
		if (!office || !participant) throw new Error('actors missing');
		const mail = await sendMail(
			ctx.db,
			{ to: 'staff-audit@example.org', subject: 'Hi', text: 'Body', kind: 'password-reset', personId: staff },
			{}
		);
		const reads = () =>
			ctx.db
				.selectFrom('auditLog')
				.select(['programmeId', 'actorId', 'action', 'entityType', 'entityId', 'after'])
				.where('entityType', '=', 'outbox')
				.orderBy('id')
				.execute();

		await listOutbox(ctx.db, office, a);
		await getOutboxMessage(ctx.db, office, a, mail.id);
		expect(await getOutboxMessage(ctx.db, office, a, 999_999)).toBeNull();
		await expect(listOutbox(ctx.db, participant, a)).rejects.toBeInstanceOf(AccessDeniedError);
		await expect(getOutboxMessage(ctx.db, participant, a, mail.id)).rejects.toBeInstanceOf(AccessDeniedError);

		const rows = await reads();
		expect(rows.map(({ after, ...r }) => ({ ...r, after: JSON.parse(after!) }))).toEqual([
			{
				programmeId: a,
				actorId: officeId,
				action: 'read',
				entityType: 'outbox',
				entityId: null,
				after: { page: 1 }
			},
			{
				programmeId: a,
				actorId: officeId,
				action: 'read',
				entityType: 'outbox',
				entityId: mail.id,
				after: { kind: 'password-reset', toAddress: 'staff-audit@example.org' }
			}
		]);
	});
});
