import type { PageServerLoad } from './$types';
import { loadResults } from './load.ts';

/** Survey results with an optional breakdown or comparison (a GET form, so every view is a link). */
export const load: PageServerLoad = (event) => loadResults(event);
