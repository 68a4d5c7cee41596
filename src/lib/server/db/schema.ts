import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The whole database as Kysely sees it (camelCase; the CamelCasePlugin maps to snake_case).
 * Timestamps are ISO-8601 UTC strings and dates `YYYY-MM-DD` strings on both dialects
 * (see `createDb`). Each table is owned by one domain module; the owner is named per table.
 */
export interface Database {
	programmes: ProgrammeTable;
	units: UnitTable;
	tracks: TrackTable;
	people: PersonTable;
	roleAssignments: RoleAssignmentTable;
	authSessions: AuthSessionTable;
	passwordResets: PasswordResetTable;
	signInBackoff: SignInBackoffTable;
	knownDevices: KnownDeviceTable;
	apiTokens: ApiTokenTable;
	outbox: OutboxTable;
	auditLog: AuditLogTable;
	importJobs: ImportJobTable;
	activities: ActivityTable;
	activityMaterials: ActivityMaterialTable;
	activityInterests: ActivityInterestTable;
	sessions: SessionTable;
	sessionTrainers: SessionTrainerTable;
	registrations: RegistrationTable;
	calendarFeeds: CalendarFeedTable;
	swotItems: SwotItemTable;
	needs: NeedTable;
	needVotes: NeedVoteTable;
	needActivities: NeedActivityTable;
	workplacePlans: WorkplacePlanTable;
	workplaceGoals: WorkplaceGoalTable;
	individualPlans: IndividualPlanTable;
	individualGoals: IndividualGoalTable;
	plannedActivities: PlannedActivityTable;
	developmentDialogues: DevelopmentDialogueTable;
	cycleForms: CycleFormTable;
	cycleTotals: CycleTotalTable;
	cycleTotalsPause: CycleTotalsPauseTable;
	reportVersions: ReportVersionTable;
	reportCache: ReportCacheTable;
	processes: ProcessTable;
	processParticipants: ProcessParticipantTable;
	processSessions: ProcessSessionTable;
	processNeeds: ProcessNeedTable;
	processGoals: ProcessGoalTable;
	processMilestones: ProcessMilestoneTable;
	coverageVersions: CoverageVersionTable;
	coverageSnapshotState: CoverageSnapshotStateTable;
	coverageSnapshots: CoverageSnapshotTable;
	logbookEntries: LogbookEntryTable;
	logbookShares: LogbookShareTable;
	logbookConsentEvents: LogbookConsentEventTable;
	surveyScales: SurveyScaleTable;
	surveyBankQuestions: SurveyBankQuestionTable;
	surveys: SurveyTable;
	surveySections: SurveySectionTable;
	surveyQuestions: SurveyQuestionTable;
	surveyInvitations: SurveyInvitationTable;
	surveyResponses: SurveyResponseTable;
	surveyAnswers: SurveyAnswerTable;
	surveyResultCounts: SurveyResultCountTable;
	privacyExports: PrivacyExportTable;
	privacySettings: PrivacySettingsTable;
	privacyErasures: PrivacyErasureTable;
	xapiSettings: XapiSettingsTable;
	xapiStatements: XapiStatementTable;
	badgeAchievements: BadgeAchievementTable;
	badgeCredentials: BadgeCredentialTable;
	badgeIssuerKeys: BadgeIssuerKeyTable;
	// Community (0019): experts, networks, recordings, newsletter.
	expertSubjects: ExpertSubjectTable;
	expertProfiles: ExpertProfileTable;
	expertAreas: ExpertAreaTable;
	networks: NetworkTable;
	networkMembers: NetworkMemberTable;
	networkMeetings: NetworkMeetingTable;
	sessionRecordings: SessionRecordingTable;
	newsletterSettings: NewsletterSettingsTable;
	newsletterSubscriptions: NewsletterSubscriptionTable;
	newsletterIssues: NewsletterIssueTable;
	newsletterDeliveries: NewsletterDeliveryTable;
	searchDocuments: SearchDocumentTable;
	postSettings: PostSettingsTable;
	postSubjects: PostSubjectTable;
	posts: PostTable;
	postAuthors: PostAuthorTable;
	postTags: PostTagTable;
	postFiles: PostFileTable;
	postComments: PostCommentTable;
	postCommentNotices: PostCommentNoticeTable;
	budgetSettings: BudgetSettingsTable;
	fundingSources: FundingSourceTable;
	budgetLines: BudgetLineTable;
	expenses: ExpenseTable;
	visitTemplates: VisitTemplateTable;
	visits: VisitTable;
	visitActions: VisitActionTable;
	funderReports: FunderReportTable;
	funderReportVersions: FunderReportVersionTable;
	funderReportKeyResults: FunderReportKeyResultTable;
	goals: GoalTable;
	goalEvents: GoalEventTable;
	goalSettings: GoalSettingsTable;
	goalSnapshots: GoalSnapshotTable;
	goalSnapshotRows: GoalSnapshotRowTable;
	steeringMeetings: SteeringMeetingTable;
	steeringDecisions: SteeringDecisionTable;
	goalAttachments: GoalAttachmentTable;
}

/** ISO timestamp written by the application, never by database defaults (portable). */
type Timestamp = string;
type CreatedAt = ColumnType<string, string | undefined, never>;

export const LOCALES = ['en', 'sv', 'da', 'nb'] as const;
export type Locale = (typeof LOCALES)[number];

