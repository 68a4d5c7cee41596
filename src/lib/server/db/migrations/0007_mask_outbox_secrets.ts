import { sql, type Kysely } from 'kysely';

/**
 * Until now the outbox kept password-reset and survey links in full, readable by the programme
 * office. Masks the secret part of every token-bearing link already stored, with the patterns
 * `mail.service.ts` used when this was written (copied: a migration is frozen once merged).
 * It cannot be undone.
 */
const MASK = '••••••••';
const SEGMENT = String.raw`[^\s/?#"'<>\\&]+`;
const PATTERNS: readonly RegExp[] = [
	new RegExp(String.raw`(/reset-password/)${SEGMENT}`, 'g'),
	new RegExp(String.raw`(/s/)${SEGMENT}`, 'g'),
	new RegExp(String.raw`(/api/v1/answer/)${SEGMENT}`, 'g'),
	new RegExp(String.raw`(/calendar/)${SEGMENT}(?=\.ics)`, 'g'),
	/(?<![\w-])((?:klok|cal)_)[\w-]{16,}/g
];

function mask(text: string): string {
	return PATTERNS.reduce((out, pattern) => out.replace(pattern, (_, prefix: string) => prefix + MASK), text);
}

function maskAttachments(json: string | null): string | null {
	if (!json) return json;
	try {
		const list = JSON.parse(json) as { filename: string; contentType: string; content: string }[];
		const masked = list.map((a) => {
			const unfolded = a.content.replace(/\r?\n[ \t]/g, '');
			const content = mask(unfolded);
			return { ...a, content: content === unfolded ? a.content : content };
		});
		return JSON.stringify(masked);
	} catch {
		return mask(json);
	}
}

interface Row {
	id: number;
	subject: string;
	textbody: string;
	htmlbody: string | null;
	attachments: string | null;
}

export async function up(db: Kysely<any>): Promise<void> {
	let last = 0;
	for (;;) {
		const { rows } = await sql<Row>`
			select id, subject, text_body as textbody, html_body as htmlbody, attachments
			from outbox where id > ${last} order by id limit 500`.execute(db);
		if (rows.length === 0) break;
		for (const row of rows) {
			const next = {
				subject: mask(row.subject),
				text: mask(row.textbody),
				html: row.htmlbody === null ? null : mask(row.htmlbody),
				attachments: maskAttachments(row.attachments)
			};
			if (
				next.subject !== row.subject ||
				next.text !== row.textbody ||
				next.html !== row.htmlbody ||
				next.attachments !== row.attachments
			)
				await sql`
					update outbox set subject = ${next.subject}, text_body = ${next.text},
						html_body = ${next.html}, attachments = ${next.attachments}
					where id = ${row.id}`.execute(db);
		}
		last = Number(rows[rows.length - 1]!.id);
	}
}

export async function down(): Promise<void> {
	// Masked secrets are gone for good.
}
