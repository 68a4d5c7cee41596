import { afterAll, beforeAll, expect, it } from 'vitest';
import * as unitsRoute from '../../../routes/api/v1/units/+server.ts';
import * as unitRoute from '../../../routes/api/v1/units/[id]/+server.ts';
import * as closeRoute from '../../../routes/api/v1/units/[id]/close/+server.ts';
import * as reopenRoute from '../../../routes/api/v1/units/[id]/reopen/+server.ts';
import * as programmesRoute from '../../../routes/api/v1/programmes/+server.ts';
import * as programmeRoute from '../../../routes/api/v1/programmes/[id]/+server.ts';
import { setDb } from '../db/index.ts';
import { nowIso } from '../db/sql.ts';
import { buildOpenApiDocument } from '../web/openapi.ts';
import { loadActor } from '../people/actor.ts';
import type { Actor } from '../policy/policy.ts';
import { describeEachDb } from '../testing/db.ts';
import { routeCaller } from '../testing/route-call.ts';
import { organisationOpenApi } from '../web/openapi/organisation.ts';

const call = routeCaller({ path: '/api/v1/units' });

describeEachDb('organisation API', (ctx) => {
	let p1: number;
	let office: Actor;
	let outsider: Actor;
	let participant: Actor;
	let regionId: number;

	async function person(programmeId: number, role?: 'office'): Promise<Actor> {
		const email = `api-${Math.random().toString(36).slice(2, 10)}@example.org`;
		const row = await ctx.db
			.insertInto('people')
			.values({ programmeId, name: 'P', email, emailNormalized: email, updatedAt: nowIso() })
			.returning('id')
			.executeTakeFirstOrThrow();
		if (role)
			await ctx.db.insertInto('roleAssignments').values({ personId: row.id, role, programmeId }).execute();
		return (await loadActor(ctx.db, row.id)) as Actor;
	}

	beforeAll(async () => {
		setDb(ctx.db);
		const ids = [];
		for (const name of ['API one', 'API two'])
			ids.push(
				(
					await ctx.db
						.insertInto('programmes')
						.values({
							name,
							startsOn: '2026-01-01',
							endsOn: '2026-12-31',
							defaultLocale: 'sv',
							timeZone: 'Europe/Stockholm',
							updatedAt: nowIso()
						})
						.returning('id')
						.executeTakeFirstOrThrow()
				).id
			);
		p1 = ids[0] as number;
		office = await person(p1, 'office');
		participant = await person(p1);
		outsider = await person(ids[1] as number, 'office');
	});
	afterAll(() => setDb(undefined));

	it('creates (201), conflicts on duplicate code (409), validates (422), refuses malformed JSON (400)', async () => {
		const created = await call(unitsRoute.POST, office, {
			method: 'POST',
			body: { programmeId: p1, kind: 'region', name: 'Region Syd', code: 'RS' }
		});
		expect(created.status).toBe(201);
		expect(Object.keys(created.body).sort()).toEqual(
			['closedAt', 'code', 'createdAt', 'id', 'kind', 'name', 'parentId', 'programmeId', 'updatedAt'].sort()
		);
		regionId = created.body.id;
		const dup = await call(unitsRoute.POST, office, {
			method: 'POST',
			body: { programmeId: p1, kind: 'region', name: 'Again', code: 'RS' }
		});
		expect(dup.status).toBe(409);
		expect(dup.body.error.fields.code).toHaveLength(1);
		const invalid = await call(unitsRoute.POST, office, {
			method: 'POST',
			body: { programmeId: p1, kind: 'team', name: '' }
		});
		expect(invalid.status).toBe(422);
		expect(invalid.body.error.fields.name).toBeDefined();
		const rule = await call(unitsRoute.POST, office, {
			method: 'POST',
			body: { programmeId: p1, kind: 'team', name: 'T' }
		});
		expect(rule.status).toBe(422);
		expect(rule.body.error.fields.parentId).toBeDefined();
		const malformed = await call(unitsRoute.POST, office, { method: 'POST', rawBody: '{"name":' });
		expect(malformed.status).toBe(400);
		const refused = await call(unitsRoute.POST, participant, {
			method: 'POST',
			body: { programmeId: p1, kind: 'region', name: 'Nope' }
		});
		expect(refused.status).toBe(404);
		expect((await call(unitsRoute.GET, null)).status).toBe(401);
	});

	it('lists with paging and filters; unknown and refused ids are the same 404', async () => {
		await call(unitsRoute.POST, office, {
			method: 'POST',
			body: { programmeId: p1, parentId: regionId, kind: 'workplace', name: 'Malmö stadsbibliotek' }
		});
		const list = await call(unitsRoute.GET, participant, { path: `/api/v1/units?q=MALMÖ&pageSize=1` });
		expect(list.status).toBe(200);
		expect(list.body).toMatchObject({ page: 1, pageSize: 1, total: 1 });
		expect(list.body.data[0].name).toBe('Malmö stadsbibliotek');
		expect((await call(unitsRoute.GET, participant, { path: '/api/v1/units?pageSize=500' })).status).toBe(
			400
		);
		expect((await call(unitsRoute.GET, participant, { path: '/api/v1/units?kind=galaxy' })).status).toBe(400);
		const foreign = await call(unitsRoute.GET, outsider, { path: `/api/v1/units?programmeId=${p1}` });
		const unknown = await call(unitsRoute.GET, outsider, { path: `/api/v1/units?programmeId=999999` });
		expect(foreign).toEqual(unknown);
		expect(foreign.status).toBe(404);

		const one = await call(unitRoute.GET, participant, { params: { id: String(regionId) } });
		expect(one.body).toMatchObject({ id: regionId, path: 'Region Syd', activePeople: 0 });
		const hidden = await call(unitRoute.GET, outsider, { params: { id: String(regionId) } });
		const missing = await call(unitRoute.GET, outsider, { params: { id: '999999' } });
		expect(hidden).toEqual(missing);
		expect(hidden.status).toBe(404);
		expect((await call(unitRoute.GET, office, { params: { id: 'abc' } })).status).toBe(404);
	});

	it('patches, moves with cycle refusal, closes and reopens', async () => {
		const org = await call(unitsRoute.POST, office, {
			method: 'POST',
			body: { programmeId: p1, kind: 'organisation', name: 'Lund' }
		});
		const id = String(org.body.id);
		const moved = await call(unitRoute.PATCH, office, {
			method: 'PATCH',
			params: { id },
			body: { parentId: regionId, name: 'Lunds kommun' }
		});
		expect(moved.status).toBe(200);
		expect(moved.body).toMatchObject({ parentId: regionId, name: 'Lunds kommun' });
		const cycle = await call(unitRoute.PATCH, office, {
			method: 'PATCH',
			params: { id: String(regionId) },
			body: { parentId: regionId }
		});
		expect(cycle.status).toBe(422);
		const extra = await call(unitRoute.PATCH, office, {
			method: 'PATCH',
			params: { id },
			body: { kind: 'team' }
		});
		expect(extra.status).toBe(422);
		const blocked = await call(closeRoute.POST, office, { method: 'POST', params: { id: String(regionId) } });
		expect(blocked.status).toBe(422);
		expect(blocked.body.error.message).toMatch(/2 open sub-unit/);
		const closed = await call(closeRoute.POST, office, { method: 'POST', params: { id } });
		expect(closed.body.closedAt).not.toBeNull();
		const reopened = await call(reopenRoute.POST, office, { method: 'POST', params: { id } });
		expect(reopened.body.closedAt).toBeNull();
		expect((await call(closeRoute.POST, participant, { method: 'POST', params: { id } })).status).toBe(404);
	});

	it('programmes: list, read, patch; OpenAPI fragment builds', async () => {
		const list = await call(programmesRoute.GET, office, { path: '/api/v1/programmes' });
		expect(list.body.total).toBe(1);
		expect(list.body.data[0].id).toBe(p1);
		expect((await call(programmeRoute.GET, outsider, { params: { id: String(p1) } })).status).toBe(404);
		const patched = await call(programmeRoute.PATCH, office, {
			method: 'PATCH',
			params: { id: String(p1) },
			body: { minGroupSize: 8, funder: 'ESF' }
		});
		expect(patched.body).toMatchObject({ minGroupSize: 8, funder: 'ESF' });
		const bad = await call(programmeRoute.PATCH, office, {
			method: 'PATCH',
			params: { id: String(p1) },
			body: { timeZone: 'Nowhere/Land', endsOn: '2025-01-01' }
		});
		expect(bad.status).toBe(422);
		expect(Object.keys(bad.body.error.fields)).toContain('timeZone');
		const refused = await call(programmeRoute.PATCH, participant, {
			method: 'PATCH',
			params: { id: String(p1) },
			body: { name: 'x' }
		});
		expect(refused.status).toBe(404);
		const doc = buildOpenApiDocument([organisationOpenApi], 'http://localhost/api/v1');
		expect(Object.keys(doc.paths)).toContain('/units/{id}/close');
		expect(doc.components.schemas).toHaveProperty('UnitDetail');
		expect(JSON.stringify(doc)).not.toContain('"$schema"');
	});
});
