import { z } from 'zod';
import { fields } from '../core/validation.ts';

export const VISIT_ANSWERS = ['yes', 'partly', 'no'] as const;

export const templateSchema = z.object({
	questions: z.array(fields.text(500)).min(1).max(30)
});

export const visitSchema = z.object({
	unitId: fields.id(),
	visitedOn: fields.date(),
	notes: fields.optionalText(5000)
});

export const answersSchema = z.object({
	answers: z
		.array(z.object({ answer: z.enum(VISIT_ANSWERS).optional(), note: fields.optionalText(2000) }))
		.max(30),
	notes: fields.optionalText(5000)
});

export const actionSchema = z.object({
	text: fields.text(500),
	responsible: fields.optionalText(200),
	followUpOn: fields.date().optional()
});
