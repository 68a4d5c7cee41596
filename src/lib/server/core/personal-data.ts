import type { Db } from '../db/database.ts';

/**
 * The contract between the privacy domain and every domain that keeps personal data. Each
 * domain offers one `PersonalDataPart` from its own `personal-data.service.ts` (its queries in
 * its own `personal-data.repository.ts`); `privacy/registry.ts` lists them. The privacy domain
 * never reads another domain's tables: it composes the parts. A new table with a person column
 * must be named in some part's `covers` (or in the registry's `NOT_PERSONAL` with a reason), or
 * the coverage test fails.
 */

/** What erasure does to a table's rows of the person. */
export interface ErasureCount {
	/** snake_case table name, as in the database. */
	table: string;
	/** Rows removed. */
	deleted: number;
	/** Rows kept with their identifying fields or free text removed (counts stay true). */
	anonymised: number;
	/** Rows kept as they are (another person's record, e.g. a manager's notes by policy). */
	kept: number;
}

export interface ErasureContext {
	personId: number;
	/** The identity being removed, to scrub copies of it from texts (mail, audit snapshots). */
	name: string;
	email: string;
	/** What replaces them: "Erased person #N", `erased-N@erased.invalid`. */
	placeholderName: string;
	placeholderEmail: string;
	/** The programme's rule for a manager's development-dialogue notes about the person. */
	dialogueNotes: 'keep' | 'delete';
}

/** The database or a transaction. */
type AnyDb = Db;

export interface PersonalDataPart {
	/** The ZIP file's name stem and the HTML index heading key (`privacy.area.<area>`). */
	area: string;
	/**
	 * `table.column` (snake_case) person columns this part answers for: `subject` columns are
	 * exported in full; `actor` columns mark what the person did to someone else's record (the
	 * export lists the record and when, never the other person's data).
	 */
	covers: { subject: string[]; actor?: string[] };
	/** Everything of the person, one array of plain rows per file (`<area>/<name>.json`). */
	exportOf(db: AnyDb, personId: number): Promise<Record<string, unknown[]>>;
	/** What erasure would do, per table, without changing anything. */
	previewErasure(db: AnyDb, ctx: ErasureContext): Promise<ErasureCount[]>;
	/** Does it, inside the caller's transaction; returns the same counts. */
	erase(trx: AnyDb, ctx: ErasureContext): Promise<ErasureCount[]>;
}
