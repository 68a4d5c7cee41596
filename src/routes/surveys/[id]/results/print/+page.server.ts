import type { PageServerLoad } from './$types';
import { loadResults } from '../load.ts';

/** The printable results page: the same figures without the controls. */
export const load: PageServerLoad = (event) => loadResults(event);
