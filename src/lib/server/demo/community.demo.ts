import { randomBytes } from 'node:crypto';
import type { ExpertAreaKind } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import type { DemoContext, DemoExtension } from './demo.ts';

/**
 * Knowledge sharing in the demo programme (issue 13 part B): a subject vocabulary and 40 listed
 * experts (the trainer login among them), four networks — one national, with members from other
 * regions — with meetings, recordings on KUB's filmed lectures (links, and one tiny uploaded
 * file), and a monthly newsletter with two past issues. Written straight to the tables.
 */

const SUBJECTS = [
	'Läsfrämjande',
	'Digital kompetens',
	'Bemötande',
	'Källkritik',
	'Makerspace',
	'Programmering för barn',
	'Lättläst',
	'Marknadsföring',
	'Ledarskap',
	'Flerspråkighet'
];
const TAGS = [
	'bokcirklar',
	'poddar',
	'sociala medier',
	'skolbibliotek',
	'e-böcker',
	'taltidningar',
	'pedagogik'
];
const HELP = [
	'Bokprat och läsecirklar för mellanstadiet.',
	'Att komma igång med robotar och programmering i barnverksamheten.',
	'Svåra samtal vid disken och hur vi bemöter stressade besökare.',
	'Källkritik för gymnasieelever: upplägg och övningar.',
	'Marknadsföring i sociala medier med liten budget.',
	'Lättläst och anpassade medier för nyanlända.'
];

/** A few bytes in an MP4 box layout: enough for the range requests and the player to be tried. */
function tinyMp4(): Buffer {
	const ftyp = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
	return Buffer.concat([ftyp, Buffer.alloc(1000, 0)]);
}

