import { afterAll, beforeAll, expect, it } from 'vitest';
import { runOutbox } from '../mail/outbox.service.ts';
import { decodeMail, startSmtpReceiver, type SmtpReceiver } from '../mail/smtp-receiver.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture } from '../people/people.fixtures.ts';
import { describeEachDb } from '../testing/db.ts';
import { makeSession, makeStaff } from './registrations.fixtures.ts';
import { cancelRegistration, register } from './registrations.service.ts';

/**
 * A registration composes no mail: its transaction queues one outbox row; the worker renders
 * it as the registration stands then (seat or waiting list, cancellation, promotion) and sends
 * it once to a real SMTP receiver.
 */

let receiver: SmtpReceiver;
beforeAll(async () => {
	receiver = await startSmtpReceiver();
});
afterAll(() => receiver.close());

describeEachDb('registration mail through the outbox', (ctx) => {
	it('queues in the transaction, and the worker sends seat, waiting list, cancellation and promotion once each', async () => {
		const fx = await buildProgrammeFixture(ctx.db, `regmail-${ctx.dialect}`);
		const s = await makeSession(ctx.db, fx.programmeId, { capacity: 1 });
		const [a, b] = await makeStaff(ctx.db, fx.programmeId, fx.units.workplaceB, 2, 'regmail');
		const first = await register(ctx.db, a!, s);
		const second = await register(ctx.db, b!, s);
		expect([first.registration.status, second.registration.status]).toEqual(['confirmed', 'waitlisted']);
		// Nothing was rendered in the requests.
		const queued = await ctx.db
			.selectFrom('outbox')
			.select(['kind', 'status', 'textBody'])
			.where('personId', 'in', [a!.personId, b!.personId])
			.execute();
		expect(queued.map((q) => [q.kind, q.status, q.textBody])).toEqual([
			['registration.arrival', 'pending', ''],
			['registration.arrival', 'pending', '']
		]);

		const mark = receiver.messages.length;
		await runOutbox(ctx.db, { mail: receiver.mailOptions, origin: 'https://klok.test' });
		const kinds = () =>
			receiver.messages
				.slice(mark)
				.map((m) => `${m.to[0]} ${decodeMail(m).kind}`)
				.sort();
		expect(kinds()).toEqual(
			[`${a!.email} registration.confirmed`, `${b!.email} registration.waitlisted`].sort()
		);
		const sent = await ctx.db
			.selectFrom('outbox')
			.select(['kind', 'status'])
			.where('personId', 'in', [a!.personId, b!.personId])
			.orderBy('id')
			.execute();
		expect(sent).toEqual([
			{ kind: 'registration.confirmed', status: 'sent' },
			{ kind: 'registration.waitlisted', status: 'sent' }
		]);

		// Cancelling frees the seat: the cancellation and the promotion are queued, then sent once.
		const office = (await loadActor(ctx.db, fx.people.office))!;
		await cancelRegistration(ctx.db, office, first.registration.id);
		await runOutbox(ctx.db, { mail: receiver.mailOptions, origin: 'https://klok.test' });
		await runOutbox(ctx.db, { mail: receiver.mailOptions, origin: 'https://klok.test' });
		expect(kinds()).toEqual(
			[
				`${a!.email} registration.confirmed`,
				`${b!.email} registration.waitlisted`,
				`${a!.email} registration.cancelled`,
				`${b!.email} registration.promoted`
			].sort()
		);
	});
});
