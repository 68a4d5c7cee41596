import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

type Render<V> = () => V | Promise<V>;

/**
 * Renderings (a PDF, an XLSX, a page's tables) kept by what they show: the key is a hash of
 * the content they are made from, so any change in a figure, text or label renders anew and
 * nothing stale can be served. Concurrent requests for the same rendering share one; a bounded
 * LRU in memory per process. Holds nothing per person: callers pass content the reader may see
 * and that is the same for every reader given it.
 */
export class ContentCache<V extends object> {
	/** How often a rendering was reused and how often one was made (for tests and benchmarks). */
	readonly stats = { reused: 0, rendered: 0 };
	readonly #lru: LRUCache<string, V, Render<V>>;
	/** The promise per content object and variant: a repeat with the same object skips the hash. */
	readonly #byObject = new WeakMap<object, Map<string, Promise<V>>>();

	constructor(options: { maxEntries: number; maxBytes: number; size: (value: V) => number }) {
		this.#lru = new LRUCache<string, V, Render<V>>({
			max: options.maxEntries,
			maxSize: options.maxBytes,
			sizeCalculation: (value) => Math.max(1, options.size(value)),
			fetchMethod: async (_key, _stale, { context }) => {
				this.stats.rendered++;
				return context();
			}
		});
	}

	/**
	 * `render()`'s result for `content` in `variant` (e.g. the format), made at most once while
	 * kept. `content` must not be changed afterwards (it is also remembered by identity).
	 */
	get(variant: string, content: object, render: Render<V>): Promise<V> {
		let variants = this.#byObject.get(content);
		const known = variants?.get(variant);
		if (known) {
			this.stats.reused++;
			return known;
		}
		const key = `${variant}:${createHash('sha256').update(JSON.stringify(content)).digest('base64url')}`;
		const before = this.stats.rendered;
		const value = this.#lru.fetch(key, { context: render }).then((v) => {
			// A rendering too big to keep is still answered (fetch gives it, then drops it).
			if (v === undefined) throw new Error('rendering gave nothing');
			return v;
		});
		if (this.stats.rendered === before) this.stats.reused++;
		if (!variants) this.#byObject.set(content, (variants = new Map()));
		variants.set(variant, value);
		// A failed rendering is not remembered: the next request tries again.
		value.catch(() => variants.delete(variant));
		return value;
	}
}
