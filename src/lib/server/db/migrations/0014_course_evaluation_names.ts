import { type Kysely } from 'kysely';

/**
 * Course evaluations say what they evaluate (issue 15.8). Every course evaluation tied to a
 * session now also names that session's activity (`activity_id`, indexed, so an activity page
 * finds its evaluations with one indexed query), and those still carrying the template's plain
 * title ("Kursutvärdering", "Course evaluation", …) are renamed after their activity and, for
 * one session, its own title, date (in the programme's time zone) and place. Titles someone
 * chose are left alone. In batches of 500; a frozen copy of the naming rule
 * (surveys/course-evaluation.naming.ts), so later changes to it do not change this migration.
 */
const PLAIN: Record<string, string> = {
	en: 'Course evaluation',
	sv: 'Kursutvärdering',
	da: 'Kursusevaluering',
	nb: 'Kursevaluering'
};
const TAG: Record<string, string> = { en: 'en-GB', sv: 'sv-SE', da: 'da-DK', nb: 'nb-NO' };

function rename(
	title: Record<string, string>,
	activity: string,
	session: { title: string | null; startsAt: string; place: string | null; timeZone: string } | null
): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [locale, word] of Object.entries(title)) {
		if (!word || !TAG[locale]) continue;
		const what = [activity];
		if (session) {
			const own = session.title && session.title !== activity ? session.title + ', ' : '';
			let date = session.startsAt.slice(0, 10);
			try {
				date = new Intl.DateTimeFormat(TAG[locale], {
					dateStyle: 'medium',
					timeZone: session.timeZone
				}).format(new Date(session.startsAt));
			} catch {
				// An unknown time zone: the ISO date.
			}
			what.push(own + [date, session.place].filter(Boolean).join(', '));
		}
		out[locale] = `${word}: ${what.join(' – ')}`.slice(0, 200);
	}
	return out;
}

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('surveys_activity').on('surveys').columns(['activity_id']).execute();
	await db
		.updateTable('surveys')
		.set((eb) => ({
			activity_id: eb
				.selectFrom('sessions')
				.select('sessions.activity_id')
				.whereRef('sessions.id', '=', 'surveys.session_id')
		}))
		.where('kind', '=', 'course_evaluation')
		.where('session_id', 'is not', null)
		.where('activity_id', 'is', null)
		.execute();
	for (let after = 0; ;) {
		const rows: {
			id: number;
			titlejson: string;
			activity: string;
			sessiontitle: string | null;
			startsat: string | Date | null;
			place: string | null;
			sessionid: number | null;
			timezone: string;
		}[] = await db
			.selectFrom('surveys')
			.innerJoin('activities', 'activities.id', 'surveys.activity_id')
			.innerJoin('programmes', 'programmes.id', 'surveys.programme_id')
			.leftJoin('sessions', 'sessions.id', 'surveys.session_id')
			.select([
				'surveys.id',
				'surveys.title_json as titlejson',
				'surveys.session_id as sessionid',
				'activities.title as activity',
				'sessions.title as sessiontitle',
				'sessions.starts_at as startsat',
				'sessions.place as place',
				'programmes.time_zone as timezone'
			])
			.where('surveys.kind', '=', 'course_evaluation')
			.where('surveys.id', '>', after)
			.orderBy('surveys.id')
			.limit(500)
			.execute();
		if (rows.length === 0) break;
		after = Number(rows.at(-1)!.id);
		for (const r of rows) {
			let title: Record<string, string>;
			try {
				title = JSON.parse(r.titlejson) as Record<string, string>;
			} catch {
				continue;
			}
			if (!Object.entries(title).some(([l, v]) => v && PLAIN[l] === v)) continue;
			if (!Object.entries(title).every(([l, v]) => !v || PLAIN[l] === v)) continue;
			const startsAt = r.startsat instanceof Date ? r.startsat.toISOString() : r.startsat;
			const renamed = rename(
				title,
				r.activity,
				r.sessionid !== null && startsAt
					? { title: r.sessiontitle, startsAt, place: r.place, timeZone: r.timezone }
					: null
			);
			await db
				.updateTable('surveys')
				.set({ title_json: JSON.stringify(renamed) })
				.where('id', '=', r.id)
				.execute();
		}
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('surveys_activity').execute();
}
