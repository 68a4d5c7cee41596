import { decodeJWT, verifyJWT } from 'did-jwt';
import { Resolver } from 'did-resolver';
import { beforeAll, expect, it } from 'vitest';
import { FieldsRuleError } from '../core/errors.ts';
import { loadActor } from '../people/actor.ts';
import { AccessDeniedError, type Actor } from '../policy/policy.ts';
import { buildReportFixture, type ReportFixture } from '../reports/reports.fixtures.ts';
import { describeEachDb } from '../testing/db.ts';
import {
	createAchievement,
	credentialDownload,
	didWebOf,
	forgetIssuerKey,
	issueAchievement,
	issuerDidDocument,
	listAchievements,
	myBadges,
	revokeCredential,
	statusListJwt,
	verifyIssued,
	verifyPasted
} from './badges.service.ts';
import { encodeStatusList, statusBit, STATUS_LIST_SIZE } from './credential.ts';

const ORIGIN = 'https://klok.example:8443';

it('status lists set the right bits, and did:web names the host with its port', () => {
	const list = encodeStatusList([0, 9, STATUS_LIST_SIZE - 1]);
	expect(list.startsWith('u')).toBe(true);
	expect([0, 1, 9, 10, STATUS_LIST_SIZE - 1].map((b) => statusBit(list, b))).toEqual([
		true,
		false,
		true,
		false,
		true
	]);
	expect(didWebOf(ORIGIN)).toBe('did:web:klok.example%3A8443');
});

