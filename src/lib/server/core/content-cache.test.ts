import { describe, expect, it } from 'vitest';
import { ContentCache } from './content-cache.ts';

const cache = (maxBytes = 1000) =>
	new ContentCache<{ text: string }>({ maxEntries: 4, maxBytes, size: (v) => v.text.length });

describe('ContentCache: renderings kept by what they show', () => {
	it('renders equal content once, whether the same object or a copy, and anew when it changes', async () => {
		const c = cache();
		let renders = 0;
		const render = (content: { n: number }) => () => ({ text: `n=${content.n} #${++renders}` });
		const a = { n: 1 };
		expect((await c.get('html', a, render(a))).text).toBe('n=1 #1');
		expect((await c.get('html', a, render(a))).text).toBe('n=1 #1');
		const copy = { n: 1 };
		expect((await c.get('html', copy, render(copy))).text).toBe('n=1 #1');
		const changed = { n: 2 };
		expect((await c.get('html', changed, render(changed))).text).toBe('n=2 #2');
		// Another variant of the same content is its own rendering.
		expect((await c.get('pdf', a, render(a))).text).toBe('n=1 #3');
		expect(c.stats).toEqual({ rendered: 3, reused: 2 });
	});

	it('lets requests arriving together share one rendering', async () => {
		const c = cache();
		let renders = 0;
		const slow = () =>
			new Promise<{ text: string }>((r) => setTimeout(() => r({ text: `#${++renders}` }), 20));
		const results = await Promise.all([1, 2, 3].map(() => c.get('html', { n: 1 }, slow)));
		expect(results.map((r) => r.text)).toEqual(['#1', '#1', '#1']);
		expect(c.stats.rendered).toBe(1);
	});

	it('keeps at most its bytes: the least recently used goes first', async () => {
		const c = cache(10);
		let renders = 0;
		const render = () => ({ text: `${++renders}`.padEnd(4, '.') });
		await c.get('v', { k: 'a' }, render);
		await c.get('v', { k: 'b' }, render);
		await c.get('v', { k: 'a' }, render); // a is now the most recent
		await c.get('v', { k: 'c' }, render); // 12 bytes > 10: b goes
		expect(c.stats.rendered).toBe(3);
		await c.get('v', { k: 'a' }, render);
		expect(c.stats.rendered).toBe(3);
		await c.get('v', { k: 'b' }, render);
		expect(c.stats.rendered).toBe(4);
	});

	it('does not keep a failed rendering: the next request tries again', async () => {
		const c = cache();
		const content = { n: 1 };
		await expect(
			c.get('html', content, () => {
				throw new Error('no fonts');
			})
		).rejects.toThrow('no fonts');
		await new Promise((r) => setImmediate(r));
		expect((await c.get('html', content, () => ({ text: 'ok' }))).text).toBe('ok');
	});
});
