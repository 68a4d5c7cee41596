/**
 * A small seeded pseudo-random generator (mulberry32) so the demo is the same on every run and
 * every machine. Not for anything secret.
 */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Convenience draws on top of a `() => number` in [0, 1). */
export class Random {
	readonly next: () => number;
	constructor(seed: number) {
		this.next = mulberry32(seed);
	}
	/** Integer in [min, max], both included. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	pick<T>(items: readonly T[]): T {
		const item = items[Math.floor(this.next() * items.length)];
		if (item === undefined) throw new Error('pick from an empty list');
		return item;
	}
	/** Picks a key with probability proportional to its weight. */
	weighted<T extends string>(weights: Readonly<Record<T, number>>): T {
		const entries = Object.entries(weights) as [T, number][];
		const total = entries.reduce((sum, [, w]) => sum + w, 0);
		let r = this.next() * total;
		for (const [value, w] of entries) {
			r -= w;
			if (r < 0) return value;
		}
		return entries[entries.length - 1]![0];
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
}
