import type { PostKind } from '../db/schema.ts';
import { nowIso } from '../db/sql.ts';
import { loadActor } from '../people/actor.ts';
import { slugOf } from '../posts/posts.service.ts';
import { indexDocument } from '../search/search.service.ts';
import { activityEvaluations } from '../surveys/course-evaluation.service.ts';
import type { DemoContext, DemoExtension } from './demo.ts';
import { NATIONAL_FROM } from './national.demo.ts';
import { bulkPosts, POSTS_PER_PERSON } from './posts.repository.ts';

/**
 * A year of posts in Swedish (issue 13): news, course reports of held sessions with their
 * evaluation summaries (as the activity page shows them, k-protected), three study-trip
 * reports written by their travellers, and comments; the subject vocabulary; all indexed for
 * search. A national demo (from 2,000 people) adds 0.2 posts per person (~20,000 at 100,000) in
 * a few INSERT … SELECT statements, for the search benchmark.
 */

const SUBJECTS = [
	'Läsfrämjande',
	'Digital delaktighet',
	'Språkcafé',
	'Bemötande',
	'Marknadsföring',
	'Ledarskap',
	'Öppna data',
	'Barn och unga'
];

const NEWS = [
	[
		'Nu öppnar anmälan till vårens utbildningar',
		'Programkontoret har lagt ut vårens utbildningar i katalogen. Anmäl dig senast tre veckor före kursstart.'
	],
	[
		'Nytt nätverk för språkcaféer',
		'Bibliotek som driver språkcaféer träffas digitalt en gång i månaden för att dela erfarenheter och material.'
	],
	[
		'Filmade föreläsningar finns nu för medlemmar',
		'Föreläsningarna från höstens seminarier är filmade och kan ses av inloggade medlemmar i programmet.'
	],
	[
		'Halvtid i projektet',
		'Vid halvtid har hälften av personalen deltagit i minst en utbildning. Styrgruppen följer upp målen i juni.'
	],
	[
		'Öppen data i biblioteken',
		'Hur kan biblioteken använda öppna data i sitt arbete? En ny utbildningsserie startar i höst.'
	],
	[
		'Tack för alla utvärderingar',
		'Över tusen kursutvärderingar har besvarats. Resultaten används för att planera nästa år.'
	]
];

const TRIPS = [
	[
		'Studieresa till Dokk1 i Aarhus',
		'Vi besökte Dokk1 i Aarhus och såg hur biblioteket arbetar med medborgarservice, makerspace och öppna ytor för barnfamiljer.'
	],
	[
		'Studieresa till Oodi i Helsingfors',
		'På Oodi studerade vi hur ett bibliotek kan vara stadens vardagsrum, med ljudstudior, symaskiner och evenemang varje dag.'
	],
	[
		'Studieresa till Deichman i Oslo',
		'Deichman Bjørvika visade hur en ny huvudbiblioteksbyggnad planeras tillsammans med invånarna, våning för våning.'
	]
];

/** Course reports that embed their evaluation summary. */
const EVALUATED_REPORTS = 4;

const COMMENTS = [
	'Tack för en fin sammanfattning!',
	'Det här vill vi prova på vårt bibliotek också.',
	'Bra att läsa, jag missade tillfället.',
	'Finns materialet att låna någonstans?',
	'Intressant — vi hade liknande erfarenheter.'
];

