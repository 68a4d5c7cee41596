import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [
		sveltekit({
			adapter: adapter(),
			// Forms post from the same origin; SvelteKit's CSRF check stays on.
			csp: {
				mode: 'auto',
				directives: { 'default-src': ['self'], 'object-src': ['none'], 'frame-ancestors': ['none'] }
			}
		})
	],
	server: { port: 3000 }
});
