import type { Db } from '../db/database.ts';

/**
 * Queries on `programmes` and `units`. No permission logic here (see policy/).
 */

/** Every unit id in the subtrees rooted at `rootIds`, roots included. One query per tree level. */
export async function descendantUnitIds(db: Db, rootIds: readonly number[]): Promise<Set<number>> {
	const found = new Set<number>(rootIds);
	let frontier = [...rootIds];
	while (frontier.length > 0) {
		const children = await db.selectFrom('units').select('id').where('parentId', 'in', frontier).execute();
		frontier = children.map((c) => c.id).filter((id) => !found.has(id));
		for (const id of frontier) found.add(id);
	}
	return found;
}
