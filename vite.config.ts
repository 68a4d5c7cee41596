import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [
		sveltekit({
			adapter: adapter(),
			// SvelteKit's CSRF check refuses bodyless Bearer API calls, so it is off and
			// `handle` (src/hooks.server.ts) checks the origin of cookie and form writes itself.
			csrf: { trustedOrigins: ['*'] },
			csp: {
				mode: 'auto',
				directives: {
					'default-src': ['self'],
					// Server-rendered `style` attributes (Svelte style directives) need inline styles;
					// scripts stay hash-locked by SvelteKit.
					'style-src': ['self', 'unsafe-inline'],
					'img-src': ['self', 'data:'],
					'object-src': ['none'],
					'base-uri': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none']
				}
			}
		})
	],
	server: { port: 3000 }
});
