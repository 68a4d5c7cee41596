import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { api, parseJsonBody } from '#lib/server/web/api.ts';
import { apiRules } from '#lib/server/web/route.ts';
import { apiContext } from '#lib/server/web/people.http.ts';
import { createScale, listScales } from '#lib/server/surveys/scales.service.ts';

/** Built-in scales and the programme's own (programme office). */
export const GET: RequestHandler = api(async (event) => {
	const { actor, programmeId } = await apiContext(event);
	return json(await listScales(getDb(), actor, programmeId));
});

/** A custom scale: at least two options, distinct values (422 otherwise); a taken code is 409. */
export const POST: RequestHandler = api(async (event) => {
	const { actor, programmeId } = await apiContext(event);
	const body = await parseJsonBody(event, z.record(z.string(), z.unknown()));
	const scale = await apiRules(event, () => createScale(getDb(), actor, programmeId, body));
	return json(scale, { status: 201, headers: { location: `/api/v1/scales/${scale.id}` } });
});
