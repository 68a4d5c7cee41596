import { catalogueDemo } from './catalogue.demo.ts';
import type { DemoExtension } from './demo.ts';
import { learningDemo } from './learning.demo.ts';
import { nationalDemo } from './national.demo.ts';
import { postsDemo } from './posts.demo.ts';
import { surveysDemo } from './surveys.demo.ts';
import { privacyDemo } from './privacy.demo.ts';
import { standardsDemo } from './standards.demo.ts';
import { communityDemo } from './community.demo.ts';
import { budgetDemo } from './budget.demo.ts';
import { goalsDemo } from './goals.demo.ts';

/**
 * Demo data added by later features, run in this order after the base programme (same
 * transaction). Add an extension here: `import { sessionsDemo } from '../catalogue/catalogue.demo.ts'`.
 */
export const DEMO_EXTENSIONS: DemoExtension[] = [
	catalogueDemo,
	learningDemo,
	surveysDemo,
	nationalDemo,
	privacyDemo,
	standardsDemo,
	postsDemo,
	communityDemo,
	goalsDemo,
	budgetDemo
];
