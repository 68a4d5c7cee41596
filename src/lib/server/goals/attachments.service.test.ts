import { beforeAll, expect, it } from 'vitest';
import { FieldsRuleError } from '../core/errors.ts';
import { loadActor } from '../people/actor.ts';
import { goalsPersonalData } from './personal-data.service.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { addAttachment, getAttachmentFile, removeAttachment } from './attachments.service.ts';
import { createMeeting, decisionsLog } from './decisions.service.ts';
import { buildGoalFixture, type GoalFixture } from './goals.fixtures.ts';
import { assessGoal, createGoal, goalDetail } from './goals.service.ts';

const pdf = (text: string) => ({
	name: 'Intervjuer åäö.pdf',
	type: 'application/pdf',
	content: new TextEncoder().encode(`%PDF-1.4 ${text}`)
});

describeEachDb('goal and meeting attachments', (ctx) => {
	let f: GoalFixture;
	let office: Actor;
	let steering: Actor;
	let evaluator: Actor;
	let participant: Actor;
	let otherOffice: Actor;
	let goalId: number;
	let meetingId: number;
	const count = async () =>
		Number(
			(
				await ctx.db
					.selectFrom('goalAttachments')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.where('programmeId', '=', f.programmeId)
					.executeTakeFirstOrThrow()
			).n
		);

	beforeAll(async () => {
		f = await buildGoalFixture(ctx.db, 'att');
		await ctx.db
			.insertInto('roleAssignments')
			.values({ personId: f.people.p2, role: 'evaluator', programmeId: f.programmeId, unitId: null })
			.execute();
		office = (await loadActor(ctx.db, f.people.office))!;
		steering = (await loadActor(ctx.db, f.people.steering))!;
		evaluator = (await loadActor(ctx.db, f.people.p2))!;
		participant = (await loadActor(ctx.db, f.people.p3))!;
		otherOffice = (await loadActor(ctx.db, f.people.outsider))!;
		goalId = await createGoal(ctx.db, office, f.programmeId, {
			kind: 'measurable',
			text_en: 'Time for reflection',
			indicatorKind: 'manual',
			examinedBy: 'Interviews'
		});
		meetingId = await createMeeting(ctx.db, office, f.programmeId, {
			heldOn: '2026-03-01',
			title: 'Steering 1'
		});
	});

	it('stores a manual assessment with its file; whoever reads the goals downloads it, nobody else', async () => {
		await assessGoal(
			ctx.db,
			office,
			goalId,
			{ status: 'good', comment: 'Six interviews' },
			pdf('interviews')
		);
		const d = await goalDetail(ctx.db, office, goalId, 'en');
		expect(d.goal.manualStatus).toBe('good');
		expect(d.attachments.map((a) => [a.fileName, a.contentType, a.size])).toEqual([
			['Intervjuer åäö.pdf', 'application/pdf', 19]
		]);
		const id = d.attachments[0]!.id;
		for (const reader of [office, steering, evaluator]) {
			const file = await getAttachmentFile(ctx.db, reader, id);
			expect(new TextDecoder().decode(file.content)).toBe('%PDF-1.4 interviews');
		}
		for (const outsider of [participant, otherOffice])
			await expect(getAttachmentFile(ctx.db, outsider, id)).rejects.toThrow(AccessDeniedError);
		await expect(getAttachmentFile(ctx.db, office, id + 1000)).rejects.toThrow(AccessDeniedError);
		const audit = await ctx.db
			.selectFrom('auditLog')
			.select(['after'])
			.where('entityType', '=', 'goal')
			.where('entityId', '=', goalId)
			.where('after', 'like', '%attachmentAdded%')
			.execute();
		expect(audit).toHaveLength(1);
	});

	it('refuses a wrong type, an empty or too large file with a field message, storing nothing', async () => {
		const before = await count();
		const refuse = async (file: { name: string; type: string; content: Uint8Array }) => {
			const e = await assessGoal(ctx.db, office, goalId, { status: 'achieved' }, file).catch(
				(x: unknown) => x
			);
			expect(e).toBeInstanceOf(FieldsRuleError);
			return (e as FieldsRuleError).fieldErrors('sv').file;
		};
		expect(
			await refuse({ name: 'tool.exe', type: 'application/x-msdownload', content: new Uint8Array(10) })
		).toHaveLength(1);
		expect(
			await refuse({ name: 'empty.pdf', type: 'application/pdf', content: new Uint8Array(0) })
		).toHaveLength(1);
		expect(
			await refuse({
				name: 'big.pdf',
				type: 'application/pdf',
				content: new Uint8Array(20 * 1024 * 1024 + 1)
			})
		).toHaveLength(1);
		expect(await count()).toBe(before);
		// The assessment itself was not changed either.
		expect((await goalDetail(ctx.db, office, goalId, 'en')).goal.manualStatus).toBe('good');
		await expect(addAttachment(ctx.db, steering, { goalId }, pdf('x'))).rejects.toThrow(AccessDeniedError);
	});

	it('attaches files to a meeting for the decisions log: steering reads them, evaluators do not', async () => {
		const a = await addAttachment(ctx.db, office, { meetingId }, pdf('minutes'));
		const log = await decisionsLog(ctx.db, steering, f.programmeId);
		expect(log.meetings.find((m) => m.id === meetingId)!.attachments.map((x) => x.id)).toEqual([a.id]);
		expect((await getAttachmentFile(ctx.db, steering, a.id)).fileName).toBe('Intervjuer åäö.pdf');
		await expect(getAttachmentFile(ctx.db, evaluator, a.id)).rejects.toThrow(AccessDeniedError);
		await expect(getAttachmentFile(ctx.db, otherOffice, a.id)).rejects.toThrow(AccessDeniedError);
		await expect(addAttachment(ctx.db, otherOffice, { meetingId }, pdf('x'))).rejects.toThrow(
			AccessDeniedError
		);
		await expect(removeAttachment(ctx.db, steering, a.id)).rejects.toThrow(AccessDeniedError);
		await removeAttachment(ctx.db, office, a.id);
		await expect(getAttachmentFile(ctx.db, office, a.id)).rejects.toThrow(AccessDeniedError);
	});

	it("lists the uploader's files in their data export and keeps them at erasure", async () => {
		const data = (await goalsPersonalData.exportOf(ctx.db, f.people.office)) as {
			attachments_uploaded: { fileName: string }[];
		};
		expect(data.attachments_uploaded.map((a) => a.fileName)).toEqual(['Intervjuer åäö.pdf']);
		const preview = await goalsPersonalData.previewErasure(ctx.db, {
			personId: f.people.office
		} as Parameters<typeof goalsPersonalData.previewErasure>[1]);
		expect(preview.find((p) => p.table === 'goal_attachments')).toMatchObject({ kept: 1, deleted: 0 });
	});
});