/** Owner: organisation. */
export interface ProgrammeTable {
	id: Generated<number>;
	name: string;
	funder: string | null;
	startsOn: string;
	endsOn: string;
	defaultLocale: Locale;
	timeZone: string;
	/** Smallest group shown in survey breakdowns (k-anonymity); default 5. */
	minGroupSize: ColumnType<number, number | undefined, number>;
	/** Days after a session before the 40-20-40 "after" part is due (default 30). */
	followupDays: ColumnType<number, number | undefined, number>;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

export const UNIT_KINDS = ['region', 'organisation', 'workplace', 'team'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
/** Workplace types of the programme vocabulary (`units.unitType`, migration 0012; labels `unitType.<code>`). */
export const UNIT_TYPES = [
	'main_library',
	'library_branch',
	'county_library',
	'school_library',
	'mobile_library',
	'care_home',
	'home_care',
	'school',
	'administration',
	'after_school',
	'childminding',
	'nursery',
	'other'
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/** Owner: organisation. A tree per programme; `closedAt` instead of deletion. */
export interface UnitTable {
	id: Generated<number>;
	programmeId: number;
	parentId: number | null;
	kind: UnitKind;
	name: string;
	/** Stable external key used by imports (unique within a programme when set). */
	code: string | null;
	closedAt: Timestamp | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
	/** Workplace type from the programme vocabulary (`UNIT_TYPES`, migration 0012); null = not set. */
	unitType: ColumnType<UnitType | null, UnitType | null | undefined, UnitType | null>;
}

/** Owner: catalogue. A theme such as Learning, Service encounter, IT, Marketing, Leadership. */
export interface TrackTable {
	id: Generated<number>;
	programmeId: number;
	name: string;
	description: string | null;
	sortOrder: ColumnType<number, number | undefined, number>;
	createdAt: CreatedAt;
}

export const GENDERS = ['female', 'male', 'other', 'not_stated'] as const;
export type Gender = (typeof GENDERS)[number];

export const JOB_CATEGORIES = [
	'librarian',
	'library_assistant',
	'manager',
	'it_specialist',
	'communicator',
	'administrator',
	'archivist',
	'social_worker',
	'other'
] as const;
export type JobCategory = (typeof JOB_CATEGORIES)[number];

/** Owner: people. A person is also the user account. */
export interface PersonTable {
	id: Generated<number>;
	/** The programme the person is staff in (null for staff-less accounts such as a system admin). */
	programmeId: number | null;
	unitId: number | null;
	name: string;
	email: string;
	/** Lower-cased e-mail; unique. Keeps uniqueness case-insensitive on both dialects. */
	emailNormalized: string;
	jobCategory: JobCategory | null;
	gender: Gender | null;
	roleStartedOn: string | null;
	/** Hourly cost in the programme's currency; visible to the programme office only. */
	hourlyCost: number | null;
	locale: Locale | null;
	passwordHash: string | null;
	deactivatedAt: Timestamp | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

export const ROLES = [
	'participant',
	'manager',
	'office',
	'steering',
	'evaluator',
	'trainer',
	'admin'
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Owner: people. Elevated roles. Being staff (having a unit) makes a person a participant,
 * so `participant` rows are not needed. `unitId` scopes a manager; `programmeId` is null
 * only for `admin`.
 */
export interface RoleAssignmentTable {
	id: Generated<number>;
	personId: number;
	role: Role;
	programmeId: number | null;
	unitId: number | null;
	createdAt: CreatedAt;
}

/** Owner: auth. `id` is the SHA-256 of the cookie token, so a database leak reveals no session. */
export interface AuthSessionTable {
	id: string;
	personId: number;
	createdAt: CreatedAt;
	expiresAt: Timestamp;
	lastSeenAt: Timestamp;
	userAgent: string | null;
	ip: string | null;
}

/** Owner: auth. */
export interface PasswordResetTable {
	tokenHash: string;
	personId: number;
	expiresAt: Timestamp;
	usedAt: Timestamp | null;
	createdAt: CreatedAt;
}

/**
 * Owner: auth. Sign-in back-off, one counter per key: `account:<normalized e-mail>`,
 * `ip:<address>` or `device:<cookie hash>`; password-reset requests as `reset:<e-mail>`, `reset-ip:<address>`.
 */
export interface SignInBackoffTable {
	key: string;
	/** Attempts counted against the key (each reserved before its password is checked). */
	failures: number;
	/** No further attempt for this key before this instant. */
	blockedUntil: Timestamp;
	updatedAt: Timestamp;
}

/** Owner: auth. Browsers a person has signed in from; the cookie holds a token, this its hash. */
export interface KnownDeviceTable {
	tokenHash: string;
	personId: number;
	createdAt: CreatedAt;
	expiresAt: Timestamp;
}

/** Owner: auth. Personal API tokens; only the hash is stored. */
export interface ApiTokenTable {
	id: Generated<number>;
	personId: number;
	name: string;
	tokenHash: string;
	/** First characters of the token, shown so users can tell tokens apart. */
	prefix: string;
	createdAt: CreatedAt;
	lastUsedAt: Timestamp | null;
	revokedAt: Timestamp | null;
}

/** Owner: mail. Every message Klok sends; delivered by SMTP when configured, else read in the app. */
export interface OutboxTable {
	id: Generated<number>;
	programmeId: number | null;
	personId: number | null;
	toAddress: string;
	subject: string;
	textBody: string;
	htmlBody: string | null;
	kind: string;
	/** JSON array of `{ filename, contentType, content }` (text content, e.g. .ics), or null. */
	attachments: ColumnType<string | null, string | null | undefined, string | null>;
	createdAt: CreatedAt;
	sentAt: Timestamp | null;
	/** The last delivery error. */
	error: string | null;
	/** What the worker renders from: JSON `{ … ids, no secrets }`; null for rows rendered at write. */
	payload: string | null;
	/** pending → sending → sent | pending (retry) | failed; `stored` without SMTP, `expanded` into one row per recipient, `skipped` when obsolete. */
	status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
	attempts: ColumnType<number, number | undefined, number>;
	/** When a pending row is due; while `sending`, when the worker's lease expires. */
	nextAttemptAt: Timestamp | null;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'stored' | 'expanded' | 'skipped';

/** Owner: audit. Who changed what, when, with before/after snapshots as JSON text. */
export interface AuditLogTable {
	id: Generated<number>;
	programmeId: number | null;
	actorId: number | null;
	action: string;
	entityType: string;
	entityId: number | null;
	before: string | null;
	after: string | null;
	createdAt: CreatedAt;
}

/** Owner: people (import). A validated file waiting for the user's confirmation. */
export interface ImportJobTable {
	id: Generated<number>;
	programmeId: number;
	personId: number;
	kind: 'people' | 'units';
	fileName: string;
	/** JSON array of normalised rows. */
	rows: string;
	rowCount: number;
	errorCount: number;
	status: 'previewed' | 'imported' | 'discarded';
	createdAt: CreatedAt;
	finishedAt: Timestamp | null;
}

export const ACTIVITY_TYPES = [
	'lecture',
	'course_basic',
	'course_advanced',
	'method_practice',
	'seminar',
	'seminar_series',
	'webinar',
	'study_trip',
	'conference',
	'job_shadowing',
	'peer_learning'
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const LEARNING_FORMS = ['formal', 'non_formal', 'development_process'] as const;
export type LearningForm = (typeof LEARNING_FORMS)[number];

/** Owner: catalogue. A catalogue entry; its dated occurrences are sessions. */
export interface ActivityTable {
	id: Generated<number>;
	programmeId: number;
	trackId: number | null;
	type: ActivityType;
	learningForm: LearningForm;
	title: string;
	/** Sanitised HTML (see catalogue/sanitize.ts); never render unsanitised input. */
	descriptionHtml: ColumnType<string, string | undefined, string>;
	provider: string | null;
	cost: number | null;
	/** JSON array of job category codes; empty = everyone. */
	targetJobCategories: ColumnType<string, string | undefined, string>;
	/** JSON array of unit ids (descendants included); empty = every unit. */
	targetUnitIds: ColumnType<string, string | undefined, string>;
	/** 1 = published without dates, collecting expressions of interest. */
	interestOnly: ColumnType<number, number | undefined, number>;
	publishedAt: Timestamp | null;
	archivedAt: Timestamp | null;
	createdBy: number | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

/** Owner: catalogue. Uploaded files, stored in the database so all instances serve them. */
export interface ActivityMaterialTable {
	id: Generated<number>;
	activityId: number;
	fileName: string;
	contentType: string;
	size: number;
	content: Buffer;
	uploadedBy: number | null;
	createdAt: CreatedAt;
}

/** Owner: catalogue. */
export interface ActivityInterestTable {
	id: Generated<number>;
	activityId: number;
	personId: number;
	comment: string | null;
	createdAt: CreatedAt;
}

export const SESSION_STATUSES = ['planned', 'open', 'cancelled', 'done'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/**
 * Owner: catalogue (the session itself); `confirmedCount` and `waitlistCounter` are changed
 * only by the registrations module, through conditional updates (capacity is enforced by the
 * database: `confirmed_count <= capacity` is a CHECK constraint).
 */
export interface SessionTable {
	id: Generated<number>;
	activityId: number;
	title: string | null;
	startsAt: Timestamp;
	endsAt: Timestamp;
	place: string | null;
	onlineUrl: string | null;
	capacity: number;
	hours: number;
	requiresApproval: ColumnType<number, number | undefined, number>;
	registrationOpensAt: Timestamp | null;
	registrationClosesAt: Timestamp | null;
	status: ColumnType<SessionStatus, SessionStatus | undefined, SessionStatus>;
	confirmedCount: ColumnType<number, number | undefined, number>;
	waitlistCounter: ColumnType<number, number | undefined, number>;
	sequence: ColumnType<number, number | undefined, number>;
	recordingUrl: string | null;
	cancelledAt: Timestamp | null;
	cancelReason: string | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

/** Owner: catalogue. */
export interface SessionTrainerTable {
	sessionId: number;
	personId: number;
}

export const REGISTRATION_STATUSES = [
	'requested',
	'confirmed',
	'waitlisted',
	'declined',
	'attended',
	'absent',
	'cancelled'
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** Owner: registrations. One row per person and session (registering twice is harmless). */
export interface RegistrationTable {
	id: Generated<number>;
	sessionId: number;
	personId: number;
	status: RegistrationStatus;
	/** Position on the waitlist in arrival order (from sessions.waitlist_counter). */
	waitlistSeq: number | null;
	requestedAt: Timestamp | null;
	approvedAt: Timestamp | null;
	approvedBy: number | null;
	declinedAt: Timestamp | null;
	declineReason: string | null;
	confirmedAt: Timestamp | null;
	waitlistedAt: Timestamp | null;
	cancelledAt: Timestamp | null;
	attendanceMarkedAt: Timestamp | null;
	attendanceMarkedBy: number | null;
	hoursCredited: number | null;
	registeredBy: number | null;
	reminderSentAt: Timestamp | null;
	/**
	 * 1 for a walk-in added at attendance (0024): in the room without a seat, never counted in
	 * `sessions.confirmed_count`, so it may exceed the capacity.
	 */
	walkIn: ColumnType<number, number | undefined, number>;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

/** Owner: registrations (calendar). The private iCalendar feed token, hashed. */
export interface CalendarFeedTable {
	personId: number;
	tokenHash: string;
	createdAt: CreatedAt;
}

type Int = ColumnType<number, number | undefined, number>;

// ---- Learning at work (migration 0003) ----

export const SWOT_CATEGORIES = ['strength', 'weakness', 'opportunity', 'threat'] as const;
export type SwotCategory = (typeof SWOT_CATEGORIES)[number];

/** Owner: plans (SWOT). `unitId` null = the programme's own analysis. */
export interface SwotItemTable {
	id: Generated<number>;
	programmeId: number;
	unitId: number | null;
	category: SwotCategory;
	text: string;
	theme: string | null;
	priority: Int;
	authorId: number | null;
	archivedAt: Timestamp | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

export const NEED_STATUSES = ['new', 'planned', 'met', 'declined'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** Owner: plans (needs inventory). `voteCount` is kept by conditional updates. */
export interface NeedTable {
	id: Generated<number>;
	programmeId: number;
	unitId: number | null;
	authorId: number | null;
	title: string;
	description: string | null;
	trackId: number | null;
	suggestedForm: string | null;
	status: ColumnType<NeedStatus, NeedStatus | undefined, NeedStatus>;
	declineReason: string | null;
	priority: number | null;
	decidedBy: number | null;
	voteCount: Int;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}
export interface NeedVoteTable {
	needId: number;
	personId: number;
	createdAt: CreatedAt;
}
export interface NeedActivityTable {
	needId: number;
	activityId: number;
}

/** Owner: plans. A workplace (local) competence plan for a period. */
export interface WorkplacePlanTable {
	id: Generated<number>;
	programmeId: number;
	unitId: number;
	title: string;
	periodStart: string;
	periodEnd: string;
	focusAreas: string | null;
	createdBy: number | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}
export interface WorkplaceGoalTable {
	id: Generated<number>;
	workplacePlanId: number;
	text: string;
	trackId: number | null;
	sortOrder: Int;
	createdAt: CreatedAt;
}
export interface IndividualPlanTable {
	id: Generated<number>;
	personId: number;
	workplacePlanId: number | null;
	periodStart: string;
	periodEnd: string;
	createdBy: number | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}
export const GOAL_STATUSES = ['open', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export interface IndividualGoalTable {
	id: Generated<number>;
	individualPlanId: number;
	text: string;
	/** The workplace goal it serves; null shows as "unlinked". */
	workplaceGoalId: number | null;
	status: ColumnType<GoalStatus, GoalStatus | undefined, GoalStatus>;
	createdAt: CreatedAt;
}
export const PLANNED_ACTIVITY_STATUSES = ['planned', 'done', 'dropped'] as const;
export type PlannedActivityStatus = (typeof PLANNED_ACTIVITY_STATUSES)[number];
export interface PlannedActivityTable {
	id: Generated<number>;
	individualPlanId: number;
	individualGoalId: number | null;
	sessionId: number | null;
	activityId: number | null;
	description: string | null;
	status: ColumnType<PlannedActivityStatus, PlannedActivityStatus | undefined, PlannedActivityStatus>;
	createdAt: CreatedAt;
}
/** Owner: plans. The yearly development dialogue (utvecklingssamtal), kept by the manager. */
export interface DevelopmentDialogueTable {
	id: Generated<number>;
	personId: number;
	managerId: number | null;
	heldOn: string;
	notes: string | null;
	agreedGoals: string | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

/** Owner: cycle (the 40-20-40 learning cycle). The 40-20-40 form of one registration. */
export interface CycleFormTable {
	registrationId: number;
	beforeNeed: string | null;
	beforeGoal: string | null;
	beforeMotivation: string | null;
	beforeManagerTalkOn: string | null;
	beforeCompletedAt: Timestamp | null;
	afterLearned: string | null;
	afterApply: string | null;
	afterSharedOn: string | null;
	afterSharedWhere: string | null;
	afterFollowupOn: string | null;
	afterCompletedAt: Timestamp | null;
	afterDueAt: Timestamp | null;
	nudgedAt: Timestamp | null;
	hoursBefore: number | null;
	hoursDuring: number | null;
	hoursAfter: number | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

/**
 * Owner: cycle (0025). 40-20-40 totals kept by triggers in the writing transaction: per
 * programme × person's unit (0: none) × activity; `dueMonth` '' holds the counted registrations'
 * figures, 'YYYY-MM' the pending after parts falling due that month (see the migration).
 */
export interface CycleTotalTable {
	programmeId: number;
	unitId: number;
	activityId: number;
	dueMonth: string;
	registrations: number;
	beforeDone: number;
	afterDone: number;
	pending: number;
	hoursBefore: number;
	hoursDuring: number;
	hoursAfter: number;
}

/** Owner: cycle (0025). While it has a row the totals' triggers do nothing (bulk loads). */
export interface CycleTotalsPauseTable {
	id: number;
}

/** Owner: reports (0026). A programme's report data version, bumped by triggers on every write a figure reads. */
export interface ReportVersionTable {
	programmeId: number;
	version: ColumnType<number | string, number, number>;
	/** The report's other sources' counter (migration 0031). */
	sources: ColumnType<number | string, number | undefined, number>;
}

/** Owner: reports (0026). Computed aggregates (JSON, no per-person rows) by key, at a data version. */
export interface ReportCacheTable {
	programmeId: number;
	key: string;
	version: ColumnType<number | string, number, number>;
	computedAt: Timestamp;
	body: string;
}

export const PROCESS_STATUSES = ['planned', 'running', 'finished'] as const;
export type ProcessStatus = (typeof PROCESS_STATUSES)[number];

/** Owner: processes. A workplace's development process (action learning) within a track. */
export interface ProcessTable {
	id: Generated<number>;
	programmeId: number;
	unitId: number;
	trackId: number | null;
	title: string;
	description: string | null;
	questions: string | null;
	status: ColumnType<ProcessStatus, ProcessStatus | undefined, ProcessStatus>;
	results: string | null;
	lessons: string | null;
	startsOn: string | null;
	endsOn: string | null;
	createdBy: number | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}
export interface ProcessParticipantTable {
	processId: number;
	personId: number;
	role: ColumnType<'member' | 'lead', 'member' | 'lead' | undefined, 'member' | 'lead'>;
}
export interface ProcessSessionTable {
	processId: number;
	sessionId: number;
}
export interface ProcessNeedTable {
	processId: number;
	needId: number;
}
/** A process matches a person's plan when it serves a workplace goal their individual goals link to. */
export interface ProcessGoalTable {
	processId: number;
	workplaceGoalId: number;
}
/** Owner: processes. One row (id 1): bumped by triggers on every write coverage reads (0015). */
export interface CoverageVersionTable {
	id: number;
	version: ColumnType<number | string, number, number>;
}
/** Owner: processes. The day and coverage version a programme's snapshot was counted at. */
export interface CoverageSnapshotStateTable {
	programmeId: number;
	onDate: string;
	version: ColumnType<number | string, number, number>;
}
/** Owner: processes. A programme's coverage counts per unit, as of its snapshot state. */
export interface CoverageSnapshotTable {
	programmeId: number;
	unitId: number | null;
	people: number;
	withPlan: number;
	none: number;
	unmatched: number;
	covered: number;
}
export interface ProcessMilestoneTable {
	id: Generated<number>;
	processId: number;
	title: string;
	dueOn: string | null;
	doneAt: Timestamp | null;
	createdAt: CreatedAt;
}

export const LOGBOOK_AUDIENCES = ['process_group', 'manager', 'evaluators'] as const;
export type LogbookAudience = (typeof LOGBOOK_AUDIENCES)[number];

/** Owner: logbook. Private to the author unless shared (logbook_shares). */
export interface LogbookEntryTable {
	id: Generated<number>;
	personId: number;
	title: string | null;
	/** Sanitised HTML. */
	bodyHtml: string;
	sessionId: number | null;
	processId: number | null;
	individualGoalId: number | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}
/** Owner: logbook. Current consent; withdrawal deletes the row. */
export interface LogbookShareTable {
	entryId: number;
	audience: LogbookAudience;
	grantedAt: Timestamp;
}
/** Owner: logbook. Every grant and withdrawal. */
export interface LogbookConsentEventTable {
	id: Generated<number>;
	entryId: number;
	audience: LogbookAudience;
	action: 'grant' | 'withdraw';
	actorId: number | null;
	createdAt: CreatedAt;
}

// ---- Surveys (migration 0004) ----

/** Translations of one text: `{ en, sv, da?, nb? }` as JSON. */
export type I18nJson = string;

export const QUESTION_TYPES = ['single', 'multi', 'matrix', 'text', 'number', 'learning_situations'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const SURVEY_KINDS = [
	'course_evaluation',
	'baseline',
	'programme',
	'long_term',
	'learning_situations',
	'custom'
] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** Owner: surveys. `programmeId` null = built in. Options JSON ordered from the top degree. */
export interface SurveyScaleTable {
	id: Generated<number>;
	programmeId: number | null;
	code: string;
	nameJson: I18nJson;
	optionsJson: string;
	createdAt: CreatedAt;
}
export interface SurveyBankQuestionTable {
	id: Generated<number>;
	programmeId: number | null;
	type: QuestionType;
	textJson: I18nJson;
	scaleId: number | null;
	optionsJson: string | null;
	maxPicks: number | null;
	createdAt: CreatedAt;
}
export interface SurveyTable {
	id: Generated<number>;
	programmeId: number;
	kind: SurveyKind;
	titleJson: I18nJson;
	introJson: I18nJson | null;
	anonymous: Int;
	status: ColumnType<SurveyStatus, SurveyStatus | undefined, SurveyStatus>;
	opensAt: Timestamp | null;
	closesAt: Timestamp | null;
	sessionId: number | null;
	activityId: number | null;
	previousWaveId: number | null;
	audienceJson: string | null;
	createdBy: number | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
	/** Percentage base of results and their exports, remembered per survey (migration 0012). */
	resultsBase: ColumnType<ResultsBase, ResultsBase | undefined, ResultsBase>;
}
export interface SurveySectionTable {
	id: Generated<number>;
	surveyId: number;
	titleJson: I18nJson;
	sortOrder: Int;
}
export interface SurveyQuestionTable {
	id: Generated<number>;
	surveyId: number;
	sectionId: number | null;
	bankQuestionId: number | null;
	type: QuestionType;
	textJson: I18nJson;
	scaleId: number | null;
	optionsJson: string | null;
	maxPicks: number | null;
	required: Int;
	conditionJson: string | null;
	sortOrder: Int;
}
/** Who was asked; for anonymous surveys never linked to a response. */
export interface SurveyInvitationTable {
	id: Generated<number>;
	surveyId: number;
	personId: number;
	tokenHash: string;
	unitId: number | null;
	sentAt: Timestamp | null;
	remindedAt: Timestamp | null;
	completedAt: Timestamp | null;
	draftJson: string | null;
	createdAt: CreatedAt;
}
/** A submitted answer set; `personId` only for identified surveys. */
export interface SurveyResponseTable {
	id: Generated<number>;
	surveyId: number;
	personId: number | null;
	unitId: number | null;
	jobCategory: string | null;
	gender: string | null;
	tenureBand: string | null;
	attended: number | null;
	locale: string | null;
	submittedAt: Timestamp;
}
export interface SurveyAnswerTable {
	id: Generated<number>;
	responseId: number;
	questionId: number;
	item: Int;
	value: number | null;
	numberValue: number | null;
	textValue: string | null;
}

/** `all`: share of everyone who answered ("don't know" its own bar); `opinion`: of those with an opinion. */
export const RESULTS_BASES = ['all', 'opinion'] as const;
export type ResultsBase = (typeof RESULTS_BASES)[number];
/**
 * Owner: surveys (results module). Maintained counts behind results (migration 0012): kind `v`
 * answers by value, `r` respondents, `l` learning level (0 low, 1 medium, 2 high), `x` number
 * answers by value, `s` responses; `dimension` `all` or a result dimension; `groupKey` '' = no value.
 */
export interface SurveyResultCountTable {
	surveyId: number;
	dimension: string;
	groupKey: string;
	kind: string;
	questionId: number;
	item: number;
	value: number;
	n: number;
}

// ---- Privacy (migration 0020) ----

export const PRIVACY_EXPORT_STATUSES = ['queued', 'running', 'ready', 'failed', 'expired'] as const;
export type PrivacyExportStatus = (typeof PRIVACY_EXPORT_STATUSES)[number];

/** Owner: privacy. A person's data export: a job the worker claims; the ZIP until its link expires. */
export interface PrivacyExportTable {
	id: Generated<number>;
	personId: number;
	status: ColumnType<PrivacyExportStatus, PrivacyExportStatus | undefined, PrivacyExportStatus>;
	/** Parts (domains) written so far, of `total`. */
	progress: Int;
	total: Int;
	/** SHA-256 of the download link's token; the token itself is shown once. */
	tokenHash: string | null;
	content: Buffer | null;
	size: number | null;
	error: string | null;
	/** While `running`, when the worker's claim lapses (a dead worker's job is retaken). */
	leaseUntil: Timestamp | null;
	expiresAt: Timestamp | null;
	downloadedAt: Timestamp | null;
	createdAt: CreatedAt;
	finishedAt: Timestamp | null;
}

export const DIALOGUE_NOTE_POLICIES = ['keep', 'delete'] as const;
export type DialogueNotePolicy = (typeof DIALOGUE_NOTE_POLICIES)[number];

/** Owner: privacy. A programme's retention rules (null = keep) and what erasure does with managers' notes. */
export interface PrivacySettingsTable {
	programmeId: number;
	dialogueNotesOnErasure: ColumnType<DialogueNotePolicy, DialogueNotePolicy | undefined, DialogueNotePolicy>;
	logbookMonthsAfterEnd: number | null;
	inactiveYears: number | null;
	surveyRawMonthsAfterClose: number | null;
	updatedAt: Timestamp;
}

/** Owner: privacy. One erased person: who erased, why (request or retention), the counts per table. */
export interface PrivacyErasureTable {
	id: Generated<number>;
	programmeId: number | null;
	personId: number;
	erasedBy: number | null;
	reason: 'request' | 'retention';
	/** JSON array of `{ table, deleted, anonymised, kept }`. */
	counts: string;
	createdAt: CreatedAt;
}

export type Programme = Selectable<ProgrammeTable>;
export type NewProgramme = Insertable<ProgrammeTable>;
export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
export type ActivityUpdate = Updateable<ActivityTable>;
export type RoleAssignment = Selectable<RoleAssignmentTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type Activity = Selectable<ActivityTable>;
export type Session = Selectable<SessionTable>;
export type Registration = Selectable<RegistrationTable>;

export const XAPI_ACTOR_MODES = ['account', 'mbox'] as const;
export type XapiActorMode = (typeof XAPI_ACTOR_MODES)[number];
/** Owner: xapi. How a programme identifies people in its statements (migration 0021). */
export interface XapiSettingsTable {
	programmeId: number;
	actorMode: ColumnType<XapiActorMode, XapiActorMode | undefined, XapiActorMode>;
	updatedAt: Timestamp;
}

export const XAPI_STATUSES = ['pending', 'sending', 'sent', 'failed', 'stored'] as const;
export type XapiStatus = (typeof XAPI_STATUSES)[number];
/** Owner: xapi. An xAPI 1.0.3 statement queued for the LRS; `statement` is its JSON. */
export interface XapiStatementTable {
	id: Generated<number>;
	statementId: string;
	programmeId: number;
	personId: number | null;
	verb: string;
	statement: string;
	status: ColumnType<XapiStatus, XapiStatus | undefined, XapiStatus>;
	attempts: ColumnType<number, number | undefined, number>;
	nextAttemptAt: Timestamp | null;
	sentAt: Timestamp | null;
	error: string | null;
	createdAt: CreatedAt;
}

export const BADGE_CRITERIA_KINDS = ['track', 'activity'] as const;
export type BadgeCriteriaKind = (typeof BADGE_CRITERIA_KINDS)[number];
/** Owner: badges. An Open Badges 3.0 achievement the office defines. */
export interface BadgeAchievementTable {
	id: Generated<number>;
	programmeId: number;
	name: string;
	description: string;
	criteria: string;
	imageUrl: string | null;
	criteriaKind: BadgeCriteriaKind;
	trackId: number | null;
	activityId: number | null;
	createdBy: number | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

/** Owner: badges. An issued OpenBadgeCredential (VC-JWT); `id` is its status-list index. */
export interface BadgeCredentialTable {
	id: Generated<number>;
	publicId: string;
	achievementId: number;
	personId: number;
	programmeId: number;
	jwt: string;
	issuedAt: Timestamp;
	revokedAt: Timestamp | null;
	revokedBy: number | null;
}

/** Owner: badges. The installation's issuer key (Ed25519), private part encrypted. */
export interface BadgeIssuerKeyTable {
	id: Generated<number>;
	kid: string;
	publicJwk: string;
	privateJwkEncrypted: string;
	createdAt: CreatedAt;
}
// ---- community (migration 0019)

/** Owner: experts. The programme's vocabulary of subjects people know about. */
export interface ExpertSubjectTable {
	id: Generated<number>;
	programmeId: number;
	name: string;
	createdAt: CreatedAt;
}

/** Owner: experts. A person's entry in the directory; shown only while `listed` (opt-in) and the person is active. */
export interface ExpertProfileTable {
	personId: number;
	programmeId: number;
	listed: ColumnType<number, number | undefined, number>;
	helpWith: ColumnType<string, string | undefined, string>;
	contact: ColumnType<string, string | undefined, string>;
	updatedAt: Timestamp;
}

export const EXPERT_AREA_KINDS = ['subject', 'tag', 'language'] as const;
export type ExpertAreaKind = (typeof EXPERT_AREA_KINDS)[number];

/** Owner: experts. One area of a profile: a vocabulary subject, a free tag or a language code. */
export interface ExpertAreaTable {
	personId: number;
	programmeId: number;
	kind: ExpertAreaKind;
	value: string;
}

export const NETWORK_REACHES = ['programme', 'national'] as const;
export type NetworkReach = (typeof NETWORK_REACHES)[number];

/** Owner: networks. A network or group formed in the programme (counted by `networksStarted`). */
export interface NetworkTable {
	id: Generated<number>;
	programmeId: number;
	name: string;
	purpose: ColumnType<string, string | undefined, string>;
	reach: ColumnType<NetworkReach, NetworkReach | undefined, NetworkReach>;
	contactPersonId: number | null;
	startsOn: string;
	createdBy: number | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

/** Owner: networks. A member: a person of the programme (`personId`) or someone outside it (external_*). */
export interface NetworkMemberTable {
	id: Generated<number>;
	networkId: number;
	personId: number | null;
	externalName: string | null;
	externalOrganisation: string | null;
	externalEmail: string | null;
	createdAt: CreatedAt;
}

/** Owner: networks. */
export interface NetworkMeetingTable {
	id: Generated<number>;
	networkId: number;
	meetsOn: string;
	place: string | null;
	notes: ColumnType<string, string | undefined, string>;
	createdAt: CreatedAt;
}

/**
 * Owner: recordings. A session's recording, uploaded (`content`) or linked (`url`). The id is
 * random; only signed-in members of the programme may watch; published only with the
 * lecturer's consent noted (CHECK). `viewCount` is a counter, never a viewing history.
 */
export interface SessionRecordingTable {
	id: string;
	sessionId: number;
	programmeId: number;
	title: string;
	url: string | null;
	fileName: string | null;
	contentType: string | null;
	size: number | null;
	content: Buffer | null;
	durationSeconds: number | null;
	consentNotedAt: Timestamp | null;
	consentNotedBy: number | null;
	publishedAt: Timestamp | null;
	viewCount: ColumnType<number, number | undefined, number>;
	createdBy: number | null;
	createdAt: CreatedAt;
}

export const NEWSLETTER_FREQUENCIES = ['off', 'weekly', 'monthly'] as const;
export type NewsletterFrequency = (typeof NEWSLETTER_FREQUENCIES)[number];

/** Owner: newsletter. How often a programme's digest goes, and whether people are in by default. */
export interface NewsletterSettingsTable {
	programmeId: number;
	frequency: NewsletterFrequency;
	defaultSubscribed: number;
	updatedAt: Timestamp;
}

/** Owner: newsletter. A person's own choice (overrides the programme default). */
export interface NewsletterSubscriptionTable {
	programmeId: number;
	personId: number;
	subscribed: number;
	updatedAt: Timestamp;
}

/** Owner: newsletter. One issue per programme and period; `content` is the digest as JSON. */
export interface NewsletterIssueTable {
	id: Generated<number>;
	programmeId: number;
	periodKey: string;
	periodStart: Timestamp;
	periodEnd: Timestamp;
	status: ColumnType<'draft' | 'sent', 'draft' | 'sent' | undefined, 'draft' | 'sent'>;
	content: string;
	scheduledFor: Timestamp;
	sentAt: Timestamp | null;
	recipientCount: ColumnType<number, number | undefined, number>;
	createdAt: CreatedAt;
}

/** Owner: newsletter. Who an issue went to (once each: the primary key); the unsubscribe token's hash. */
export interface NewsletterDeliveryTable {
	issueId: number;
	personId: number;
	tokenHash: string | null;
	createdAt: CreatedAt;
}

// ---- knowledge sharing (migration 0018)

export const SEARCH_AUDIENCES = ['public', 'members', 'office'] as const;
export type SearchAudience = (typeof SEARCH_AUDIENCES)[number];

/**
 * Owner: search. The one full-text index: a row per searchable thing, written by its owning
 * domain through `search.service.ts` in the owner's transaction. SQLite: the FTS5 table
 * `search_fts` follows it by triggers; PostgreSQL: `tsv`/`title_tsv` (trigger, not in Kysely).
 */
export interface SearchDocumentTable {
	id: Generated<number>;
	kind: string;
	refId: number;
	programmeId: number;
	language: Locale;
	title: string;
	/** Plain text. */
	body: string;
	url: string;
	subkind: string | null;
	trackId: number | null;
	audience: SearchAudience;
	/** Null = hidden (draft); in the future = scheduled. */
	visibleFrom: Timestamp | null;
	publishedAt: Timestamp | null;
	updatedAt: Timestamp;
}

/** Owner: posts. Who besides the office may write posts in a programme. */
export interface PostSettingsTable {
	programmeId: number;
	managersMayWrite: ColumnType<number, number | undefined, number>;
	participantsMayWrite: ColumnType<number, number | undefined, number>;
	updatedAt: Timestamp;
}

/** Owner: posts. The programme's subject vocabulary for tagging posts. */
export interface PostSubjectTable {
	id: Generated<number>;
	programmeId: number;
	slug: string;
	name: string;
}

export const POST_KINDS = ['news', 'course_report', 'study_trip_report', 'process_story'] as const;
export type PostKind = (typeof POST_KINDS)[number];
export type PostStatus = 'draft' | 'published';
export type PostAudience = 'public' | 'members';

/** Owner: posts. A news item or report; visible once published and its `publishAt` has come. */
export interface PostTable {
	id: Generated<number>;
	programmeId: number;
	kind: PostKind;
	title: string;
	/** Sanitised HTML (posts/sanitize.ts). */
	bodyHtml: string;
	language: Locale;
	status: PostStatus;
	publishAt: Timestamp | null;
	audience: PostAudience;
	trackId: number | null;
	activityId: number | null;
	sessionId: number | null;
	processId: number | null;
	/** A network (community domain); no foreign key yet. */
	networkId: number | null;
	embedEvaluation: ColumnType<number, number | undefined, number>;
	/** The embedded evaluation summary (JSON) as published, already k-protected. */
	evaluationJson: ColumnType<string | null, string | null | undefined, string | null>;
	createdBy: number | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

/** Owner: posts. */
export interface PostAuthorTable {
	postId: number;
	personId: number;
}

/** Owner: posts. */
export interface PostTagTable {
	postId: number;
	subjectId: number;
}

/** Owner: posts. Images and attachments, stored in the database like activity materials. */
export interface PostFileTable {
	id: Generated<number>;
	postId: number;
	fileName: string;
	contentType: string;
	size: number;
	content: Buffer;
	uploadedBy: number | null;
	createdAt: CreatedAt;
}

/** Owner: posts. Plain-text comments; the office hides them (moderation). */
export interface PostCommentTable {
	id: Generated<number>;
	postId: number;
	personId: number;
	body: string;
	hiddenAt: Timestamp | null;
	hiddenBy: number | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

/** Owner: posts. An open notice batches new comments for one post author into one mail. */
export interface PostCommentNoticeTable {
	id: Generated<number>;
	personId: number;
	openedAt: Timestamp;
	closedAt: Timestamp | null;
}
// ---- issue 12 part B: budget, follow-up visits, the funder report (migration 0017)

export const CURRENCIES = ['SEK', 'DKK', 'NOK', 'EUR'] as const;
export type Currency = (typeof CURRENCIES)[number];
export const FUNDING_KINDS = ['funder', 'own'] as const;
export type FundingKind = (typeof FUNDING_KINDS)[number];
export const BUDGET_LINE_KINDS = ['workplaces', 'central', 'other'] as const;
export type BudgetLineKind = (typeof BUDGET_LINE_KINDS)[number];
export const EXPENSE_CATEGORIES = ['trainer_fee', 'venue', 'travel', 'materials', 'other'] as const;
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];

/** Owner: budget. The programme's currency; no row = SEK. */
export interface BudgetSettingsTable {
	programmeId: number;
	currency: ColumnType<Currency, Currency | undefined, Currency>;
	updatedAt: Timestamp;
}

/** Owner: budget. Money in per year; `amount` in minor units (bigint; int8 is parsed to number). */
export interface FundingSourceTable {
	id: Generated<number>;
	programmeId: number;
	kind: FundingKind;
	name: string;
	year: number;
	amount: number;
	createdAt: CreatedAt;
}

/** Owner: budget. An allocation per year; `perWorkplace` = the fixed sum each workplace gets. */
export interface BudgetLineTable {
	id: Generated<number>;
	programmeId: number;
	year: number;
	kind: BudgetLineKind;
	name: string;
	amount: number;
	perWorkplace: ColumnType<number | null, number | null | undefined, number | null>;
	createdAt: CreatedAt;
}

/** Owner: budget. Money spent, linked to a line and an activity, session or workplace. */
export interface ExpenseTable {
	id: Generated<number>;
	programmeId: number;
	budgetLineId: number | null;
	category: ExpenseCategory;
	amount: number;
	spentOn: string;
	supplier: string | null;
	description: string | null;
	activityId: number | null;
	sessionId: number | null;
	unitId: number | null;
	createdBy: number | null;
	createdAt: CreatedAt;
}

/** Owner: visits. The checklist of a programme's follow-up visits (JSON array of question texts). */
export interface VisitTemplateTable {
	programmeId: number;
	questions: string;
	updatedAt: Timestamp;
}

/** Owner: visits. A coordinator's follow-up visit to a workplace. */
export interface VisitTable {
	id: Generated<number>;
	programmeId: number;
	unitId: number;
	visitedOn: string;
	coordinatorId: number | null;
	/** JSON: the workplace's figures prepared from the data (counts only). */
	indicators: string;
	/** JSON: [{ question, answer, note }]. */
	answers: string;
	notes: string | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

/** Owner: visits. An action agreed at a visit. */
export interface VisitActionTable {
	id: Generated<number>;
	visitId: number;
	text: string;
	responsible: string | null;
	followUpOn: string | null;
	doneAt: Timestamp | null;
	createdAt: CreatedAt;
}

/** Owner: funderReport. A report for a period with the office's texts. */
export interface FunderReportTable {
	id: Generated<number>;
	programmeId: number;
	title: string;
	periodStart: string;
	periodEnd: string;
	summary: ColumnType<string, string | undefined, string>;
	lessons: ColumnType<string, string | undefined, string>;
	createdBy: number | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

/** Owner: funderReport. A frozen version: the figures as JSON, as sent. */
export interface FunderReportVersionTable {
	id: Generated<number>;
	reportId: number;
	frozenBy: number | null;
	locale: Locale;
	figures: string;
	createdAt: CreatedAt;
}

/**
 * Owner: funderReport (0027). A key survey question the office chose for the report's survey
 * summary: a scale question, for a matrix one statement (`item`, as in `surveyAnswers.item`;
 * 0 for single choice), at `position` in the report's order.
 */
export interface FunderReportKeyResultTable {
	reportId: number;
	questionId: number;
	item: ColumnType<number, number | undefined, number>;
	position: number;
}
export type NewExpense = Insertable<ExpenseTable>;
// ---- goals (migration 0016)

export const GOAL_KINDS = ['aim', 'overall', 'measurable'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];
export const INDICATOR_KINDS = ['none', 'share', 'count', 'coverage', 'allPlanned', 'manual'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];
export const GOAL_VERDICTS = ['achieved', 'good', 'onTheWay', 'notAchieved'] as const;
export type GoalVerdict = (typeof GOAL_VERDICTS)[number];

/** Owner: goals. A programme's aim, overall goal or measurable goal; text per language (JSON). */
export interface GoalTable {
	id: Generated<number>;
	programmeId: number;
	kind: GoalKind;
	sortOrder: ColumnType<number, number | undefined, number>;
	textJson: I18nJson;
	examinedBy: string | null;
	indicatorKind: ColumnType<IndicatorKind, IndicatorKind | undefined, IndicatorKind>;
	/** The indicator's settings, by kind (see goals.schema.ts). */
	indicatorJson: string | null;
	target: number | null;
	manualStatus: GoalVerdict | null;
	manualComment: string | null;
	overrideStatus: GoalVerdict | null;
	overrideReason: string | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}
/** Owner: goals. History of overrides, their removal and manual assessments. */
export interface GoalEventTable {
	id: Generated<number>;
	goalId: number;
	kind: 'override' | 'clearOverride' | 'manual';
	status: GoalVerdict | null;
	reason: string | null;
	personId: number | null;
	at: Timestamp;
}
/** Owner: goals. Status thresholds of a programme (pace = progress / expected progress). */
export interface GoalSettingsTable {
	programmeId: number;
	goodProgress: number;
	onTheWay: number;
	updatedAt: Timestamp;
}
/** Owner: goals. A reporting-date snapshot of the goal table. */
export interface GoalSnapshotTable {
	id: Generated<number>;
	programmeId: number;
	label: string;
	takenAt: Timestamp;
	takenBy: number | null;
}
/** Owner: goals. One goal's figures in a snapshot (evidence as structured JSON). */
export interface GoalSnapshotRowTable {
	snapshotId: number;
	goalId: number;
	actual: number | null;
	target: number | null;
	status: GoalVerdict | null;
	statusSource: string;
	evidenceJson: string;
}
/** Owner: goals (decisions log). A steering-group meeting. */
export interface SteeringMeetingTable {
	id: Generated<number>;
	programmeId: number;
	heldOn: string;
	title: string;
	notes: string | null;
	createdAt: CreatedAt;
}
export const DECISION_STATUSES = ['open', 'done', 'dropped'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];
/** Owner: goals (decisions log). A decision with its follow-up; `nudgedAt` marks the one reminder. */
export interface SteeringDecisionTable {
	id: Generated<number>;
	meetingId: number;
	programmeId: number;
	text: string;
	responsibleId: number | null;
	followUpOn: string | null;
	status: ColumnType<DecisionStatus, DecisionStatus | undefined, DecisionStatus>;
	nudgedAt: Timestamp | null;
	createdAt: CreatedAt;
	updatedAt: Timestamp;
}

/**
 * Owner: goals (0022). A file on a manual goal's assessment or on a steering-group meeting
 * (exactly one of `goalId`, `meetingId`); read by whoever may read that goal or decisions log.
 */
export interface GoalAttachmentTable {
	id: Generated<number>;
	programmeId: number;
	goalId: number | null;
	meetingId: number | null;
	fileName: string;
	contentType: string;
	size: number;
	content: Buffer;
	uploadedBy: number | null;
	createdAt: CreatedAt;
}
