import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db/index.ts';
import { idParam, orNotFound, pageAction, pageNotFound, requirePageActor } from '#lib/server/web/route.ts';
import { createFollowUpWave } from '#lib/server/surveys/waves.service.ts';
import { deleteSurvey, getSurvey, loadSurvey } from '#lib/server/surveys/builder.service.ts';

/** A survey's overview: details, questions, and the ways on (edit, preview, send, results, next wave). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const actor = requirePageActor(locals, url);
	const id = idParam(params.id);
	if (id === null) pageNotFound(locals.locale);
	const db = getDb();
	const survey = await orNotFound(locals.locale, () => getSurvey(db, actor, id));
	const previous = survey.previousWaveId ? await loadSurvey(db, survey.previousWaveId) : null;
	return {
		survey,
		previous: previous ? { id: previous.id, title: previous.title } : null,
		notice: url.searchParams.get('notice')
	};
};

async function act(locals: App.Locals, url: URL, id: string, work: (id: number) => Promise<string>) {
	requirePageActor(locals, url);
	const surveyId = idParam(id);
	if (surveyId === null) pageNotFound(locals.locale);
	const target = await pageAction(
		locals,
		() => work(surveyId),
		(errors) => ({ errors })
	);
	if (!target.ok) return target.failure;
	redirect(303, target.value);
}

export const actions: Actions = {
	followUp: async ({ locals, url, params }) =>
		act(locals, url, params.id, async (id) => {
			const wave = await createFollowUpWave(getDb(), locals.actor!, id);
			return `/surveys/${wave.id}?notice=created`;
		}),
	delete: async ({ locals, url, params }) =>
		act(locals, url, params.id, async (id) => {
			await deleteSurvey(getDb(), locals.actor!, id);
			return '/surveys?notice=deleted';
		})
};
