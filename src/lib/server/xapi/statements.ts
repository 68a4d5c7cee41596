import { createHash } from 'node:crypto';
import type { XapiActorMode } from '../db/schema.ts';

/**
 * xAPI 1.0.3 statements, built from an event Klok recorded. Pure: no database. Statement ids
 * are name-based UUIDs (version 5) of the event's key, so recording the same event again (a
 * retried request, attendance corrected back and forth) yields the same statement, which the
 * queue and any LRS treat as one.
 */

export const XAPI_VERSION = '1.0.3';

export const VERBS = {
	attended: { id: 'http://adlnet.gov/expapi/verbs/attended', display: { 'en-US': 'attended' } },
	completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } }
} as const;
export type XapiVerb = keyof typeof VERBS;

/** ADL activity types of what Klok reports. */
export const ACTIVITY_TYPES = {
	session: 'http://adlnet.gov/expapi/activities/meeting',
	course: 'http://adlnet.gov/expapi/activities/course',
	followup: 'http://adlnet.gov/expapi/activities/assessment',
	process: 'http://adlnet.gov/expapi/activities/performance'
} as const;
export type XapiActivityType = keyof typeof ACTIVITY_TYPES;

/** Klok's namespace for its name-based UUIDs (itself a v5 UUID of "klok" in the URL namespace). */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** RFC 9562 UUID version 5 (SHA-1, name-based) of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string = KLOK_NAMESPACE): string {
	const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
	const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
	hash[6] = (hash[6]! & 0x0f) | 0x50;
	hash[8] = (hash[8]! & 0x3f) | 0x80;
	const hex = hash.subarray(0, 16).toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
const KLOK_NAMESPACE = uuidV5('https://klok.invalid/xapi', URL_NAMESPACE);

/** Hours as an ISO 8601 duration ("PT1H30M"; "PT0S" for none). */
export function isoDuration(hours: number): string {
	const minutes = Math.round(Math.max(0, hours) * 60);
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	if (h === 0 && m === 0) return 'PT0S';
	return `PT${h > 0 ? `${h}H` : ''}${m > 0 ? `${m}M` : ''}`;
}

export interface XapiActivityRef {
	/** Path below the origin, e.g. `/activities/12/sessions/40` (the IRI is origin + path). */
	path: string;
	name: string;
	type: XapiActivityType;
}

/** Something that happened to one person, as the emitting domain describes it. */
export interface XapiEvent {
	verb: XapiVerb;
	programmeId: number;
	personId: number;
	/** Stable key of the event: the statement id is derived from it. */
	key: string;
	object: XapiActivityRef;
	parent?: XapiActivityRef;
	/** What the learning attempt belongs to (e.g. a registration), hashed into a UUID. */
	registrationKey?: string;
	/** Hours credited (result.duration and the Klok hours extension). */
	hours?: number | null;
	/** When it happened (UTC ISO). */
	timestamp: string;
}

export interface XapiIdentity {
	email: string;
	name: string;
}

export const HOURS_EXTENSION = 'https://klok.invalid/xapi/extensions/hours';

/** The statement for an event, with the actor identified as the programme chose. */
export function buildStatement(
	event: XapiEvent,
	identity: XapiIdentity,
	mode: XapiActorMode,
	origin: string
): Record<string, unknown> {
	const base = origin.replace(/\/+$/, '');
	const actor =
		mode === 'mbox'
			? { objectType: 'Agent', name: identity.name, mbox: `mailto:${identity.email}` }
			: // The account name is the stable person id, never the e-mail (which can change).
				{ objectType: 'Agent', account: { homePage: base, name: String(event.personId) } };
	const activity = (ref: XapiActivityRef) => ({
		objectType: 'Activity',
		id: base + ref.path,
		definition: { name: { 'en-US': ref.name }, type: ACTIVITY_TYPES[ref.type] }
	});
	const statement: Record<string, unknown> = {
		id: uuidV5(event.key),
		actor,
		verb: VERBS[event.verb],
		object: activity(event.object),
		context: {
			platform: 'Klok',
			...(event.registrationKey ? { registration: uuidV5(event.registrationKey) } : {}),
			...(event.parent ? { contextActivities: { parent: [activity(event.parent)] } } : {})
		},
		timestamp: new Date(event.timestamp).toISOString(),
		version: XAPI_VERSION
	};
	if (event.hours !== undefined && event.hours !== null)
		statement.result = {
			completion: true,
			duration: isoDuration(event.hours),
			extensions: { [HOURS_EXTENSION]: event.hours }
		};
	else statement.result = { completion: true };
	return statement;
}
