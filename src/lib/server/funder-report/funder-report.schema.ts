import { z } from 'zod';
import { fields } from '../core/validation.ts';

const shape = {
	title: fields.text(200),
	periodStart: fields.date(),
	periodEnd: fields.date(),
	summary: fields.optionalText(20000),
	lessons: fields.optionalText(20000)
};

/** A funder report's period and texts; the period may not end before it starts. */
export const reportSchema = z.object(shape).refine((v) => v.periodStart <= v.periodEnd, {
	message: 'funder.error.endBeforeStart',
	path: ['periodEnd']
});

export const reportPatchSchema = z.object({
	summary: fields.optionalText(20000),
	lessons: fields.optionalText(20000)
});

export const EXPORT_FORMATS = ['pdf', 'xlsx', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
