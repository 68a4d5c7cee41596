import sanitizeHtml from 'sanitize-html';
import { richTextOptions } from '../core/rich-text.ts';

/**
 * Activity descriptions are rich text written by the programme office and shown to every
 * participant, so they are sanitised once, when stored: basic formatting, lists, links and
 * h2–h4 headings survive; scripts, styles, event handlers and `javascript:` links do not.
 */
const OPTIONS = richTextOptions();

/** Returns `html` with only the allowed formatting left; safe to render with `{@html}`. */
export function sanitizeDescription(html: string): string {
	return sanitizeHtml(html, OPTIONS).trim();
}

/** The description as plain text (list previews, e-mails, search). */
export function descriptionText(html: string): string {
	return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
}
