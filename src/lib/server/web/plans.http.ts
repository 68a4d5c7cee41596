import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { GOAL_STATUSES, PLANNED_ACTIVITY_STATUSES, SWOT_CATEGORIES } from '../db/schema.ts';
import { notFound } from './api.ts';
import { idParam } from './route.ts';
import { fields } from '../core/validation.ts';
import {
	dialogueSchema,
	individualGoalSchema,
	individualPlanSchema,
	needDecisionSchema,
	needQuerySchema,
	needSchema,
	plannedActivitySchema,
	swotItemSchema,
	swotQuerySchema,
	workplaceGoalSchema,
	workplacePlanSchema
} from '../plans/plans.schema.ts';

/** Shared by the `/api/v1` routes of SWOT, needs and plans: strict bodies and id parameters. */

/** Route parameter `name` as an id, or the API's 404. */
export function apiId(event: RequestEvent, name = 'id'): number {
	const id = idParam(event.params[name as keyof typeof event.params] as string | undefined);
	if (id === null) throw notFound(event);
	return id;
}

const programmeParam = { programmeId: fields.id().optional() };

export const swotApiQuery = swotQuerySchema.extend(programmeParam).strict();
export const swotThemesApiQuery = z.object(programmeParam).strict();
export const swotItemBody = swotItemSchema.strict();
export const swotMoveBody = z.object({ direction: z.enum(['up', 'down']) }).strict();
export const swotReorderBody = z
	.object({
		unitId: fields.id().nullable().optional(),
		category: z.enum(SWOT_CATEGORIES),
		ids: z.array(fields.id()).min(1).max(500)
	})
	.strict();

export const needApiQuery = needQuerySchema.extend(programmeParam).strict();
export const needBody = needSchema.strict();
export const needDecisionBody = needDecisionSchema.strict();

export const workplacePlanApiQuery = z.object({ unitId: fields.id() }).strict();
export const overviewApiQuery = z
	.object({
		unitId: fields.id(),
		on: fields.date().optional(),
		page: z.coerce.number().int().min(1).max(1_000_000).default(1),
		pageSize: z.coerce.number().int().min(1).max(200).default(50)
	})
	.strict();
export const workplacePlanBody = workplacePlanSchema.strict();
export const workplaceGoalBody = workplaceGoalSchema.strict();
export const individualPlanApiQuery = z.object({ personId: fields.id().optional() }).strict();
export const individualPlanBody = individualPlanSchema.strict();
export const individualGoalBody = individualGoalSchema.strict();
export const individualGoalPatchBody = z
	.object({
		text: fields.text(1000).optional(),
		/** Null unlinks the goal. */
		workplaceGoalId: fields.id().nullable().optional(),
		status: z.enum(GOAL_STATUSES).optional()
	})
	.strict();
export const plannedActivityBody = plannedActivitySchema.strict();
export const plannedActivityPatchBody = z.object({ status: z.enum(PLANNED_ACTIVITY_STATUSES) }).strict();
export const dialogueBody = dialogueSchema.extend({ personId: fields.id() }).strict();
