import type { Selectable } from 'kysely';
import type { SurveyTable } from '../db/schema.ts';

/** A survey row as distribution and answering read it. */
export type Survey = Selectable<SurveyTable>;
