import { sql } from 'kysely';
import { dialect, type Db } from '../db/database.ts';

/**
 * The bulk statements of the national demo (national.demo.ts): a plan row per session is
 * written to a temporary table, and the registrations and 40-20-40 forms are derived from it
 * in the database with one `INSERT … SELECT` each, so a million rows never pass through
 * JavaScript. Portable SQL only (integer arithmetic, CASE, a join on a ranked staff table);
 * the temporary tables live on the transaction's connection and are dropped at the end.
 *
 * Who registers: session s takes ranks `(start + k * stride) mod n` for k = 0 … total - 1 of the
 * ranked staff; `stride` is coprime with n, so nobody appears twice in one session.
 * Which state: by k — the first `seats` hold a seat (attended or absent after the session,
 * confirmed before it), then the waitlist (numbered 1 … in arrival order), requested,
 * declined and cancelled.
 */

/** One session's plan (see the module comment); timestamps are ISO-8601 UTC, dates YYYY-MM-DD. */
export interface SessionPlan {
	sessionId: number;
	seats: number;
	waitlisted: number;
	requested: number;
	declined: number;
	cancelled: number;
	startRank: number;
	stride: number;
	past: boolean;
	approval: boolean;
	approver: number;
	hours: number;
	marker: number;
	regAt: string;
	decidedAt: string;
	cancelledAt: string;
	markedAt: string;
	remindAt: string;
	dueAt: string;
	beforeAt: string;
	talkOn: string;
	afterAt: string;
	sharedOn: string;
	nudgeAt: string | null;
}

const PLAN_COLUMNS = [
	['session_id', 'integer primary key'],
	['seats', 'integer not null'],
	['waitlisted', 'integer not null'],
	['requested', 'integer not null'],
	['declined', 'integer not null'],
	['cancelled', 'integer not null'],
	['start_rank', 'integer not null'],
	['stride', 'integer not null'],
	['past', 'integer not null'],
	['approval', 'integer not null'],
	['approver', 'integer not null'],
	['hours', 'decimal'],
	['marker', 'integer not null'],
	['reg_at', 'timestamp'],
	['decided_at', 'timestamp'],
	['cancelled_at', 'timestamp'],
	['marked_at', 'timestamp'],
	['remind_at', 'timestamp'],
	['due_at', 'timestamp'],
	['before_at', 'timestamp'],
	['talk_on', 'date'],
	['after_at', 'timestamp'],
	['shared_on', 'date'],
	['nudge_at', 'timestamp']
] as const;

/** Creates the work tables and ranks the programme's staff (logins and managers left out); returns how many. */
export async function prepareNationalWork(db: Db, programmeId: number): Promise<number> {
	const pg = dialect(db) === 'postgres';
	const types: Record<string, string> = {
		timestamp: pg ? 'timestamptz' : 'text',
		date: pg ? 'date' : 'text',
		decimal: pg ? 'numeric(12, 2)' : 'real'
	};
	const columns = PLAN_COLUMNS.map(([name, type]) => `${name} ${types[type] ?? type}`).join(', ');
	await sql.raw(`create temporary table demo_plan (${columns})`).execute(db);
	await sql`create temporary table demo_staff (person_rank integer primary key, person_id integer not null)`.execute(
		db
	);
	await sql`create temporary table demo_seq (k integer primary key)`.execute(db);
	await sql`
		insert into demo_staff (person_rank, person_id)
		select row_number() over (order by id) - 1, id
		from people
		where programme_id = ${programmeId}
			and deactivated_at is null
			and (job_category is null or job_category <> 'manager')
			and email_normalized not like '%@demo.klok'`.execute(db);
	const row = await sql<{ n: number }>`select count(*) as n from demo_staff`.execute(db);
	return Number(row.rows[0]!.n);
}

/** Writes the plan rows (in chunks that stay under both databases' parameter limits). */
export async function insertSessionPlans(db: Db, plans: readonly SessionPlan[]): Promise<void> {
	const max = plans.reduce(
		(m, p) => Math.max(m, p.seats + p.waitlisted + p.requested + p.declined + p.cancelled),
		0
	);
	const ks = Array.from({ length: max }, (_, k) => sql`(${k})`);
	for (let i = 0; i < ks.length; i += 1000)
		await sql`insert into demo_seq (k) values ${sql.join(ks.slice(i, i + 1000))}`.execute(db);
	const names = sql.raw(PLAN_COLUMNS.map(([name]) => name).join(', '));
	for (let i = 0; i < plans.length; i += 400) {
		const values = plans
			.slice(i, i + 400)
			.map(
				(p) =>
					sql`(${sql.join([
						p.sessionId,
						p.seats,
						p.waitlisted,
						p.requested,
						p.declined,
						p.cancelled,
						p.startRank,
						p.stride,
						p.past ? 1 : 0,
						p.approval ? 1 : 0,
						p.approver,
						p.hours,
						p.marker,
						p.regAt,
						p.decidedAt,
						p.cancelledAt,
						p.markedAt,
						p.remindAt,
						p.dueAt,
						p.beforeAt,
						p.talkOn,
						p.afterAt,
						p.sharedOn,
						p.nudgeAt
					])})`
			);
		await sql`insert into demo_plan (${names}) values ${sql.join(values)}`.execute(db);
	}
}

