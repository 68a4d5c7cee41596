import type { Db } from '../db/database.ts';
import type { LogbookAudience, NeedStatus, ProcessStatus, SwotCategory } from '../db/schema.ts';
import type { DemoContext, DemoExtension } from './demo.ts';
import { demoScale } from './national.demo.ts';
import type { Random } from './prng.ts';
import { MANAGER_WORKPLACE_CODE } from './structure.ts';

/**
 * Demo data for learning at work (issue 4), modelled on the seeds (KUB, KLURA, BESÖK): SWOT
 * analyses per workplace with recurring themes, about 60 needs with votes and decisions, a
 * workplace plan for 2026 per workplace, individual plans with goals (most linked, some not)
 * and planned activities, development dialogues for the staff of manager@demo.klok, 40-20-40
 * forms on the catalogue's registrations in every state, about 50 development processes with
 * participants (managers included) and milestones, and reflection logbook entries, some shared.
 *
 * Deterministic: the extension's seeded PRNG decides everything and dates are offsets from the
 * day the demo is created (UTC midnight). Rows go in with multi-row INSERTs.
 *
 * Invariants kept (see the migration comments):
 * - `needs.vote_count` = the number of `need_votes` rows of the need;
 * - a declined need has a reason; non-new needs have `decided_by` (the office);
 * - an individual goal links only to a goal of its own workplace's plan;
 * - a cycle form's `after_due_at` = session end + the programme's follow-up days; "during"
 *   hours only on attended registrations; parts are completed only after what they follow;
 * - a logbook share has a matching "grant" consent event by the author; process-group shares
 *   only on entries tied to a process the author takes part in.
 */

const DAY = 86_400_000;
const CHUNK = 400;

const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = (ms: number) => iso(ms).slice(0, 10);

/** Track index in DEMO_TRACKS: Lärande, Bemötande, IT, Marknadsföring, Ledarskap. */
type Track = 0 | 1 | 2 | 3 | 4;

const SWOT: { category: SwotCategory; theme: string; text: string }[] = [
	{
		category: 'strength',
		theme: 'digital kompetens',
		text: 'Flera kollegor är vana att guida besökare i e-tjänster.'
	},
	{
		category: 'strength',
		theme: 'bemötande',
		text: 'Vi får ofta beröm för ett vänligt och personligt bemötande.'
	},
	{ category: 'strength', theme: 'samarbete', text: 'Vi hjälps åt över avdelningsgränserna när det behövs.' },
	{ category: 'strength', theme: 'läsfrämjande', text: 'Starka bokprat och läsecirklar för barn och unga.' },
	{
		category: 'strength',
		theme: 'tid för reflektion',
		text: 'Arbetsplatsträffarna har redan en stående punkt för erfarenhetsutbyte.'
	},
	{
		category: 'weakness',
		theme: 'digital kompetens',
		text: 'Ojämn kunskap om e-böcker och nedladdning bland personalen.'
	},
	{
		category: 'weakness',
		theme: 'tid för reflektion',
		text: 'Det finns sällan tid att prata om vad vi lärt oss efter en kurs.'
	},
	{ category: 'weakness', theme: 'bemötande', text: 'Osäkerhet i svåra samtal vid informationsdisken.' },
	{ category: 'weakness', theme: 'marknadsföring', text: 'Våra tjänster syns för lite utanför biblioteket.' },
	{ category: 'weakness', theme: 'samarbete', text: 'Filialerna vet för lite om varandras arbete.' },
	{
		category: 'opportunity',
		theme: 'digital kompetens',
		text: 'Kommunens satsning på digital delaktighet ger oss en tydlig roll.'
	},
	{
		category: 'opportunity',
		theme: 'tid för reflektion',
		text: 'Lärande samtal i arbetslaget kan ge mer än externa kurser.'
	},
	{
		category: 'opportunity',
		theme: 'bemötande',
		text: 'Nya målgrupper: nyanlända och äldre som behöver stöd.'
	},
	{
		category: 'opportunity',
		theme: 'marknadsföring',
		text: 'Sociala medier kan nå unga vuxna som inte besöker oss.'
	},
	{ category: 'opportunity', theme: 'samarbete', text: 'Samarbete med skolbiblioteken i kommunen.' },
	{
		category: 'threat',
		theme: 'digital kompetens',
		text: 'Tekniken förändras snabbare än vi hinner lära oss.'
	},
	{ category: 'threat', theme: 'tid för reflektion', text: 'Hög arbetsbelastning tränger undan lärandet.' },
	{ category: 'threat', theme: 'bemötande', text: 'Fler hot och konflikter i publika miljöer.' },
	{
		category: 'threat',
		theme: 'marknadsföring',
		text: 'Biblioteket uppfattas som omodernt av beslutsfattare.'
	},
	{
		category: 'threat',
		theme: 'samarbete',
		text: 'Pensionsavgångar tar med sig erfarenhet som inte förs vidare.'
	}
];

