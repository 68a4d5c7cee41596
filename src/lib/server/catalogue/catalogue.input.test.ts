import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as newActivityPage from '../../../routes/activities/new/+page.server.ts';
import * as activityPage from '../../../routes/activities/[id]/+page.server.ts';
import * as activitiesRoute from '../../../routes/api/v1/activities/+server.ts';
import * as activityRoute from '../../../routes/api/v1/activities/[id]/+server.ts';
import * as activitySessionsRoute from '../../../routes/api/v1/activities/[id]/sessions/+server.ts';
import * as sessionRoute from '../../../routes/api/v1/sessions/[id]/+server.ts';
import { translate } from '#lib/i18n/index.ts';
import { setDb } from '../db/index.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { routeCaller } from '../testing/route-call.ts';
import { sessionEffects } from './effects.ts';

/** Calls an API route handler the way SvelteKit would. */
const call = routeCaller();

/** Posts a form action the way SvelteKit would, in Swedish. */
async function submit(
	action: unknown,
	actor: Actor,
	path: string,
	fields: [string, string][],
	params: Record<string, string> = {}
): Promise<{ status: number; errors?: Record<string, string[]>; location?: string }> {
	const url = new URL('http://localhost' + path);
	const request = new Request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields)
	});
	try {
		const result = (await (action as (e: unknown) => Promise<unknown>)({
			request,
			url,
			params,
			locals: { actor, locale: 'sv' }
		})) as { status: number; data: { errors: Record<string, string[]> } };
		return { status: result.status, errors: result.data.errors };
	} catch (e) {
		if (isRedirect(e)) return { status: e.status, location: e.location };
		if (isHttpError(e)) return { status: e.status };
		throw e;
	}
}

const day = (days: number, time: string) =>
	new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10) + 'T' + time;

const INJECTED = 'Line1\r\nATTENDEE:mailto:evil@example.org';

/** Finding 11: line breaks and other control characters in titles and places travelled into .ics files. */
describeEachDb('catalogue refuses control characters in single-line text', (ctx) => {
	let f: ProgrammeFixture;
	let office: Actor;
	const original = { ...sessionEffects };
	const message = (locale: 'en' | 'sv') => translate(locale, 'error.singleLine');
	const control = (locale: 'en' | 'sv') => translate(locale, 'error.controlCharacters');

	beforeAll(async () => {
		setDb(ctx.db);
		f = await buildProgrammeFixture(ctx.db, 'ctrl');
		office = (await loadActor(ctx.db, f.people.office)) as Actor;
		sessionEffects.notifySessionChanged = async () => undefined;
		sessionEffects.notifySessionCancelled = async () => undefined;
		sessionEffects.fillFreeSeats = async () => undefined;
	});
	afterAll(() => {
		setDb(undefined);
		Object.assign(sessionEffects, original);
	});

	const activityBody = { title: 'Clean title', type: 'lecture', learningForm: 'formal' };
	const sessionBody = {
		startsAt: day(7, '09:00'),
		endsAt: day(7, '11:00'),
		place: 'Hall',
		capacity: 2,
		hours: 2
	};
	const titles = async () =>
		(await ctx.db.selectFrom('activities').select('title').execute()).map((r) => r.title);
	const sessionRows = async () =>
		ctx.db.selectFrom('sessions').select(['title', 'place', 'onlineUrl']).execute();

	it('the API refuses CR/LF in activity and session titles, places and links with a field message', async () => {
		for (const title of [INJECTED, 'Tab\tis fine but bell\u0007 is not', 'Line\nbreak', 'Carriage\rreturn']) {
			const res = await call(activitiesRoute.POST, office, {
				method: 'POST',
				body: { ...activityBody, title }
			});
			expect(res.status, JSON.stringify(title)).toBe(422);
			expect(res.body.error.fields.title).toEqual([title.includes('\u0007') ? control('en') : message('en')]);
		}
		const provider = await call(activitiesRoute.POST, office, {
			method: 'POST',
			body: { ...activityBody, provider: `Acme\r\nX-INJECTED:1` }
		});
		expect(provider.body.error.fields.provider).toEqual([message('en')]);
		expect(await titles()).toEqual([]);

		// A tab is an ordinary character; surrounding line breaks are trimmed away.
		const created = await call(activitiesRoute.POST, office, {
			method: 'POST',
			body: { ...activityBody, title: 'Tab\there\r\n' }
		});
		expect(created.status).toBe(201);
		expect(created.body.title).toBe('Tab\there');
		const id = String(created.body.id);
		const patched = await call(activityRoute.PATCH, office, {
			method: 'PATCH',
			params: { id },
			body: { title: INJECTED }
		});
		expect([patched.status, patched.body.error.fields.title]).toEqual([422, [message('en')]]);

		const bad = await call(activitySessionsRoute.POST, office, {
			method: 'POST',
			params: { id },
			body: {
				...sessionBody,
				title: INJECTED,
				place: 'Hall\r\nX-INJECTED:1',
				onlineUrl: 'https://meet.example.org/a\r\nb'
			}
		});
		expect(bad.status).toBe(422);
		expect(bad.body.error.fields).toMatchObject({
			title: [message('en')],
			place: [message('en')],
			onlineUrl: [message('en')]
		});
		expect(await sessionRows()).toEqual([]);

		const session = await call(activitySessionsRoute.POST, office, {
			method: 'POST',
			params: { id },
			body: sessionBody
		});
		expect(session.status).toBe(201);
		const patch = await call(sessionRoute.PATCH, office, {
			method: 'PATCH',
			params: { id: String(session.body.id) },
			body: { title: INJECTED, place: `Room\u001b[31m` }
		});
		expect(patch.status).toBe(422);
		expect(patch.body.error.fields).toMatchObject({ title: [message('en')], place: [control('en')] });
		expect(await sessionRows()).toEqual([{ title: null, place: 'Hall', onlineUrl: null }]);
	});

	it('the forms refuse them too, with the message at the field', async () => {
		const form = (title: string): [string, string][] => [
			['title', title],
			['type', 'lecture'],
			['learningForm', 'formal']
		];
		const refused = await submit(newActivityPage.actions.default, office, '/activities/new', form(INJECTED));
		expect(refused).toEqual({ status: 400, errors: { title: [message('sv')] } });
		const before = (await titles()).length;

		const made = await submit(newActivityPage.actions.default, office, '/activities/new', form('Kurs'));
		expect(made.status).toBe(303);
		const id = /\/activities\/(\d+)/.exec(made.location!)![1]!;
		expect((await titles()).length).toBe(before + 1);
		const session = await submit(
			activityPage.actions.addSession,
			office,
			`/activities/${id}`,
			[
				['title', INJECTED],
				['place', 'Sal 3\nX-INJECTED:1'],
				['startsAt', day(8, '09:00')],
				['endsAt', day(8, '11:00')],
				['capacity', '5'],
				['hours', '2']
			],
			{ id }
		);
		expect(session.status).toBe(400);
		expect(session.errors).toMatchObject({ title: [message('sv')], place: [message('sv')] });
	});
});
