import { z } from 'zod';
import { fields } from '../core/validation.ts';

/** Input shapes of session recordings. */

/** The largest upload (a short lecture at a modest bit rate); longer films are linked. */
export const MAX_RECORDING_BYTES = 50 * 1024 * 1024;

/** What may be uploaded (played by browsers' own video element). */
export const RECORDING_TYPES: Record<string, string[]> = {
	'video/mp4': ['mp4', 'm4v'],
	'video/webm': ['webm'],
	'video/ogg': ['ogv'],
	'audio/mpeg': ['mp3'],
	'audio/mp4': ['m4a']
};

const ticked = fields.ticked();

export const recordingInputSchema = z.object({
	title: fields.singleLine(fields.text(200)),
	url: z.preprocess(
		(v) => (v === '' ? undefined : v),
		fields
			.singleLine(fields.string().trim().max(2000))
			.pipe(z.url({ protocol: /^https?$/, error: 'recordings.error.url' }))
			.optional()
	),
	/** Minutes (forms) — stored as seconds. */
	durationMinutes: z.preprocess(
		(v) => (v === '' ? undefined : v),
		z.coerce
			.number({ error: 'recordings.error.duration' })
			.int()
			.min(1)
			.max(24 * 60)
			.optional()
	),
	/** The lecturer agreed to the recording being shown to the programme's members. */
	consent: ticked,
	publish: ticked
});
export type RecordingInput = z.output<typeof recordingInputSchema>;