const NEEDS: { title: string; track: Track; form: string; description: string }[] = [
	{
		title: 'Stöd i e-boksnedladdning',
		track: 2,
		form: 'course_basic',
		description: 'Vi vill kunna hjälpa besökare med e-böcker i olika appar.'
	},
	{
		title: 'Källkritik för vuxna',
		track: 2,
		form: 'method_practice',
		description: 'Metoder för att lära ut källkritik till vuxna besökare.'
	},
	{
		title: 'Bemötande i svåra samtal',
		track: 1,
		form: 'course_basic',
		description: 'Trygghet i samtal med oroliga eller arga besökare.'
	},
	{
		title: 'Lättläst svenska',
		track: 1,
		form: 'method_practice',
		description: 'Att skriva och prata så att fler förstår.'
	},
	{
		title: 'Lärande samtal i arbetslaget',
		track: 0,
		form: 'peer_learning',
		description: 'Ett sätt att dela det vi lär oss på kurser.'
	},
	{
		title: 'Handledning av nya kollegor',
		track: 0,
		form: 'job_shadowing',
		description: 'Hur vi tar emot och lär upp nyanställda.'
	},
	{
		title: 'Marknadsföring i sociala medier',
		track: 3,
		form: 'course_basic',
		description: 'Planera och skriva inlägg som når fler.'
	},
	{
		title: 'Fotografera för webben',
		track: 3,
		form: 'method_practice',
		description: 'Enkla bilder som fungerar i våra kanaler.'
	},
	{
		title: 'Leda förändring',
		track: 4,
		form: 'seminar_series',
		description: 'Stöd för chefer som leder lärande på arbetsplatsen.'
	},
	{
		title: 'Utvecklingssamtal som stöd för lärande',
		track: 4,
		form: 'seminar',
		description: 'Hur samtalen kan kopplas till arbetsplatsens plan.'
	},
	{
		title: 'Digital delaktighet för äldre',
		track: 2,
		form: 'study_trip',
		description: 'Se hur andra bibliotek arbetar med seniorer och it.'
	},
	{
		title: 'Språkcafé och nyanlända',
		track: 1,
		form: 'job_shadowing',
		description: 'Lära av bibliotek med väl fungerande språkcaféer.'
	},
	{
		title: 'Programverksamhet för unga vuxna',
		track: 3,
		form: 'conference',
		description: 'Idéer för att nå 18–25-åringar.'
	},
	{
		title: 'Tid för reflektion efter kurser',
		track: 0,
		form: 'peer_learning',
		description: 'Avsatt tid på arbetsplatsträffar för att dela lärdomar.'
	},
	{
		title: 'Grundkurs i kalkylprogram',
		track: 2,
		form: 'webinar',
		description: 'För statistik och uppföljning av verksamheten.'
	}
];
const DECLINE_REASONS = [
	'Finns redan som webbinarium i katalogen; vi hänvisar dit.',
	'Ryms inte i årets budget; tas upp igen nästa år.',
	'Bättre löst lokalt på arbetsplatsen än i programmet.'
];

const WORKPLACE_GOALS: Record<Track, string[]> = {
	0: [
		'All personal deltar i lärande samtal minst en gång per termin',
		'Varje kurs följs upp på en arbetsplatsträff'
	],
	1: [
		'Tryggt och likvärdigt bemötande i informationsdisken',
		'Fler besökare med annat modersmål känner sig välkomna'
	],
	2: [
		'All personal kan hjälpa besökare med e-böcker och e-tjänster',
		'Vi erbjuder digital handledning varje vecka'
	],
	3: ['Våra program syns i kommunens kanaler varje månad', 'En gemensam plan för sociala medier'],
	4: [
		'Chefen leder lärandet och följer upp kompetensplanerna',
		'Utvecklingssamtalen kopplas till arbetsplatsens plan'
	]
};
const PERSONAL_GOALS: Record<Track, string[]> = {
	0: ['Dela det jag lär mig på arbetsplatsträffar', 'Leda ett lärande samtal i arbetslaget'],
	1: ['Känna mig trygg i svåra samtal', 'Använda lättläst svenska i skyltar och samtal'],
	2: ['Kunna visa e-boksnedladdning för besökare', 'Hålla en drop-in om digitala tjänster'],
	3: ['Skriva inlägg om våra program', 'Ta bilder till webben'],
	4: ['Följa upp mina medarbetares planer', 'Leda en utvecklingsprocess']
};

