/** Atom 1.0 (RFC 4287) of a programme's public posts; every text escaped, HTML content as escaped `type="html"`. */

function xml(value: string): string {
	return value
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

export interface FeedData {
	programmeId: number;
	programmeName: string;
	locale: string;
	entries: {
		id: number;
		title: string;
		bodyHtml: string;
		summary: string;
		publishAt: string;
		language: string;
	}[];
}

export function atomFeed(feed: FeedData, origin: string): string {
	const base = origin.replace(/\/+$/, '');
	const self = `${base}/posts/feed.atom?programme=${feed.programmeId}`;
	// A feed's `updated` is its newest entry's (or a fixed instant for an empty feed, so it is stable).
	const updated = feed.entries[0]?.publishAt ?? '2000-01-01T00:00:00.000Z';
	const host = new URL(base).hostname;
	const entries = feed.entries
		.map(
			(e) => `	<entry xml:lang="${xml(e.language)}">
		<id>tag:${xml(host)},2026:post:${e.id}</id>
		<title>${xml(e.title)}</title>
		<link rel="alternate" type="text/html" href="${xml(`${base}/posts/${e.id}`)}"/>
		<published>${xml(e.publishAt)}</published>
		<updated>${xml(e.publishAt)}</updated>
		<summary>${xml(e.summary)}</summary>
		<content type="html">${xml(e.bodyHtml)}</content>
	</entry>`
		)
		.join('\n');
	return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(feed.locale)}">
	<id>tag:${xml(host)},2026:programme:${feed.programmeId}:posts</id>
	<title>${xml(feed.programmeName)}</title>
	<updated>${xml(updated)}</updated>
	<author><name>${xml(feed.programmeName)}</name></author>
	<link rel="self" type="application/atom+xml" href="${xml(self)}"/>
	<link rel="alternate" type="text/html" href="${xml(`${base}/posts`)}"/>
	<generator>Klok</generator>
${entries}
</feed>
`;
}
