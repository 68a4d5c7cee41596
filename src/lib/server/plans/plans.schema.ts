import { z } from 'zod';
import { GOAL_STATUSES, NEED_STATUSES, PLANNED_ACTIVITY_STATUSES, SWOT_CATEGORIES } from '../db/schema.ts';
import { fields } from '../core/validation.ts';

/** Input shapes for SWOT, needs and competence plans, shared by forms and the REST API. */

const longText = (max = 4000) => fields.string().trim().max(max).optional();
const optionalId = () =>
	z.preprocess((v) => (v === '' || v === null ? undefined : v), fields.id().optional());

// ---------------------------------------------------------------- SWOT

export const swotItemSchema = z.object({
	/** Absent: the programme's own analysis (office). */
	unitId: optionalId(),
	category: z.enum(SWOT_CATEGORIES),
	text: fields.text(1000),
	theme: fields.optionalText(80)
});
export type SwotItemInput = z.output<typeof swotItemSchema>;

export const swotUpdateSchema = z
	.object({ text: fields.text(1000).optional(), theme: fields.optionalText(80) })
	.strict();
export type SwotUpdateInput = z.output<typeof swotUpdateSchema>;

export const swotMoveSchema = z.object({ id: fields.id(), direction: z.enum(['up', 'down']) });

export const swotQuerySchema = z.object({ unitId: optionalId() }).strict();

// ---------------------------------------------------------------- needs

export const needSchema = z.object({
	title: fields.text(200),
	description: longText(4000),
	unitId: optionalId(),
	trackId: optionalId(),
	suggestedForm: fields.optionalText(80)
});
export type NeedInput = z.output<typeof needSchema>;

/** The office's decision: status, track, priority and the catalogue activities that answer the need. */
export const needDecisionSchema = z
	.object({
		status: z.enum(NEED_STATUSES),
		declineReason: fields.string().trim().max(1000).optional(),
		trackId: optionalId(),
		priority: z.preprocess(
			(v) => (v === '' || v === null ? undefined : v),
			z.coerce.number().int().min(0).max(1000).optional()
		),
		activityIds: z.preprocess((v) => v ?? [], z.array(fields.id()).max(50))
	})
	.superRefine((v, ctx) => {
		if (v.status === 'declined' && !v.declineReason)
			ctx.addIssue({ code: 'custom', path: ['declineReason'], message: 'plans.error.reasonRequired' });
	});
export type NeedDecisionInput = z.output<typeof needDecisionSchema>;

export const NEED_SORTS = ['votes', 'newest', 'priority'] as const;
export const needQuerySchema = z
	.object({
		status: z.enum(NEED_STATUSES).optional(),
		trackId: optionalId(),
		unitId: optionalId(),
		q: fields.string().trim().max(100).optional(),
		sort: z.enum(NEED_SORTS).optional()
	})
	.strict();
export type NeedQuery = z.output<typeof needQuerySchema>;

// ---------------------------------------------------------------- plans

const period = {
	periodStart: fields.date(),
	periodEnd: fields.date()
};
const periodOrder = (v: { periodStart: string; periodEnd: string }, ctx: z.RefinementCtx) => {
	if (v.periodStart > v.periodEnd)
		ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'plans.error.periodOrder' });
};

export const workplacePlanSchema = z
	.object({
		unitId: fields.id(),
		title: fields.text(200),
		...period,
		focusAreas: longText(4000)
	})
	.superRefine(periodOrder);
export type WorkplacePlanInput = z.output<typeof workplacePlanSchema>;

export const workplaceGoalSchema = z.object({ text: fields.text(1000), trackId: optionalId() });
export type WorkplaceGoalInput = z.output<typeof workplaceGoalSchema>;

export const individualPlanSchema = z.object({ personId: fields.id(), ...period }).superRefine(periodOrder);
export type IndividualPlanInput = z.output<typeof individualPlanSchema>;

export const individualGoalSchema = z.object({
	text: fields.text(1000),
	/** Absent: "unlinked". */
	workplaceGoalId: optionalId(),
	status: z.enum(GOAL_STATUSES).optional()
});
export type IndividualGoalInput = z.output<typeof individualGoalSchema>;

export const plannedActivitySchema = z
	.object({
		individualGoalId: optionalId(),
		sessionId: optionalId(),
		activityId: optionalId(),
		description: fields.optionalText(1000),
		status: z.enum(PLANNED_ACTIVITY_STATUSES).optional()
	})
	.superRefine((v, ctx) => {
		if (!v.sessionId && !v.activityId && !v.description)
			ctx.addIssue({ code: 'custom', path: ['description'], message: 'plans.error.activityEmpty' });
	});
export type PlannedActivityInput = z.output<typeof plannedActivitySchema>;

export const dialogueSchema = z
	.object({
		heldOn: fields.date(),
		notes: longText(8000),
		agreedGoals: longText(4000)
	})
	.strict();
export type DialogueInput = z.output<typeof dialogueSchema>;

export const individualPlanQuerySchema = z.object({ personId: optionalId() }).strict();
export const workplacePlanQuerySchema = z.object({ unitId: fields.id() }).strict();