/** About fifty development processes, titled like those in the seeds. */
const PROCESSES: { title: string; track: Track }[] = [
	{ title: 'En modell för lärande', track: 0 },
	{ title: 'Digital delaktighet i en liten kommun', track: 2 },
	{ title: 'E-boksnedladdning för all personal', track: 2 },
	{ title: 'Lärande samtal på arbetsplatsträffen', track: 0 },
	{ title: 'Bemötande vid informationsdisken', track: 1 },
	{ title: 'Språkcafé i samverkan', track: 1 },
	{ title: 'Biblioteket i sociala medier', track: 3 },
	{ title: 'Läsfrämjande för unga vuxna', track: 3 },
	{ title: 'Chefen som ledare för lärande', track: 4 },
	{ title: 'Kollegial handledning', track: 0 },
	{ title: 'Digital handledning för seniorer', track: 2 },
	{ title: 'Lättläst i hela biblioteket', track: 1 },
	{ title: 'Nya vägar att nå icke-användare', track: 3 },
	{ title: 'Introduktion av nyanställda', track: 4 },
	{ title: 'Källkritik i vardagen', track: 2 },
	{ title: 'Tillgängliga program för alla', track: 1 },
	{ title: 'Reflektion efter varje kurs', track: 0 },
	{ title: 'Gemensam skyltning och exponering', track: 3 },
	{ title: 'Självservice och meröppet', track: 2 },
	{ title: 'Att leda på distans mellan filialer', track: 4 },
	{ title: 'Boksamtal med unga', track: 1 },
	{ title: 'Biblioteket som mötesplats', track: 3 },
	{ title: 'Studiebesök och lärdomar', track: 0 },
	{ title: 'Wifi, surfplattor och utlåning av teknik', track: 2 },
	{ title: 'Konflikthantering i publika miljöer', track: 1 }
];
const MILESTONES = [
	'Kartläggning klar',
	'Första träffen i gruppen',
	'Pröva på arbetsplatsen',
	'Uppföljning med chefen',
	'Redovisning för kollegorna'
];

const LOGBOOK_BODIES = [
	'<p>Efter kursdagen pratade vi om hur vi tar emot besökare som är stressade. Jag ska prova att ställa en öppen fråga först.</p>',
	'<p>Jag visade två besökare hur man lånar e-böcker. Det gick bättre än jag trodde, men jag behöver öva på ljudböckerna.</p>',
	'<p>På arbetsplatsträffen delade jag det jag lärt mig. Kollegorna hade egna erfarenheter som gjorde det tydligare för mig.</p>',
	'<p>Vi testade lärande samtal i processgruppen. Det var ovant att bara lyssna, men jag fick syn på mina egna vanor.</p>',
	'<p>Jag märker att jag oftare <strong>frågar</strong> i stället för att visa direkt. Besökarna verkar komma ihåg mer.</p>',
	'<p>Svårt att hitta tid för reflektion den här veckan. Jag skriver några rader ändå så att jag minns vad jag tänkte.</p>',
	'<p>Studiebesöket gav idéer om skyltning. Vi ska pröva en ny hylla för lättläst vid entrén.</p>'
];
const LOGBOOK_TITLES = [
	'Efter kursdagen',
	'E-böcker i praktiken',
	'Delat på APT',
	'Lärande samtal',
	null,
	'En stressig vecka',
	'Studiebesöket'
];

interface Workplace {
	id: number;
	name: string;
	code: string;
	managerId: number | null;
	/** Staff of the workplace and its teams (the manager included when staff there). */
	members: number[];
}

async function insertChunked<T extends Record<string, unknown>>(
	db: Db,
	table:
		| 'swotItems'
		| 'needVotes'
		| 'needActivities'
		| 'workplaceGoals'
		| 'individualGoals'
		| 'processGoals'
		| 'processSessions'
		| 'processNeeds'
		| 'processMilestones',
	rows: T[]
): Promise<void> {
	for (let i = 0; i < rows.length; i += CHUNK)
		await db
			.insertInto(table)
			.values(rows.slice(i, i + CHUNK) as never)
			.execute();
}

/** Inserts rows in chunks and returns their ids in row order (checked against a key column). */
async function insertReturningIds<T extends Record<string, unknown>>(
	db: Db,
	table:
		| 'needs'
		| 'workplacePlans'
		| 'workplaceGoals'
		| 'individualPlans'
		| 'individualGoals'
		| 'processes'
		| 'logbookEntries',
	rows: T[],
	key: keyof T & string
): Promise<number[]> {
	const ids: number[] = [];
	for (let i = 0; i < rows.length; i += CHUNK) {
		const slice = rows.slice(i, i + CHUNK);
		const out = (await db
			.insertInto(table)
			.values(slice as never)
			.returning(['id', key] as never)
			.execute()) as unknown as Record<string, unknown>[];
		out.forEach((r, k) => {
			if (r[key] !== slice[k]![key]) throw new Error(`learning demo: RETURNING out of order in ${table}`);
			ids.push(Number(r.id));
		});
	}
	return ids;
}

function sample<T>(random: Random, items: readonly T[], n: number): T[] {
	const pool = [...items];
	const out: T[] = [];
	while (out.length < n && pool.length > 0)
		out.push(pool.splice(Math.floor(random.next() * pool.length), 1)[0]!);
	return out;
}