/** Derives every planned registration in one statement (see the module comment). */
export async function insertPlannedRegistrations(
	db: Db,
	staff: number,
	now: string,
	declineReasons: readonly [string, string, string]
): Promise<void> {
	await sql`
		insert into registrations (
			session_id, person_id, status, waitlist_seq, requested_at, approved_at, approved_by,
			declined_at, decline_reason, confirmed_at, waitlisted_at, cancelled_at,
			attendance_marked_at, attendance_marked_by, hours_credited, reminder_sent_at, updated_at)
		select x.session_id, x.person_id, x.status,
			case when x.status = 'waitlisted' then x.k - x.seats + 1 end,
			case when x.approval = 1 then x.reg_at end,
			case when x.approval = 1 and x.status not in ('requested', 'declined') then x.decided_at end,
			case when x.approval = 1 and x.status not in ('requested', 'declined') then x.approver end,
			case when x.status = 'declined' then x.decided_at end,
			case when x.status = 'declined' then
				case x.k % 3 when 0 then ${declineReasons[0]} when 1 then ${declineReasons[1]} else ${declineReasons[2]} end
			end,
			case when x.seat = 1 then x.decided_at end,
			case when x.status = 'waitlisted' then x.reg_at end,
			case when x.status = 'cancelled' then x.cancelled_at end,
			case when x.seat = 1 and x.past = 1 then x.marked_at end,
			case when x.seat = 1 and x.past = 1 then x.marker end,
			case when x.status = 'attended' then x.hours when x.status = 'absent' then 0 end,
			case when x.seat = 1 and x.past = 1 then x.remind_at end,
			${now}
		from (
			select p.*, q.k, s.person_id,
				case when q.k < p.seats then 1 else 0 end as seat,
				case
					when q.k < p.seats then
						case
							when p.past = 0 then 'confirmed'
							when (p.session_id * 7 + q.k * 13) % 100 < 87 then 'attended'
							else 'absent'
						end
					when q.k < p.seats + p.waitlisted then 'waitlisted'
					when q.k < p.seats + p.waitlisted + p.requested then 'requested'
					when q.k < p.seats + p.waitlisted + p.requested + p.declined then 'declined'
					else 'cancelled'
				end as status
			from demo_plan p
			join demo_seq q on q.k < p.seats + p.waitlisted + p.requested + p.declined + p.cancelled
			join demo_staff s on s.person_rank = (p.start_rank + q.k * p.stride) % ${staff}
		) x
		-- Ids in the same order on both databases (the forms below are chosen by id).
		order by x.session_id, x.k`.execute(db);
}

/**
 * 40-20-40 forms on about 70 % of the planned seat-holding registrations: the before part done
 * by most, the after part by about half of those who attended; "during" hours only when attended.
 */
export async function insertPlannedCycleForms(db: Db, now: string): Promise<void> {
	await sql`
		insert into cycle_forms (
			registration_id, before_need, before_goal, before_motivation, before_manager_talk_on,
			before_completed_at, after_learned, after_apply, after_shared_on, after_shared_where,
			after_followup_on, after_completed_at, after_due_at, nudged_at, hours_before, hours_during,
			hours_after, updated_at)
		select y.id,
			case when y.before_done = 1 then 'Jag behöver bli tryggare i det här i mitt dagliga arbete.' end,
			case when y.before_done = 1 then 'Kunna använda det med besökare och dela med kollegorna.' end,
			case when y.before_done = 1 then 'Det hänger ihop med målen i vår kompetensplan.' end,
			case when y.before_done = 1 then y.talk_on end,
			case when y.before_done = 1 then y.before_at end,
			case when y.after_done = 1 then 'Nya sätt att ställa frågor och visa i stället för att göra själv.' end,
			case when y.after_done = 1 then 'Jag provar i informationsdisken och tar upp det på APT.' end,
			case when y.after_done = 1 then y.shared_on end,
			case when y.after_done = 1 then
				case y.id % 3 when 0 then 'Arbetsplatsträff' when 1 then 'Processgruppens träff'
				else 'Fikarummet med arbetslaget' end
			end,
			case when y.after_done = 1 and y.id % 5 < 3 then y.shared_on end,
			case when y.after_done = 1 then y.after_at end,
			y.due_at,
			case when y.status = 'attended' and y.after_done = 0 and y.id % 2 = 0 then y.nudge_at end,
			case when y.before_done = 1 then (y.id % 6 + 1) / 2.0 end,
			case when y.status = 'attended' then y.hours end,
			case when y.after_done = 1 then (y.id % 8 + 1) / 2.0 end,
			${now}
		from (
			select r.id, r.status, p.*,
				case when (r.id * 11) % 100 < (case when r.status = 'attended' then 80 else 55 end)
					then 1 else 0 end as before_done,
				case when r.status = 'attended' and (r.id * 13) % 100 < 55 then 1 else 0 end as after_done
			from demo_plan p
			join registrations r on r.session_id = p.session_id
			where r.status in ('confirmed', 'attended', 'absent') and (r.id * 7) % 10 < 7
		) y
		order by y.id`.execute(db);
}

/** Drops the work tables (they would otherwise live as long as the connection). */
export async function dropNationalWork(db: Db): Promise<void> {
	for (const table of ['demo_plan', 'demo_staff', 'demo_seq'])
		await sql.raw(`drop table if exists ${table}`).execute(db);
}
