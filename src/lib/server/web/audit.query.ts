import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../audit/audit.service.ts';
import { fieldErrors, fields, type FieldErrors } from '../core/validation.ts';
import type { Locale } from '#lib/i18n/index.ts';
import { idParam } from './route.ts';

const period = z
	.object({
		from: z.union([z.literal(''), fields.date()]).optional(),
		to: z.union([z.literal(''), fields.date()]).optional()
	})
	.refine((p) => !p.from || !p.to || p.from <= p.to, { message: 'privacy.audit.badPeriod', path: ['to'] });

/**
 * The audit page's and CSV export's filters from the query string: entity type, the person
 * acted on (`person`), the person who acted (`actor`), action and period. A bad date is
 * reported on its field and left out of the filter, so the page still shows the log.
 */
export function auditQuery(url: URL, locale: Locale) {
	const q = url.searchParams;
	const entityType = AUDIT_ENTITY_TYPES.find((type) => type === q.get('type'));
	const action = AUDIT_ACTIONS.find((a) => a === q.get('action'));
	const parsed = period.safeParse({ from: q.get('from') ?? undefined, to: q.get('to') ?? undefined });
	const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error, locale);
	return {
		filter: {
			entityType,
			personId: idParam(q.get('person')) ?? undefined,
			actorId: idParam(q.get('actor')) ?? undefined,
			action,
			from: parsed.success && parsed.data.from ? parsed.data.from : undefined,
			to: parsed.success && parsed.data.to ? parsed.data.to : undefined
		},
		errors,
		page: Math.min(idParam(q.get('page')) ?? 1, 1_000_000)
	};
}