/** Creates the learning-at-work demo; see the module comment. */
export async function createLearningDemo(
	ctx: DemoContext,
	anchor = Date.parse(dateOf(Date.now()))
): Promise<void> {
	const { db, random, programmeId, loginIds } = ctx;
	const now = iso(anchor);
	const office = loginIds['office@demo.klok']!;
	const manager = loginIds['manager@demo.klok']!;
	const participant = loginIds['participant@demo.klok']!;
	const trackId = (t: Track) => ctx.tracks[t]?.id ?? null;

	// ---- workplaces, their managers and staff --------------------------------------------------
	const managerRoles = await db
		.selectFrom('roleAssignments')
		.select(['personId', 'unitId'])
		.where('role', '=', 'manager')
		.where('programmeId', '=', programmeId)
		.orderBy('personId')
		.execute();
	const workplaceOf = new Map<number, number>();
	for (const u of ctx.units) {
		if (u.kind === 'workplace') workplaceOf.set(u.id, u.id);
		else if (u.kind === 'team' && u.parentId !== null) workplaceOf.set(u.id, u.parentId);
	}
	const workplaces: Workplace[] = ctx.units
		.filter((u) => u.kind === 'workplace')
		.map((u) => ({
			id: u.id,
			name: u.name,
			code: u.code,
			managerId: managerRoles.find((r) => r.unitId === u.id)?.personId ?? null,
			members: []
		}));
	const byId = new Map(workplaces.map((w) => [w.id, w]));
	for (const p of ctx.people) {
		const w = p.unitId === null ? undefined : byId.get(workplaceOf.get(p.unitId) ?? -1);
		if (w && p.id !== office) w.members.push(p.id);
	}
	const home = byId.get(ctx.units.find((u) => u.code === MANAGER_WORKPLACE_CODE)!.id)!;
	const workplaceOfPerson = new Map<number, Workplace>();
	for (const w of workplaces) for (const m of w.members) workplaceOfPerson.set(m, w);

	// ---- SWOT ------------------------------------------------------------------------------------
	const swotRows: {
		programmeId: number;
		unitId: number | null;
		category: SwotCategory;
		text: string;
		theme: string;
		priority: number;
		authorId: number | null;
		archivedAt: null;
		updatedAt: string;
	}[] = workplaces.flatMap((w) => {
		const picked = [
			...(['strength', 'weakness', 'opportunity', 'threat'] as const).map((c) =>
				random.pick(SWOT.filter((s) => s.category === c))
			),
			...sample(random, SWOT, random.int(1, 4))
		];
		const unique = [...new Set(picked)];
		return unique.map((s, i) => ({
			programmeId,
			unitId: w.id,
			category: s.category,
			text: s.text,
			theme: s.theme,
			priority: i < 4 ? random.int(1, 3) : 0,
			authorId:
				i === 0 && w.managerId !== null ? w.managerId : w.members.length ? random.pick(w.members) : null,
			archivedAt: null,
			updatedAt: now
		}));
	});
	// The programme's own analysis (unit null).
	for (const s of [SWOT[1]!, SWOT[6]!, SWOT[10]!, SWOT[16]!])
		swotRows.push({
			programmeId,
			unitId: null,
			category: s.category,
			text: s.text,
			theme: s.theme,
			priority: 2,
			authorId: office,
			archivedAt: null,
			updatedAt: now
		});
	await insertChunked(db, 'swotItems', swotRows);

	// ---- needs -----------------------------------------------------------------------------------
	const activities = await db
		.selectFrom('activities')
		.select(['id', 'trackId', 'title'])
		.where('programmeId', '=', programmeId)
		.orderBy('id')
		.execute();
	const needDrafts = Array.from({ length: 60 }, (_, i) => {
		const template = NEEDS[i % NEEDS.length]!;
		const w = i < 4 ? home : workplaces[i % workplaces.length]!;
		const status = random.weighted({ new: 40, planned: 30, met: 20, declined: 10 }) as NeedStatus;
		return { template, w, status };
	});
	const needRows = needDrafts.map(({ template, w, status }, i) => ({
		programmeId,
		unitId: w.id,
		authorId: i === 0 ? participant : w.members.length ? random.pick(w.members) : null,
		title: template.title,
		description: template.description,
		trackId: trackId(template.track),
		suggestedForm: template.form,
		status,
		declineReason: status === 'declined' ? random.pick(DECLINE_REASONS) : null,
		priority: status === 'planned' || status === 'met' ? random.int(1, 5) : null,
		decidedBy: status === 'new' ? null : office,
		voteCount: 0,
		updatedAt: now
	}));
	const voteRows: { needId: number; personId: number }[] = [];
	needDrafts.forEach(({ w }, i) => {
		const voters = sample(random, w.members, Math.min(w.members.length, random.int(0, 8)));
		needRows[i]!.voteCount = voters.length;
		for (const personId of voters) voteRows.push({ needId: i, personId });
	});
	const needIds = await insertReturningIds(db, 'needs', needRows, 'title');
	await insertChunked(
		db,
		'needVotes',
		voteRows.map((v) => ({ needId: needIds[v.needId]!, personId: v.personId }))
	);
	const needActivityRows: { needId: number; activityId: number }[] = [];
	needDrafts.forEach(({ template, status }, i) => {
		if (status !== 'planned' && status !== 'met') return;
		const matching = activities.filter((a) => a.trackId === trackId(template.track));
		for (const a of sample(random, matching, random.int(1, 2)))
			needActivityRows.push({ needId: needIds[i]!, activityId: a.id });
	});
	await insertChunked(db, 'needActivities', needActivityRows);

	// ---- workplace plans and goals -----------------------------------------------------------------
	const planIds = await insertReturningIds(
		db,
		'workplacePlans',
		workplaces.map((w) => ({
			programmeId,
			unitId: w.id,
			title: `Kompetensplan 2026 – ${w.name}`,
			periodStart: '2026-01-01',
			periodEnd: '2026-12-31',
			focusAreas: 'Digital kompetens, bemötande och tid för reflektion i arbetslaget.',
			createdBy: w.managerId,
			updatedAt: now
		})),
		'unitId'
	);
	const goalDrafts: { w: Workplace; track: Track; text: string; sort: number }[] = [];
	workplaces.forEach((w) => {
		// The manager's workplace always has a learning and an IT goal (for the journey and coverage).
		const tracks =
			w === home ? ([0, 2, 1] as Track[]) : sample(random, [0, 1, 2, 3, 4] as Track[], random.int(2, 4));
		tracks.forEach((t, k) =>
			goalDrafts.push({ w, track: t, text: random.pick(WORKPLACE_GOALS[t]), sort: k + 1 })
		);
	});
	const goalIds = await insertReturningIds(
		db,
		'workplaceGoals',
		goalDrafts.map((g) => ({
			workplacePlanId: planIds[workplaces.indexOf(g.w)]!,
			text: g.text,
			trackId: trackId(g.track),
			sortOrder: g.sort
		})),
		'text'
	);
	const goalsOf = new Map<number, { id: number; track: Track }[]>();
	goalDrafts.forEach((g, i) => {
		const list = goalsOf.get(g.w.id) ?? [];
		list.push({ id: goalIds[i]!, track: g.track });
		goalsOf.set(g.w.id, list);
	});

	// ---- individual plans, goals, planned activities -------------------------------------------------
	const registrations = await db
		.selectFrom('registrations as r')
		.innerJoin('sessions as s', 's.id', 'r.sessionId')
		.innerJoin('activities as a', 'a.id', 's.activityId')
		.select([
			'r.id',
			'r.personId',
			'r.sessionId',
			'r.status',
			's.endsAt',
			's.startsAt',
			's.hours',
			'a.id as activityId',
			'a.trackId'
		])
		.where('a.programmeId', '=', programmeId)
		.where('r.status', 'in', ['confirmed', 'attended', 'absent'])
		.orderBy('r.id')
		.execute();
	const regsOf = new Map<number, typeof registrations>();
	for (const r of registrations) {
		const list = regsOf.get(r.personId) ?? [];
		list.push(r);
		regsOf.set(r.personId, list);
	}
	const planned = workplaces.flatMap((w) =>
		w.members
			.filter((m) => m === participant || m === manager || w === home || random.chance(0.55))
			.map((m) => ({ w, personId: m }))
	);
	const iPlanIds = await insertReturningIds(
		db,
		'individualPlans',
		planned.map(({ w, personId }) => ({
			personId,
			workplacePlanId: planIds[workplaces.indexOf(w)]!,
			periodStart: '2026-01-01',
			periodEnd: '2026-12-31',
			createdBy: w.managerId ?? personId,
			updatedAt: now
		})),
		'personId'
	);
	const iGoalDrafts: {
		plan: number;
		personId: number;
		text: string;
		goal: { id: number; track: Track } | null;
		track: Track;
	}[] = [];
	planned.forEach(({ w, personId }, i) => {
		const goals = goalsOf.get(w.id) ?? [];
		const n = personId === participant ? 2 : random.int(1, 3);
		for (let k = 0; k < n; k++) {
			// participant@demo.klok: a learning goal and an IT goal, both linked; others mostly linked.
			const linked =
				personId === participant || personId === manager
					? goals[k % goals.length]!
					: random.chance(0.8) && goals.length
						? random.pick(goals)
						: null;
			const track = linked?.track ?? (random.int(0, 4) as Track);
			iGoalDrafts.push({ plan: i, personId, text: random.pick(PERSONAL_GOALS[track]), goal: linked, track });
		}
	});
	const iGoalIds = await insertReturningIds(
		db,
		'individualGoals',
		iGoalDrafts.map((g) => ({
			individualPlanId: iPlanIds[g.plan]!,
			text: g.text,
			workplaceGoalId: g.goal?.id ?? null,
			status: random.chance(0.15) ? ('achieved' as const) : ('open' as const)
		})),
		'individualPlanId'
	);
	const plannedRows: Record<string, unknown>[] = [];
	const firstGoalOfPlan = new Map<number, number>();
	iGoalDrafts.forEach((g, i) => {
		if (!firstGoalOfPlan.has(g.plan)) firstGoalOfPlan.set(g.plan, i);
	});
	planned.forEach(({ personId }, i) => {
		const goalIndex = firstGoalOfPlan.get(i);
		const goalId = goalIndex === undefined ? null : iGoalIds[goalIndex]!;
		const regs = regsOf.get(personId) ?? [];
		for (const r of regs.slice(0, 2))
			plannedRows.push({
				individualPlanId: iPlanIds[i]!,
				individualGoalId: goalId,
				sessionId: r.sessionId,
				activityId: r.activityId,
				description: null,
				status: r.status === 'attended' ? 'done' : r.status === 'absent' ? 'dropped' : 'planned'
			});
		if (regs.length === 0 || random.chance(0.3)) {
			const a = random.pick(activities);
			plannedRows.push({
				individualPlanId: iPlanIds[i]!,
				individualGoalId: goalId,
				sessionId: null,
				activityId: a.id,
				description: 'Anmäla mig till nästa tillfälle.',
				status: 'planned'
			});
		}
	});
	for (let i = 0; i < plannedRows.length; i += CHUNK)
		await db
			.insertInto('plannedActivities')
			.values(plannedRows.slice(i, i + CHUNK) as never)
			.execute();

	// ---- development dialogues for manager@demo.klok's staff -------------------------------------
	const dialogues = home.members
		.filter((m) => m !== manager)
		.map((personId) => ({
			personId,
			managerId: manager,
			heldOn: dateOf(anchor - random.int(10, 120) * DAY),
			notes: random.pick([
				'Vi pratade om vad som fungerat under hösten och vad som behövs framåt.',
				'Stort intresse för digital handledning; vill gärna prova att leda en drop-in.',
				'Önskar mer tid för reflektion efter kurser.'
			]),
			agreedGoals: random.pick([
				'Delta i processen om lärande samtal och dela erfarenheter på APT.',
				'Gå grundkursen i e-böcker och visa kollegorna.',
				'Följa upp bemötandekursen med chefen inom en månad.'
			]),
			updatedAt: now
		}));
	for (let i = 0; i < dialogues.length; i += CHUNK)
		await db
			.insertInto('developmentDialogues')
			.values(dialogues.slice(i, i + CHUNK))
			.execute();

	// ---- 40-20-40 forms on registrations ------------------------------------------------------------
	const followup = Number(
		(
			await db
				.selectFrom('programmes')
				.select('followupDays')
				.where('id', '=', programmeId)
				.executeTakeFirstOrThrow()
		).followupDays
	);
	const participantRegs = new Set((regsOf.get(participant) ?? []).map((r) => r.id));
	const participantFirst = (regsOf.get(participant) ?? []).find((r) => r.status === 'attended')?.id;
	const cycleRows = registrations.flatMap((r, index) => {
		const mine = participantRegs.has(r.id);
		if (!mine && !random.chance(0.7)) return [];
		const start = Date.parse(r.startsAt);
		const end = Date.parse(r.endsAt);
		const dueAt = end + followup * DAY;
		const attended = r.status === 'attended';
		const beforeDone = mine || random.chance(attended ? 0.8 : 0.55);
		// The participant's first attended registration has a complete form with hours.
		const afterDone = attended && (mine ? r.id === participantFirst || index % 2 === 0 : random.chance(0.55));
		const completedAfter = Math.max(
			end + 3_600_000,
			Math.min(anchor - DAY, end + random.int(2, followup) * DAY)
		);
		return [
			{
				registrationId: r.id,
				beforeNeed: beforeDone ? 'Jag behöver bli tryggare i det här i mitt dagliga arbete.' : null,
				beforeGoal: beforeDone ? 'Kunna använda det med besökare och dela med kollegorna.' : null,
				beforeMotivation: beforeDone ? 'Det hänger ihop med målen i vår kompetensplan.' : null,
				beforeManagerTalkOn: beforeDone ? dateOf(start - random.int(3, 20) * DAY) : null,
				beforeCompletedAt: beforeDone ? iso(Math.min(start - DAY, anchor - DAY)) : null,
				afterLearned: afterDone ? 'Nya sätt att ställa frågor och visa i stället för att göra själv.' : null,
				afterApply: afterDone ? 'Jag provar i informationsdisken och tar upp det på APT.' : null,
				afterSharedOn: afterDone ? dateOf(completedAfter) : null,
				afterSharedWhere: afterDone
					? random.pick(['Arbetsplatsträff', 'Processgruppens träff', 'Fikarummet med arbetslaget'])
					: null,
				afterFollowupOn: afterDone && random.chance(0.6) ? dateOf(completedAfter) : null,
				afterCompletedAt: afterDone ? iso(completedAfter) : null,
				afterDueAt: iso(dueAt),
				nudgedAt: attended && !afterDone && dueAt < anchor && random.chance(0.5) ? iso(dueAt + DAY) : null,
				hoursBefore: beforeDone ? random.int(1, 6) / 2 : null,
				hoursDuring: attended ? Number(r.hours) : null,
				hoursAfter: afterDone ? random.int(1, 8) / 2 : null,
				updatedAt: now
			}
		];
	});
	for (let i = 0; i < cycleRows.length; i += CHUNK)
		await db
			.insertInto('cycleForms')
			.values(cycleRows.slice(i, i + CHUNK))
			.execute();

	// ---- development processes -----------------------------------------------------------------------
	const processDrafts: { w: Workplace; title: string; track: Track; status: ProcessStatus; start: number }[] =
		[];
	// The manager's workplace gets three processes; the rest are spread over the other workplaces.
	const homeTitles = [PROCESSES[0]!, PROCESSES[2]!, PROCESSES[4]!];
	for (const p of homeTitles)
		processDrafts.push({ w: home, title: p.title, track: p.track, status: 'running', start: -60 });
	const others = workplaces.filter((w) => w !== home && w.members.length > 0);
	// 47 more at the default size; a national programme has proportionally more (issue 10).
	const scale = demoScale(ctx.people.length);
	for (let k = 0; k < Math.round(47 * scale); k++) {
		const template = PROCESSES[(k + 1) % PROCESSES.length]!;
		const w = others[k % others.length]!;
		const status = random.weighted({ planned: 20, running: 50, finished: 30 }) as ProcessStatus;
		const start =
			status === 'planned'
				? random.int(10, 90)
				: status === 'running'
					? -random.int(20, 150)
					: -random.int(200, 330);
		processDrafts.push({ w, title: template.title, track: template.track, status, start });
	}
	const processIds = await insertReturningIds(
		db,
		'processes',
		processDrafts.map((p) => ({
			programmeId,
			unitId: p.w.id,
			trackId: trackId(p.track),
			title: p.title,
			description: `Ett aktionslärande i arbetslaget: vi prövar, reflekterar och delar med oss (${p.w.name}).`,
			questions: 'Vad vill vi förändra? Hur vet vi att det blev bättre? Vad delar vi med andra?',
			status: p.status,
			results:
				p.status === 'finished' ? 'Nya rutiner är på plats och används av de flesta i arbetslaget.' : null,
			lessons:
				p.status === 'finished'
					? 'Avsatt tid för reflektion var avgörande; chefens närvaro gjorde skillnad.'
					: null,
			startsOn: dateOf(anchor + p.start * DAY),
			endsOn: dateOf(anchor + (p.start + 180) * DAY),
			createdBy: p.w.managerId,
			updatedAt: now
		})),
		'title'
	);
	const participantRows: { processId: number; personId: number; role: 'member' | 'lead' }[] = [];
	const inProcess = new Set<number>();
	processDrafts.forEach((p, i) => {
		const members = new Set<number>();
		if (p.w === home) {
			// Almost everyone at the manager's workplace takes part; a few do not (coverage shows them).
			const staff = p.w.members.filter((m) => m !== manager && m !== participant);
			const share = staff.filter((_, k) => k % homeTitles.length === i);
			for (const m of share.slice(0, Math.max(1, share.length - 1))) members.add(m);
			if (i === 0) members.add(participant);
		} else
			for (const m of sample(
				random,
				p.w.members.filter((m) => m !== p.w.managerId),
				random.int(2, 7)
			))
				members.add(m);
		if (p.w.managerId !== null)
			participantRows.push({ processId: processIds[i]!, personId: p.w.managerId, role: 'lead' });
		for (const m of members) participantRows.push({ processId: processIds[i]!, personId: m, role: 'member' });
		for (const m of members) inProcess.add(m);
	});
	for (let i = 0; i < participantRows.length; i += CHUNK)
		await db
			.insertInto('processParticipants')
			.values(participantRows.slice(i, i + CHUNK))
			.execute();

	const processGoalRows: { processId: number; workplaceGoalId: number }[] = [];
	const processSessionRows: { processId: number; sessionId: number }[] = [];
	const processNeedRows: { processId: number; needId: number }[] = [];
	const milestoneRows: { processId: number; title: string; dueOn: string; doneAt: string | null }[] = [];
	processDrafts.forEach((p, i) => {
		const goals = goalsOf.get(p.w.id) ?? [];
		const match = goals.find((g) => g.track === p.track) ?? (p.w === home ? goals[0] : undefined);
		if (match) processGoalRows.push({ processId: processIds[i]!, workplaceGoalId: match.id });
		const sessions = registrations.filter((r) => r.trackId === trackId(p.track));
		const linkedSessions = new Set(
			sample(random, [...new Set(sessions.map((s) => s.sessionId))], random.int(0, 2))
		);
		for (const s of linkedSessions) processSessionRows.push({ processId: processIds[i]!, sessionId: s });
		needDrafts.forEach((n, k) => {
			if (n.w === p.w && n.template.track === p.track && n.status !== 'declined')
				processNeedRows.push({ processId: processIds[i]!, needId: needIds[k]! });
		});
		const count = random.int(2, 4);
		for (let k = 0; k < count; k++) {
			const due = anchor + (p.start + 30 * (k + 1)) * DAY;
			milestoneRows.push({
				processId: processIds[i]!,
				title: MILESTONES[k]!,
				dueOn: dateOf(due),
				doneAt: due < anchor && (p.status === 'finished' || random.chance(0.8)) ? iso(due) : null
			});
		}
	});
	await insertChunked(db, 'processGoals', processGoalRows);
	await insertChunked(db, 'processSessions', processSessionRows);
	await insertChunked(db, 'processNeeds', processNeedRows);
	await insertChunked(db, 'processMilestones', milestoneRows);

	// ---- reflection logbook --------------------------------------------------------------------------
	const processOf = new Map<number, number>();
	participantRows.forEach((r) => {
		if (!processOf.has(r.personId)) processOf.set(r.personId, r.processId);
	});
	const goalOf = new Map<number, number>();
	iGoalDrafts.forEach((g, i) => {
		if (!goalOf.has(g.personId)) goalOf.set(g.personId, iGoalIds[i]!);
	});
	const attendedOf = (personId: number) => (regsOf.get(personId) ?? []).find((r) => r.status === 'attended');
	const writers = [
		participant,
		participant,
		participant,
		...sample(
			random,
			[...inProcess].filter((p) => p !== participant).sort((a, b) => a - b),
			Math.round(60 * scale)
		)
	];
	const entryDrafts = writers.map((personId, i) => {
		const k = i % LOGBOOK_BODIES.length;
		const session = i === 0 || random.chance(0.5) ? attendedOf(personId) : undefined;
		const processId = i === 1 || (i > 2 && random.chance(0.5)) ? (processOf.get(personId) ?? null) : null;
		const shares: LogbookAudience[] = [];
		if (i === 0) shares.push('evaluators');
		else if (i === 1) shares.push('process_group', 'manager');
		else if (i > 2) {
			if (random.chance(0.35)) shares.push('evaluators');
			if (random.chance(0.2) && workplaceOfPerson.get(personId)?.managerId) shares.push('manager');
			if (processId !== null && random.chance(0.3)) shares.push('process_group');
		}
		return {
			personId,
			title: i === 0 ? 'Efter kursdagen: frågor i stället för svar' : LOGBOOK_TITLES[k]!,
			bodyHtml: LOGBOOK_BODIES[k]!,
			sessionId: session?.sessionId ?? null,
			processId,
			individualGoalId: random.chance(0.4) || i === 0 ? (goalOf.get(personId) ?? null) : null,
			at: anchor - random.int(1, 90) * DAY,
			shares
		};
	});
	const entryIds = await insertReturningIds(
		db,
		'logbookEntries',
		entryDrafts.map((e) => ({
			personId: e.personId,
			title: e.title,
			bodyHtml: e.bodyHtml,
			sessionId: e.sessionId,
			processId: e.processId,
			individualGoalId: e.individualGoalId,
			createdAt: iso(e.at),
			updatedAt: iso(e.at)
		})),
		'personId'
	);
	const shareRows = entryDrafts.flatMap((e, i) =>
		e.shares.map((audience) => ({ entryId: entryIds[i]!, audience, grantedAt: iso(e.at + DAY) }))
	);
	const authorOf = new Map(entryIds.map((id, i) => [id, entryDrafts[i]!.personId]));
	for (let i = 0; i < shareRows.length; i += CHUNK) {
		const slice = shareRows.slice(i, i + CHUNK);
		await db.insertInto('logbookShares').values(slice).execute();
		await db
			.insertInto('logbookConsentEvents')
			.values(
				slice.map((s) => ({
					entryId: s.entryId,
					audience: s.audience,
					action: 'grant' as const,
					actorId: authorOf.get(s.entryId)!,
					createdAt: s.grantedAt
				}))
			)
			.execute();
	}
}

/** Registered in `extensions.ts`, after the catalogue (it uses its sessions and registrations). */
export const learningDemo: DemoExtension = {
	name: 'learning',
	run: (ctx) => createLearningDemo(ctx)
};
