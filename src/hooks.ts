import type { Transport } from '@sveltejs/kit/hooks';
import { ServerRenderedHtml } from '#lib/server-rendered.ts';

export const transport: Transport = {
	ServerRenderedHtml: {
		// Never serialised: the page shows it from the server render only.
		encode: (value: unknown) => value instanceof ServerRenderedHtml && [],
		decode: () => {
			throw new Error('ServerRenderedHtml reached the browser: its page must set csr = false');
		}
	}
};