export async function createCommunityDemo(ctx: DemoContext): Promise<void> {
	const { db, random, programmeId, loginIds } = ctx;
	const now = nowIso();
	const office = loginIds['office@demo.klok']!;
	const trainer = loginIds['trainer@demo.klok']!;
	const participant = loginIds['participant@demo.klok']!;

	// ---- experts
	await db
		.insertInto('expertSubjects')
		.values(SUBJECTS.map((name) => ({ programmeId, name })))
		.execute();
	// Active staff only (the demo deactivates a few people, and they would not be listed).
	const active = new Set(
		(
			await db
				.selectFrom('people')
				.select('id')
				.where('programmeId', '=', programmeId)
				.where('deactivatedAt', 'is', null)
				.execute()
		).map((p) => p.id)
	);
	const staff = ctx.people.filter((p) => p.unitId !== null && p.id !== participant && active.has(p.id));
	const chosen = new Set<number>(active.has(trainer) ? [trainer] : []);
	while (chosen.size < 40 && chosen.size < staff.length) chosen.add(random.pick(staff).id);
	const experts = [...chosen];
	await db
		.insertInto('expertProfiles')
		.values(
			experts.map((personId, i) => ({
				personId,
				programmeId,
				listed: 1,
				helpWith: HELP[i % HELP.length]!,
				contact: i % 3 === 0 ? 'Ring gärna förmiddagar.' : '',
				updatedAt: now
			}))
		)
		.execute();
	const areas = experts.flatMap((personId, i) => {
		const subjects = new Set([SUBJECTS[i % SUBJECTS.length]!, random.pick(SUBJECTS)]);
		const rows = [...subjects].map((s) => ({
			personId,
			programmeId,
			kind: 'subject' as ExpertAreaKind,
			value: s.toLowerCase()
		}));
		rows.push({ personId, programmeId, kind: 'tag' as const, value: random.pick(TAGS) });
		rows.push({ personId, programmeId, kind: 'language' as const, value: 'sv' });
		if (random.chance(0.3))
			rows.push({
				personId,
				programmeId,
				kind: 'language' as const,
				value: random.pick(['en', 'fi', 'ar', 'so'])
			});
		return rows;
	});
	await db.insertInto('expertAreas').values(areas).execute();

	// ---- networks (KLURA: "at least three new networks")
	const year = now.slice(0, 4);
	const networks = [
		{
			name: 'Barnbibliotekarier i regionen',
			purpose: 'Erfarenhetsutbyte om läsfrämjande för barn.',
			reach: 'programme' as const,
			startsOn: `${year}-02-01`
		},
		{
			name: 'Makerspace-nätverket',
			purpose: 'Vi delar upplägg, material och utrustning.',
			reach: 'programme' as const,
			startsOn: `${year}-03-15`
		},
		{
			name: 'Chefer i förändring',
			purpose: 'Kollegial handledning för arbetsplatsledare.',
			reach: 'programme' as const,
			startsOn: `${year}-05-10`
		},
		{
			name: 'Nationellt nätverk för kompetensutveckling',
			purpose: 'Programmen i landet lär av varandra.',
			reach: 'national' as const,
			startsOn: `${year}-09-01`
		}
	];
	for (const [i, n] of networks.entries()) {
		const contact = i === 0 ? trainer : experts[i]!;
		const { id } = await db
			.insertInto('networks')
			.values({ programmeId, ...n, contactPersonId: contact, createdBy: office, updatedAt: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		const members = new Set([contact, ...Array.from({ length: 6 }, () => random.pick(staff).id)]);
		if (i === 0) members.add(participant);
		await db
			.insertInto('networkMembers')
			.values([...members].map((personId) => ({ networkId: id, personId })))
			.execute();
		if (n.reach === 'national')
			await db
				.insertInto('networkMembers')
				.values([
					{
						networkId: id,
						personId: null,
						externalName: 'Kari Nordin',
						externalOrganisation: 'Region Norrbotten',
						externalEmail: 'kari.nordin@example.org'
					},
					{
						networkId: id,
						personId: null,
						externalName: 'Amir Haddad',
						externalOrganisation: 'Malmö stad',
						externalEmail: null
					},
					{
						networkId: id,
						personId: null,
						externalName: 'Lena Berg',
						externalOrganisation: 'Kungliga biblioteket',
						externalEmail: 'lena.berg@example.org'
					}
				])
				.execute();
		await db
			.insertInto('networkMeetings')
			.values([
				{
					networkId: id,
					meetsOn: n.startsOn,
					place: 'Stadsbiblioteket',
					notes: 'Uppstart: syfte och arbetsformer.'
				},
				{
					networkId: id,
					meetsOn: `${year}-${String(Math.min(12, Number(n.startsOn.slice(5, 7)) + 2)).padStart(2, '0')}-05`,
					place: 'Digitalt',
					notes: ''
				}
			])
			.execute();
	}

	// ---- recordings on KUB's filmed lectures (links; the first also as a tiny upload)
	const filmed = await db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select(['s.id', 's.recordingUrl', 'a.title'])
		.where('a.programmeId', '=', programmeId)
		.where('s.recordingUrl', 'is not', null)
		.orderBy('s.id')
		.limit(200)
		.execute();
	if (filmed.length > 0)
		await db
			.insertInto('sessionRecordings')
			.values(
				filmed.map((s) => ({
					id: randomBytes(16).toString('base64url'),
					sessionId: s.id,
					programmeId,
					title: `Inspelning: ${s.title}`,
					url: s.recordingUrl,
					durationSeconds: random.int(45, 95) * 60,
					consentNotedAt: now,
					consentNotedBy: office,
					publishedAt: now,
					viewCount: random.int(3, 60),
					createdBy: office
				}))
			)
			.execute();
	if (filmed[0]) {
		const content = tinyMp4();
		await db
			.insertInto('sessionRecordings')
			.values({
				id: randomBytes(16).toString('base64url'),
				sessionId: filmed[0].id,
				programmeId,
				title: 'Kort klipp (uppladdat)',
				fileName: 'klipp.mp4',
				contentType: 'video/mp4',
				size: content.byteLength,
				content,
				durationSeconds: 60,
				consentNotedAt: now,
				consentNotedBy: office,
				publishedAt: now,
				createdBy: office
			})
			.execute();
	}

	// ---- newsletter: monthly, two past issues
	await db
		.insertInto('newsletterSettings')
		.values({ programmeId, frequency: 'monthly', defaultSubscribed: 1, updatedAt: now })
		.execute();
	const upcoming = await db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select(['s.id', 's.startsAt', 's.capacity', 's.confirmedCount', 'a.title'])
		.where('a.programmeId', '=', programmeId)
		.where('s.status', '=', 'open')
		.where('s.startsAt', '>', now)
		.orderBy('s.startsAt')
		.limit(5)
		.execute();
	const d = new Date(now);
	for (const back of [2, 1]) {
		const start = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1));
		const end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back + 1, 1));
		const content = {
			sections: [
				{
					id: 'sessions',
					title: 'newsletter.section.sessions',
					items: upcoming.map((s) => ({
						title: s.title,
						path: `/catalogue/sessions/${s.id}`,
						date: s.startsAt,
						seats: Math.max(0, Number(s.capacity) - Number(s.confirmedCount))
					}))
				}
			]
		};
		await db
			.insertInto('newsletterIssues')
			.values({
				programmeId,
				periodKey: start.toISOString().slice(0, 7),
				periodStart: start.toISOString(),
				periodEnd: end.toISOString(),
				status: 'sent',
				content: JSON.stringify(content),
				scheduledFor: end.toISOString(),
				sentAt: new Date(end.getTime() + 8 * 3600_000).toISOString(),
				recipientCount: ctx.people.length
			})
			.execute();
	}
}

export const communityDemo: DemoExtension = { name: 'community', run: (ctx) => createCommunityDemo(ctx) };
