import sanitizeHtml from 'sanitize-html';
import { NON_TEXT_TAGS, richTextOptions } from '../core/rich-text.ts';

/**
 * Post bodies are rich text from the office, managers and participants, shown to the whole
 * programme (and public posts to anyone), so they are sanitised when stored: formatting,
 * lists, links, h2–h4, quotes, and images only from the post's own uploaded files
 * (`/posts/files/<id>`), never remote ones. Scripts, styles, event handlers, `javascript:`
 * links and iframes are dropped.
 */
const IMAGE_SRC = /^\/posts\/files\/\d+$/;

const OPTIONS = richTextOptions({
	tags: ['img', 'figure', 'figcaption'],
	attributes: { img: ['src', 'alt'] },
	exclusiveFilter: (frame) => frame.tag === 'img' && !IMAGE_SRC.test(frame.attribs.src ?? ''),
	transformTags: {
		img: (tagName, attribs) => ({ tagName, attribs: { src: attribs.src ?? '', alt: attribs.alt ?? '' } })
	}
});

/** A post body with only the allowed markup left; safe to render with `{@html}`. */
export function sanitizePostBody(html: string): string {
	return sanitizeHtml(html, OPTIONS).trim();
}

/** Plain text from user input (comments): every tag dropped, script bodies included. */
export function plainComment(text: string): string {
	return sanitizeHtml(text, {
		allowedTags: [],
		allowedAttributes: {},
		nonTextTags: NON_TEXT_TAGS
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
