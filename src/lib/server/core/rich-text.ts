import sanitizeHtml from 'sanitize-html';

/** Tags whose bodies are dropped with them, never shown as text (scripts, styles, embeds). */
export const NON_TEXT_TAGS = ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object'];

/**
 * The rich text Klok stores (activity descriptions, post bodies): basic formatting, lists,
 * links and h2–h4 headings survive; scripts, styles, event handlers and `javascript:` links do
 * not. `extra` adds what one kind of text allows beyond that (a post's own images).
 */
export function richTextOptions(
	extra: {
		tags?: string[];
		attributes?: sanitizeHtml.IOptions['allowedAttributes'];
		exclusiveFilter?: sanitizeHtml.IOptions['exclusiveFilter'];
		transformTags?: sanitizeHtml.IOptions['transformTags'];
	} = {}
): sanitizeHtml.IOptions {
	return {
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
			...(extra.tags ?? [])
		],
		allowedAttributes: { a: ['href', 'title', 'rel', 'target'], ...(extra.attributes || {}) },
		allowedSchemes: ['http', 'https', 'mailto', 'tel'],
		allowedSchemesAppliedToAttributes: ['href'],
		allowProtocolRelative: false,
		nonTextTags: NON_TEXT_TAGS,
		...(extra.exclusiveFilter ? { exclusiveFilter: extra.exclusiveFilter } : {}),
		transformTags: {
			// h1 is the page's own heading; the text's top level is h2. h5/h6 fold into h4.
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
			...(extra.transformTags ?? {})
		}
	};
}
