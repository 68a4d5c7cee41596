import { Editor } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import StarterKit from '@tiptap/starter-kit';

/**
 * The post body's rich-text editor (Tiptap), loaded only by the post editor pages through a
 * dynamic import (RichTextEditor.svelte), so no other page carries it. It edits what the
 * server keeps: h2–h3 headings, bold, italic, lists, quotes, links and the post's own images.
 * The server's sanitiser (core/rich-text.ts, posts/sanitize.ts) stays the only guard.
 */
export function createEditor(options: {
	element: HTMLElement;
	content: string;
	label: string;
	describedBy?: string | undefined;
	onChange: (html: string) => void;
	onState: () => void;
}): Editor {
	return new Editor({
		element: options.element,
		extensions: [
			StarterKit.configure({
				heading: { levels: [2, 3] },
				codeBlock: false,
				code: false,
				horizontalRule: false,
				link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] }
			}),
			Image.configure({ inline: false })
		],
		content: options.content,
		editorProps: {
			attributes: {
				class: 'rte-content',
				role: 'textbox',
				'aria-multiline': 'true',
				'aria-label': options.label,
				...(options.describedBy ? { 'aria-describedby': options.describedBy } : {})
			}
		},
		onUpdate: ({ editor }) => {
			options.onChange(editor.getHTML());
			options.onState();
		},
		onSelectionUpdate: () => options.onState(),
		onTransaction: () => options.onState()
	});
}
