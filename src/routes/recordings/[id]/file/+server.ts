import type { RequestHandler } from './$types';
import { serveRecording } from '#lib/server/web/recordings.http.ts';

/** The video of an uploaded recording, with range requests (members of the programme only). */
export const GET: RequestHandler = (event) => serveRecording(event, event.params.id);
export const HEAD: RequestHandler = (event) => serveRecording(event, event.params.id);