describeEachDb('open badges', (ctx) => {
	let f: ReportFixture;
	let office: Actor;
	let outsider: Actor;
	let trackAchievement = 0;
	let activityAchievement = 0;
	/** An independent verifier: did-jwt resolving the issuer's did:web document. */
	const verifyIndependently = async (jwt: string) => {
		const didDocument = await issuerDidDocument(ctx.db, ORIGIN);
		const resolver = new Resolver({
			web: async () => ({ didResolutionMetadata: {}, didDocument, didDocumentMetadata: {} })
		});
		return verifyJWT(jwt, { resolver });
	};
	const jwtOf = async (personId: number, achievementId: number) =>
		await ctx.db
			.selectFrom('badgeCredentials')
			.select(['jwt', 'publicId', 'id'])
			.where('personId', '=', personId)
			.where('achievementId', '=', achievementId)
			.executeTakeFirstOrThrow();

	beforeAll(async () => {
		forgetIssuerKey();
		f = await buildReportFixture(ctx.db, 'badges');
		office = (await loadActor(ctx.db, f.people.office))!;
		outsider = (await loadActor(ctx.db, f.people.outsider))!;
		// Track IT gets a second required activity, A4 (S7): p1 and p4 attend it.
		const now = new Date().toISOString();
		const a4 = (
			await ctx.db
				.insertInto('activities')
				.values({
					programmeId: f.programmeId,
					trackId: f.tracks.it,
					type: 'course_basic',
					learningForm: 'formal',
					title: 'IT workshop',
					publishedAt: now,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const s7 = (
			await ctx.db
				.insertInto('sessions')
				.values({
					activityId: a4,
					startsAt: '2026-03-05T08:00:00.000Z',
					endsAt: '2026-03-05T12:00:00.000Z',
					capacity: 10,
					hours: 4,
					status: 'done',
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		for (const personId of [f.people.p1, f.people.p4])
			await ctx.db
				.insertInto('registrations')
				.values({ sessionId: s7, personId, status: 'attended', hoursCredited: 4, updatedAt: now })
				.execute();
		// Follow-ups done: p1 on both IT sessions, p4 only on S3 (so p4 has not completed the track).
		const regs = await ctx.db
			.selectFrom('registrations')
			.select(['id', 'personId', 'sessionId'])
			.where('sessionId', 'in', [f.sessions.S3, s7])
			.execute();
		for (const r of regs)
			if (r.personId === f.people.p1 || (r.personId === f.people.p4 && r.sessionId === f.sessions.S3))
				await ctx.db
					.insertInto('cycleForms')
					.values({ registrationId: r.id, afterCompletedAt: now, updatedAt: now })
					.execute();
	});

	it('the office defines achievements; bad input answers per field, others are refused', async () => {
		await expect(
			createAchievement(ctx.db, office, f.programmeId, {
				name: '',
				description: 'x',
				criteria: 'x',
				criteriaKind: 'track',
				imageUrl: 'http://insecure.example/x.png'
			})
		).rejects.toSatisfy((e) => {
			const fields = e instanceof FieldsRuleError ? e.fieldErrors('sv') : {};
			return ['name', 'trackId', 'imageUrl'].every((k) => k in fields) && fields.trackId![0] === 'Välj spår.';
		});
		await expect(
			createAchievement(ctx.db, office, f.programmeId, {
				name: 'Other',
				description: 'x',
				criteria: 'x',
				criteriaKind: 'activity',
				activityId: 999_999
			})
		).rejects.toSatisfy((e) => e instanceof FieldsRuleError && 'activityId' in e.fieldErrors('en'));
		await expect(
			createAchievement(ctx.db, outsider, f.programmeId, {
				name: 'X',
				description: 'x',
				criteria: 'x',
				criteriaKind: 'activity',
				activityId: f.activities.A3
			})
		).rejects.toBeInstanceOf(AccessDeniedError);
		trackAchievement = await createAchievement(ctx.db, office, f.programmeId, {
			name: 'IT track completed',
			description: 'Completed the IT track',
			criteria: 'Every IT activity attended, with its 40-20-40 follow-up done.',
			criteriaKind: 'track',
			trackId: f.tracks.it
		});
		activityAchievement = await createAchievement(ctx.db, office, f.programmeId, {
			name: 'Study trip',
			description: 'Went on the study trip',
			criteria: 'Attended the study trip.',
			criteriaKind: 'activity',
			activityId: f.activities.A3,
			imageUrl: 'https://klok.example/trip.png'
		});
		expect((await listAchievements(ctx.db, office, f.programmeId)).total).toBe(2);
	});

	it('evaluates earners in SQL and issues each one credential, once', async () => {
		expect(await issueAchievement(ctx.db, office, trackAchievement, ORIGIN)).toBe(1);
		expect(await issueAchievement(ctx.db, office, activityAchievement, ORIGIN)).toBe(2);
		expect(await issueAchievement(ctx.db, office, activityAchievement, ORIGIN)).toBe(0);
		const holders = await ctx.db
			.selectFrom('badgeCredentials')
			.select(['achievementId', 'personId'])
			.orderBy('achievementId')
			.orderBy('personId')
			.execute();
		expect(holders).toEqual([
			{ achievementId: trackAchievement, personId: f.people.p1 },
			{ achievementId: activityAchievement, personId: Math.min(f.people.p2, f.people.p5) },
			{ achievementId: activityAchievement, personId: Math.max(f.people.p2, f.people.p5) }
		]);
		const p1 = (await loadActor(ctx.db, f.people.p1))!;
		expect((await myBadges(ctx.db, p1)).map((b) => b.name)).toEqual(['IT track completed']);
		await expect(issueAchievement(ctx.db, outsider, trackAchievement, ORIGIN)).rejects.toBeInstanceOf(
			AccessDeniedError
		);
	});

	it('a credential is an OpenBadgeCredential that an independent verifier accepts; a tampered one fails', async () => {
		const { jwt, publicId } = await jwtOf(f.people.p1, trackAchievement);
		const { payload, issuer, signer } = await verifyIndependently(jwt);
		expect(issuer).toBe('did:web:klok.example%3A8443');
		expect(signer.id).toBe('did:web:klok.example%3A8443#key-1');
		expect(payload).toMatchObject({
			'@context': [
				'https://www.w3.org/ns/credentials/v2',
				'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
			],
			id: `urn:uuid:${publicId}`,
			jti: `urn:uuid:${publicId}`,
			type: ['VerifiableCredential', 'OpenBadgeCredential'],
			issuer: { id: 'did:web:klok.example%3A8443', type: ['Profile'] },
			credentialSubject: {
				type: ['AchievementSubject'],
				achievement: {
					type: ['Achievement'],
					name: 'IT track completed',
					criteria: { narrative: expect.any(String) }
				}
			},
			credentialStatus: {
				type: 'BitstringStatusListEntry',
				statusPurpose: 'revocation',
				statusListCredential: `${ORIGIN}/badges/status/0`
			}
		});
		expect(decodeJWT(jwt).header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt' });
		// The e-mail is only in the credential as a salted hash.
		const { email } = await ctx.db
			.selectFrom('people')
			.select('email')
			.where('id', '=', f.people.p1)
			.executeTakeFirstOrThrow();
		expect(JSON.stringify(payload)).not.toContain(email);

		const [header, body, signature] = jwt.split('.');
		const claims = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
		claims.credentialSubject.achievement.name = 'Every track completed';
		const tampered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
		await expect(verifyIndependently(tampered)).rejects.toThrow(/signature/i);
		expect((await verifyPasted(ctx.db, { credential: tampered })).state).toBe('tampered');
		expect((await verifyPasted(ctx.db, { credential: jwt })).state).toBe('valid');
		const download = await credentialDownload(ctx.db, publicId);
		expect((await verifyPasted(ctx.db, { credential: JSON.stringify(download!.json) })).state).toBe('valid');
		await expect(verifyPasted(ctx.db, { credential: 'hello' })).rejects.toSatisfy(
			(e) => e instanceof FieldsRuleError && 'credential' in e.fieldErrors('nb')
		);
	});

	it('revocation flips the status on the verification page and in the signed status list', async () => {
		const { publicId, id } = await jwtOf(f.people.p2, activityAchievement);
		expect((await verifyIssued(ctx.db, publicId))?.state).toBe('valid');
		await expect(revokeCredential(ctx.db, outsider, publicId)).rejects.toBeInstanceOf(AccessDeniedError);
		await revokeCredential(ctx.db, office, publicId);
		const after = await verifyIssued(ctx.db, publicId);
		expect(after?.state).toBe('revoked');
		expect(after?.revokedAt).toBeTruthy();
		const listJwt = (await statusListJwt(ctx.db, 0, ORIGIN))!;
		const { payload } = await verifyIndependently(listJwt);
		expect(payload.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
		const encoded = (payload.credentialSubject as { encodedList: string }).encodedList;
		expect(statusBit(encoded, id)).toBe(true);
		const other = await jwtOf(f.people.p1, trackAchievement);
		expect(statusBit(encoded, other.id)).toBe(false);
		expect(await verifyIssued(ctx.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
	});
});
