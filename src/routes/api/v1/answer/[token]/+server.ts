import type { RequestHandler } from './$types';
import { api } from '#lib/server/web/api.ts';
import { getAnswerForm, postAnswers, putAnswerDraft } from '#lib/server/web/answering.http.ts';

/** Answering by the respondent's one-time token: no sign-in; the token is the only key. */
export const GET: RequestHandler = api(async (event) => getAnswerForm(event, { token: event.params.token }));
export const PUT: RequestHandler = api(async (event) => putAnswerDraft(event, { token: event.params.token }));
export const POST: RequestHandler = api(async (event) => postAnswers(event, { token: event.params.token }));
