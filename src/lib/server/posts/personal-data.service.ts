import type { PersonalDataPart } from '../core/personal-data.ts';
import { removeDocument } from '../search/search.service.ts';
import { countPostRows, erasePostRowsOf, postsDataOf } from './personal-data.repository.ts';

/**
 * Posts the person wrote, their comments, comment notices, files and moderation. Erasure:
 * - comments are the person's own words: deleted (with their comment notices);
 * - a draft they are the only author of is theirs alone: deleted whole, and out of the index;
 * - any other post they wrote (published, or shared with co-authors) is the programme's
 *   record: it stays and they are removed from its authors;
 * - `posts.created_by`, `post_files.uploaded_by`, `post_comments.hidden_by` are kept, no
 *   identity (the id now names "Erased person #N").
 */
export const postsPersonalData: PersonalDataPart = {
	area: 'posts',
	covers: {
		subject: ['post_authors.person_id', 'post_comments.person_id', 'post_comment_notices.person_id'],
		actor: ['posts.created_by', 'post_files.uploaded_by', 'post_comments.hidden_by']
	},
	exportOf: (db, personId) => postsDataOf(db, personId),
	async previewErasure(db, ctx) {
		const c = await countPostRows(db, ctx.personId);
		return [
			{ table: 'posts', deleted: c.soleDrafts, anonymised: 0, kept: c.ownPosts - c.soleDrafts },
			{ table: 'post_authors', deleted: c.authors, anonymised: 0, kept: 0 },
			{ table: 'post_comments', deleted: c.comments, anonymised: 0, kept: c.hiddenKept },
			{ table: 'post_comment_notices', deleted: c.notices, anonymised: 0, kept: 0 },
			{ table: 'post_files', deleted: c.files, anonymised: 0, kept: c.filesKept }
		];
	},
	async erase(trx, ctx) {
		const counts = await this.previewErasure(trx, ctx);
		for (const id of await erasePostRowsOf(trx, ctx.personId)) await removeDocument(trx, 'post', id);
		return counts;
	}
};
