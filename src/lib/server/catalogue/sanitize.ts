import sanitizeHtml from 'sanitize-html';

/**
 * Activity descriptions are rich text written by the programme office and shown to every
 * participant, so they are sanitised once, when stored: basic formatting, lists, links and
 * h2–h4 headings survive; scripts, styles, event handlers and `javascript:` links do not.
 */
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
		'hr'
	],
	allowedAttributes: { a: ['href', 'title', 'rel', 'target'] },
	allowedSchemes: ['http', 'https', 'mailto', 'tel'],
	allowedSchemesAppliedToAttributes: ['href'],
	allowProtocolRelative: false,
	// Script and style bodies are dropped with their tags, never shown as text.
	nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object'],
	transformTags: {
		// h1 is the page's own heading; a description's top level is h2. h5/h6 fold into h4.
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
		})
	}
};

/** Returns `html` with only the allowed formatting left; safe to render with `{@html}`. */
export function sanitizeDescription(html: string): string {
	return sanitizeHtml(html, OPTIONS).trim();
}

/** The description as plain text (list previews, e-mails, search). */
export function descriptionText(html: string): string {
	return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
}
