import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import * as exportRoute from '../../../routes/api/v1/surveys/[id]/export/+server.ts';
import { setDb } from '../db/index.ts';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { buildOpenApiDocument } from '../web/openapi.ts';
import { surveysOpenApi } from '../web/openapi/surveys.ts';
import { buildAnonymityFixture } from './anonymity.fixtures.ts';
import { buildResultsFixture, type ResultsFixture } from './results.fixtures.ts';

/** `GET /api/v1/surveys/{id}/export`: the page's downloads, with the page's protection and policy. */
async function get(actor: Actor | null, id: number | string, query: string) {
	const url = new URL(`http://localhost/api/v1/surveys/${id}/export${query}`);
	const res = await (exportRoute.GET as unknown as (e: unknown) => Promise<Response>)({
		request: new Request(url),
		url,
		params: { id: String(id) },
		locals: { actor, locale: 'en' }
	});
	return { status: res.status, type: res.headers.get('content-type'), res };
}

describeEachDb('survey exports in the API', (ctx) => {
	let f: ResultsFixture;
	const actors: Record<string, Actor> = {};
	beforeAll(async () => {
		setDb(ctx.db);
		f = await buildResultsFixture(ctx.db, 'xapi');
		for (const key of ['office', 'steering', 'evaluator', 'participant', 'otherOffice'] as const)
			actors[key] = (await loadActor(ctx.db, f.people[key]))!;
	});

	it('gives the results as CSV or XLSX to whoever may read them, and the raw answers to office and evaluators', async () => {
		const summary = await get(actors.steering!, f.surveyId, '?format=csv&kind=summary&by=unit');
		expect(summary.status).toBe(200);
		expect(summary.type).toContain('text/csv');
		expect(summary.res.headers.get('content-disposition')).toContain(`survey-${f.surveyId}-results-unit.csv`);
		const csv = await summary.res.text();
		expect(csv).toContain('Respondents (n);20');

		const raw = await get(actors.evaluator!, f.surveyId, '?format=xlsx&kind=raw');
		expect(raw.status).toBe(200);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await raw.res.arrayBuffer()) as ArrayBuffer);
		expect(book.worksheets.map((w) => w.name)).toEqual(['Response', 'About']);
		expect(String(book.worksheets[1]!.getRow(2).getCell(1).value)).toContain('Every combination of');

		// Defaults: summary as CSV.
		expect((await get(actors.office!, f.surveyId, '')).type).toContain('text/csv');
	});

	it('refuses as the page does: 404 without the right, 401 signed out, 400 for a bad query, 409 under k', async () => {
		expect((await get(actors.steering!, f.surveyId, '?kind=raw')).status).toBe(404);
		expect((await get(actors.participant!, f.surveyId, '?kind=summary')).status).toBe(404);
		expect((await get(actors.otherOffice!, f.surveyId, '?kind=raw')).status).toBe(404);
		expect((await get(null, f.surveyId, '')).status).toBe(401);
		expect((await get(actors.office!, 'x', '')).status).toBe(404);
		const bad = await get(actors.office!, f.surveyId, '?format=pdf');
		expect(bad.status).toBe(400);
		expect(((await bad.res.json()) as { error: { fields: object } }).error.fields).toHaveProperty('format');
		expect((await get(actors.office!, f.surveyId, '?kind=raw&secret=1')).status).toBe(400);

		const a = await buildAnonymityFixture(ctx.db, 'xapi2');
		const s = await a.survey();
		await a.respond(s, [{ value: 1 }, { value: 2 }]);
		const office = (await loadActor(ctx.db, a.people.office))!;
		const refused = await get(office, s.surveyId, '?kind=raw');
		expect(refused.status).toBe(409);
		expect(((await refused.res.json()) as { error: { message: string } }).error.message).toContain(
			'at least 5 people'
		);
	});

	it('is in the OpenAPI document, and text objects mark their optional languages', () => {
		const doc = buildOpenApiDocument([surveysOpenApi], 'http://localhost') as {
			paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
			components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
		};
		const op = doc.paths['/surveys/{id}/export']!.get!;
		expect(op.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['format', 'kind', 'by']));
		const title = doc.components.schemas.SurveyCreate!.properties!.title as {
			required?: string[];
			properties: Record<string, unknown>;
		};
		expect(Object.keys(title.properties)).toEqual(['en', 'sv', 'da', 'nb']);
		expect(title.required ?? []).toEqual([]);
	});
});
