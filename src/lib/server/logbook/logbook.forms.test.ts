import { afterAll, beforeAll, expect, it } from 'vitest';
import * as newPage from '../../../routes/logbook/new/+page.server.ts';
import * as entryPage from '../../../routes/logbook/[id]/+page.server.ts';
import * as editPage from '../../../routes/logbook/[id]/edit/+page.server.ts';
import * as sharedPage from '../../../routes/logbook/shared/+page.server.ts';
import { setDb } from '../db/index.ts';
import { loadActor } from '../people/actor.ts';
import { buildProgrammeFixture, type ProgrammeFixture } from '../people/people.fixtures.ts';
import type { Actor } from '../policy/policy.ts';
import { submitAction as submit } from '../testing/action-call.ts';
import { describeEachDb } from '../testing/db.ts';
import { createEntry, getEntry, shareEntry } from './logbook.service.ts';

describeEachDb('logbook pages and forms', (ctx) => {
	let fx: ProgrammeFixture;
	const a: Record<string, Actor> = {};

	beforeAll(async () => {
		setDb(ctx.db);
		fx = await buildProgrammeFixture(ctx.db, 'logform');
		for (const [key, id] of Object.entries(fx.people)) a[key] = (await loadActor(ctx.db, id))!;
	});
	afterAll(() => setDb(undefined));

	const entryCount = async () =>
		Number(
			(
				await ctx.db
					.selectFrom('logbookEntries')
					.select((eb) => eb.fn.countAll().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	it('writes an entry from the form and refuses an empty one with a Swedish message at the field', async () => {
		const ok = await submit(newPage.actions.default, a.participant!, '/logbook/new', {
			title: 'Från formuläret',
			body: 'Första stycket\n\nAndra stycket'
		});
		expect(ok.kind).toBe('redirect');
		const id = Number((ok as { location: string }).location.match(/\/logbook\/(\d+)/)![1]);
		expect((await getEntry(ctx.db, a.participant!, id)).bodyHtml).toBe(
			'<p>Första stycket</p><p>Andra stycket</p>'
		);

		const before = await entryCount();
		const empty = await submit(newPage.actions.default, a.participant!, '/logbook/new', {
			title: 'x',
			body: '  '
		});
		expect(empty).toMatchObject({ kind: 'fail', status: 400 });
		expect((empty as { data: { errors: Record<string, string[]> } }).data.errors.body).toEqual([
			'Skriv din reflektion.'
		]);
		const badLink = await submit(newPage.actions.default, a.participant!, '/logbook/new', {
			body: 'x',
			sessionId: '999999'
		});
		expect((badLink as { data: { errors: Record<string, string[]> } }).data.errors.sessionId).toEqual([
			'Välj ett av dina egna tillfällen.'
		]);
		const notANumber = await submit(newPage.actions.default, a.participant!, '/logbook/new', {
			body: 'x',
			processId: 'abc'
		});
		expect(notANumber).toMatchObject({ kind: 'fail', status: 400 });
		expect(await entryCount()).toBe(before);
	});

	it('shares only with ticked consent, withdraws, deletes only with confirmation; others get 404', async () => {
		const entry = await createEntry(ctx.db, a.participant!, { title: 'Delas', body: 'Text' });
		const path = `/logbook/${entry.id}`;
		const params = { id: String(entry.id) };

		const noConsent = await submit(
			entryPage.actions.share,
			a.participant!,
			path,
			{ audience: 'evaluators' },
			params
		);
		expect(noConsent).toMatchObject({ kind: 'fail', status: 400 });
		expect((noConsent as { data: { errors: Record<string, string[]> } }).data.errors.consent).toEqual([
			'Kryssa i samtyckestexten för att dela anteckningen.'
		]);
		const noProcess = await submit(
			entryPage.actions.share,
			a.participant!,
			path,
			{ audience: 'process_group', consent: 'on' },
			params
		);
		expect((noProcess as { data: { errors: Record<string, string[]> } }).data.errors.audience).toHaveLength(
			1
		);
		const unknown = await submit(
			entryPage.actions.share,
			a.participant!,
			path,
			{ audience: 'all', consent: 'on' },
			params
		);
		expect(unknown).toMatchObject({ kind: 'fail', status: 400 });
		expect((await getEntry(ctx.db, a.participant!, entry.id)).sharedWith).toEqual([]);

		// Someone else's entry: the same 404 as an unknown one, for every action.
		for (const who of ['office', 'admin', 'evaluator']) {
			expect(
				await submit(
					entryPage.actions.share,
					a[who]!,
					path,
					{ audience: 'evaluators', consent: 'on' },
					params
				)
			).toEqual({ kind: 'error', status: 404 });
			expect(await submit(entryPage.actions.delete, a[who]!, path, { confirm: 'on' }, params)).toEqual({
				kind: 'error',
				status: 404
			});
			expect(
				await submit(editPage.actions.default, a[who]!, path + '/edit', { body: 'kapat' }, params)
			).toEqual({
				kind: 'error',
				status: 404
			});
		}

		const shared = await submit(
			entryPage.actions.share,
			a.participant!,
			path,
			{ audience: 'evaluators', consent: 'on' },
			params
		);
		expect(shared).toEqual({ kind: 'redirect', location: `${path}?notice=shared&audience=evaluators` });
		const load = sharedPage.load as unknown as (e: unknown) => Promise<{ entries: { id: number }[] }>;
		const seen = await load({
			locals: { actor: a.evaluator!, locale: 'sv' },
			url: new URL('http://localhost/logbook/shared')
		});
		expect(seen.entries.map((e) => e.id)).toEqual([entry.id]);

		const withdrawn = await submit(
			entryPage.actions.withdraw,
			a.participant!,
			path,
			{ audience: 'evaluators' },
			params
		);
		expect(withdrawn.kind).toBe('redirect');
		const after = await load({
			locals: { actor: a.evaluator!, locale: 'sv' },
			url: new URL('http://localhost/logbook/shared')
		});
		expect(after.entries).toEqual([]);

		const unconfirmed = await submit(entryPage.actions.delete, a.participant!, path, {}, params);
		expect(unconfirmed).toMatchObject({ kind: 'fail', status: 400 });
		expect((await getEntry(ctx.db, a.participant!, entry.id)).id).toBe(entry.id);
		const deleted = await submit(entryPage.actions.delete, a.participant!, path, { confirm: 'on' }, params);
		expect(deleted).toEqual({ kind: 'redirect', location: '/logbook?notice=deleted' });
	});

	it('edits keep the data when the input is bad', async () => {
		const entry = await createEntry(ctx.db, a.inB!, { title: 'Orörd', body: 'Orörd' });
		await shareEntry(ctx.db, a.inB!, entry.id, 'manager');
		const path = `/logbook/${entry.id}/edit`;
		const params = { id: String(entry.id) };
		const bad = await submit(
			editPage.actions.default,
			a.inB!,
			path,
			{ title: 'Ny', body: '<p> </p>' },
			params
		);
		expect(bad).toMatchObject({ kind: 'fail', status: 400 });
		const still = await getEntry(ctx.db, a.inB!, entry.id);
		expect([still.title, still.bodyHtml, still.sharedWith]).toEqual(['Orörd', '<p>Orörd</p>', ['manager']]);
		const ok = await submit(editPage.actions.default, a.inB!, path, { title: 'Ny', body: 'Ny text' }, params);
		expect(ok.kind).toBe('redirect');
		expect((await getEntry(ctx.db, a.managerB!, entry.id)).title).toBe('Ny');
	});
});
