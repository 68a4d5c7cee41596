import { z } from 'zod';
import { NETWORK_REACHES } from '../db/schema.ts';
import { fields } from '../core/validation.ts';

/** Input shapes of networks and groups, shared by the pages and the REST API. */

export const NETWORK_PAGE_SIZE = 20;

const optionalId = () => z.preprocess((v) => (v === '' ? undefined : v), fields.id().nullable().optional());

export const networkInputSchema = z.object({
	name: fields.singleLine(fields.text(200)),
	purpose: fields.string().trim().max(4000).default(''),
	reach: z.enum(NETWORK_REACHES, { error: 'networks.error.reach' }).default('programme'),
	contactPersonId: optionalId(),
	startsOn: fields.date()
});
export type NetworkInput = z.output<typeof networkInputSchema>;

/** A member: a person of the programme, or someone from outside (name required, e-mail optional). */
export const memberInputSchema = z.union([
	z.object({ personId: fields.id() }).strict(),
	/** A colleague by e-mail (the page's form: no list of 100,000 names). */
	z.object({ email: fields.email() }).strict(),
	z
		.object({
			externalName: fields.singleLine(fields.text(200)),
			externalOrganisation: fields.singleLine(fields.string().trim().max(200)).default(''),
			externalEmail: z.preprocess((v) => (v === '' ? undefined : v), fields.email().optional())
		})
		.strict()
]);
export type MemberInput = z.output<typeof memberInputSchema>;

/** A new contact person (chosen with the person picker). */
export const contactInputSchema = z.object({ personId: fields.id() });

export const meetingInputSchema = z.object({
	meetsOn: fields.date(),
	place: fields.singleLine(fields.string().trim().max(200)).default(''),
	notes: fields.string().trim().max(4000).default('')
});
export type MeetingInput = z.output<typeof meetingInputSchema>;

export const networkQuerySchema = z.object({
	page: z.coerce.number().int().min(1).max(100_000).default(1)
});

/** `networksStarted`'s period: dates inclusive. */
export const periodSchema = z.object({ from: fields.date(), to: fields.date() });
