import { catalogueDemo } from './catalogue.demo.ts';
import type { DemoExtension } from './demo.ts';
import { learningDemo } from './learning.demo.ts';
import { nationalDemo } from './national.demo.ts';
import { surveysDemo } from './surveys.demo.ts';
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
	goalsDemo
];
