import { z } from 'zod';
import { fields } from '../core/validation.ts';

/** The groupings of the hours report (`organisation` is the level above workplaces). */
export const REPORT_GROUPINGS = ['unit', 'organisation', 'track', 'jobCategory', 'gender', 'month'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

const filterShape = {
	/** First day of the period (session start, in the programme's time zone), inclusive. */
	from: fields.date().optional(),
	/** Last day of the period, inclusive. */
	to: fields.date().optional(),
	trackId: fields.id().optional(),
	/** Participants in this unit or below. */
	unitId: fields.id().optional()
};

const periodInOrder = (v: { from?: string | undefined; to?: string | undefined }) =>
	!v.from || !v.to || v.from <= v.to;
const periodMessage = { message: 'reports.error.toBeforeFrom', path: ['to'] };

/** Report filters from a form or query string. */
export const reportFilterSchema = z.object(filterShape).refine(periodInOrder, periodMessage);
export type ReportFilter = z.output<typeof reportFilterSchema>;

/** `GET /api/v1/reports/hours` query; unknown parameters are refused. */
export const hoursQuerySchema = z
	.object({
		...filterShape,
		groupBy: z.enum(REPORT_GROUPINGS),
		programmeId: fields.id().optional()
	})
	.strict()
	.refine(periodInOrder, periodMessage);

const aggregate = {
	participants: z.number().int().describe('Unique people with at least one attended session'),
	hours: z.number().describe('Participation hours credited'),
	attendances: z.number().int().describe('Attended registrations'),
	sessions: z.number().int().describe('Sessions with at least one attendance')
};

/** What the hours report returns (JSON). */
export const hoursReportOutputSchema = z.object({
	groupBy: z.enum(REPORT_GROUPINGS),
	filters: z.object({
		from: z.string().nullable(),
		to: z.string().nullable(),
		trackId: z.number().int().nullable(),
		unitId: z.number().int().nullable()
	}),
	rows: z.array(
		z.object({
			key: z.string().describe("Unit/track id, code, or 'YYYY-MM'; 'none' when the value is missing"),
			label: z.string(),
			...aggregate
		})
	),
	totals: z.object({
		...aggregate,
		courseDays: z.number().int().describe('Calendar days with an attended session (per session, summed)')
	})
});
