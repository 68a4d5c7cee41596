import sanitizeHtml from 'sanitize-html';

/**
 * Post bodies are rich text from the office, managers and participants, shown to the whole
 * programme (and public posts to anyone), so they are sanitised when stored: formatting,
 * lists, links, h2–h4, quotes, and images only from the post's own uploaded files
 * (`/posts/files/<id>`), never remote ones. Scripts, styles, event handlers, `javascript:`
 * links and iframes are dropped.
 */
const IMAGE_SRC = /^\/posts\/files\/\d+$/;

const OPTIONS: sanitizeHtml.IOptions = {
	allowedTags: [
		'p',
		'br',
		'strong',
		'b',
		'em',
		'i',
		'u',
		's',
		'blockquote',
		'ul',
		'ol',
		'li',
		'a',
		'h2',
		'h3',
		'h4',
		'code',
		'pre',
		'hr',
		'img',
		'figure',
		'figcaption'
	],
	allowedAttributes: { a: ['href', 'title', 'rel', 'target'], img: ['src', 'alt'] },
	allowedSchemes: ['http', 'https', 'mailto', 'tel'],
	allowedSchemesAppliedToAttributes: ['href'],
	allowProtocolRelative: false,
	nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object'],
	exclusiveFilter: (frame) => frame.tag === 'img' && !IMAGE_SRC.test(frame.attribs.src ?? ''),
	transformTags: {
		h1: 'h2',
		h5: 'h4',
		h6: 'h4',
		a: (tagName, attribs) => ({
			tagName,
			attribs: {
				...(attribs.href ? { href: attribs.href } : {}),
				...(attribs.title ? { title: attribs.title } : {}),
				...(attribs.target === '_blank' ? { target: '_blank' } : {}),
				rel: 'noopener noreferrer'
			}
		}),
		img: (tagName, attribs) => ({ tagName, attribs: { src: attribs.src ?? '', alt: attribs.alt ?? '' } })
	}
};

/** A post body with only the allowed markup left; safe to render with `{@html}`. */
export function sanitizePostBody(html: string): string {
	return sanitizeHtml(html, OPTIONS).trim();
}

/** Plain text from user input (comments): every tag dropped, script bodies included. */
export function plainComment(text: string): string {
	return sanitizeHtml(text, {
		allowedTags: [],
		allowedAttributes: {},
		nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object']
	})
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&')
		.trim();
}

/** A short plain-text summary of a body (lists, the feed). */
export function excerpt(html: string, max = 240): string {
	const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
		.replace(/&nbsp;/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return text.length > max ? text.slice(0, max - 1).trimEnd() + '…' : text;
}