async function run(ctx: DemoContext): Promise<void> {
	const { db, programmeId, random } = ctx;
	const now = nowIso();
	const officeId = ctx.loginIds['office@demo.klok'];
	const office = officeId ? await loadActor(db, officeId) : null;
	await db
		.insertInto('postSettings')
		.values({ programmeId, managersMayWrite: 1, participantsMayWrite: 1, updatedAt: now })
		.execute();
	const subjects = [];
	for (const name of SUBJECTS)
		subjects.push(
			await db
				.insertInto('postSubjects')
				.values({ programmeId, slug: slugOf(name), name })
				.returning(['id', 'slug'])
				.executeTakeFirstOrThrow()
		);

	// Held sessions (latest first) for course reports.
	const held = await db
		.selectFrom('sessions as s')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select(['s.id as sessionId', 'a.id as activityId', 'a.title', 'a.trackId', 's.startsAt'])
		.where('a.programmeId', '=', programmeId)
		.where('s.startsAt', '<', now)
		.where('s.status', '!=', 'cancelled')
		.orderBy('s.startsAt', 'desc')
		.limit(30)
		.execute();

	const yearAgo = Date.now() - 365 * 86_400_000;
	const at = (i: number, n: number) => new Date(yearAgo + ((i + 0.5) / n) * 360 * 86_400_000).toISOString();
	const drafts: {
		kind: PostKind;
		title: string;
		body: string;
		trackId: number | null;
		activityId?: number;
		sessionId?: number;
		evaluationJson?: string | null;
	}[] = [];
	for (const [title, body] of NEWS)
		drafts.push({ kind: 'news', title: title!, body: `<p>${body}</p>`, trackId: null });
	for (const [title, body] of TRIPS)
		drafts.push({
			kind: 'study_trip_report',
			title: title!,
			body: `<p>${body}</p>`,
			trackId: ctx.tracks[0]?.id ?? null
		});
	const seenActivities = new Set<number>();
	for (const s of held) {
		if (seenActivities.has(s.activityId) || seenActivities.size >= 20) continue;
		seenActivities.add(s.activityId);
		// Results are counted per evaluation: a few reports carry one, so the demo stays quick at scale.
		const [evaluation] =
			office && seenActivities.size <= EVALUATED_REPORTS
				? await activityEvaluations(db, office, s.activityId, 'sv')
				: [];
		drafts.push({
			kind: 'course_report',
			title: `Kursrapport: ${s.title}`,
			body: `<p>Rapport från ${s.title.toLocaleLowerCase('sv')}. Deltagarna diskuterade hur utbildningen kan omsättas i det dagliga arbetet på biblioteket.</p><h2>Vad tar vi med oss?</h2><ul><li>Nya arbetssätt i mötet med besökarna</li><li>Kontakter med kollegor i andra kommuner</li></ul>`,
			trackId: s.trackId,
			activityId: s.activityId,
			sessionId: s.sessionId,
			evaluationJson: evaluation ? JSON.stringify(evaluation) : null
		});
	}
	const writers = ctx.people.slice(0, 200);
	for (let i = 0; i < drafts.length; i++) {
		const d = drafts[i]!;
		const publishAt = at(i, drafts.length);
		const author =
			d.kind === 'study_trip_report' && writers.length ? random.pick(writers).id : (officeId ?? null);
		const row = await db
			.insertInto('posts')
			.values({
				programmeId,
				kind: d.kind,
				title: d.title,
				bodyHtml: d.body,
				language: 'sv',
				status: 'published',
				publishAt,
				audience: d.kind === 'news' ? 'public' : 'members',
				trackId: d.trackId ?? (ctx.tracks.length ? random.pick(ctx.tracks).id : null),
				activityId: d.activityId ?? null,
				sessionId: d.sessionId ?? null,
				embedEvaluation: d.evaluationJson ? 1 : 0,
				evaluationJson: d.evaluationJson ?? null,
				createdBy: author,
				updatedAt: now
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		if (author) await db.insertInto('postAuthors').values({ postId: row.id, personId: author }).execute();
		await db
			.insertInto('postTags')
			.values({ postId: row.id, subjectId: subjects[i % subjects.length]!.id })
			.execute();
		await indexDocument(db, {
			kind: 'post',
			refId: row.id,
			programmeId,
			language: 'sv',
			title: row.title,
			body: row.bodyHtml,
			url: `/posts/${row.id}`,
			subkind: row.kind,
			trackId: row.trackId,
			audience: row.audience,
			visibleFrom: publishAt
		});
		const comments = random.int(0, 3);
		for (let c = 0; c < comments && writers.length; c++)
			await db
				.insertInto('postComments')
				.values({
					postId: row.id,
					personId: random.pick(writers).id,
					body: random.pick(COMMENTS),
					createdAt: publishAt,
					updatedAt: publishAt
				})
				.execute();
	}

	// A national programme: posts in proportion to its people (~20,000 at 100,000), dated from today.
	if (ctx.people.length >= NATIONAL_FROM)
		await bulkPosts(
			ctx,
			Math.round(ctx.people.length * POSTS_PER_PERSON),
			new Date(Date.parse(new Date().toISOString().slice(0, 10))).toISOString()
		);
}

export const postsDemo: DemoExtension = { name: 'posts', run };
