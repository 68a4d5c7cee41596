import { z } from 'zod';
import { PROCESS_STATUSES } from '../db/schema.ts';
import { fields } from '../core/validation.ts';

/** Input of development processes (forms and API alike). */

const longText = () => fields.string().trim().max(4000).optional();
/** Ids from repeated form fields (`goalIds[]`) or a JSON array. */
const idList = () =>
	z
		.union([fields.id(), z.array(fields.id())])
		.optional()
		.transform((v) => (v === undefined ? undefined : [...new Set(Array.isArray(v) ? v : [v])]));

export const processSchema = z
	.object({
		title: fields.text(200),
		unitId: fields.id(),
		trackId: fields.id().nullable().optional(),
		description: longText(),
		questions: longText(),
		status: z.enum(PROCESS_STATUSES).optional().default('planned'),
		results: longText(),
		lessons: longText(),
		startsOn: fields.date().nullable().optional(),
		endsOn: fields.date().nullable().optional(),
		/** Workplace goals the process serves (its "match" with people's plans). */
		goalIds: idList(),
		sessionIds: idList(),
		needIds: idList()
	})
	.refine((v) => !v.startsOn || !v.endsOn || v.startsOn <= v.endsOn, {
		message: 'processes.error.endBeforeStart',
		path: ['endsOn']
	});
export type ProcessInput = z.output<typeof processSchema>;

export const participantSchema = z.object({
	personId: fields.id(),
	role: z.enum(['member', 'lead']).optional().default('member')
});
export type ParticipantInput = z.output<typeof participantSchema>;

export const milestoneSchema = z.object({
	title: fields.text(200),
	dueOn: fields.date().nullable().optional()
});
export type MilestoneInput = z.output<typeof milestoneSchema>;

export const milestoneDoneSchema = z.object({
	done: z.union([z.boolean(), z.enum(['true', 'false', 'on'])]).transform((v) => v === true || v !== 'false')
});

/** Processes per page of the list (web page and API default). */
export const PROCESS_PAGE_SIZE = 50;

export const processQuerySchema = z.object({
	trackId: fields.id().optional(),
	unitId: fields.id().optional(),
	status: z.enum(PROCESS_STATUSES).optional(),
	programme: fields.id().optional(),
	page: z.coerce.number().int().min(1).max(1_000_000).default(1),
	pageSize: z.coerce.number().int().min(1).max(200).default(PROCESS_PAGE_SIZE)
});
export type ProcessQuery = z.output<typeof processQuerySchema>;
