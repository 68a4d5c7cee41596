/** Course evaluations on an activity's page (issue 15.8). */
export const en = {
	'courseEvaluation.heading': 'Course evaluations',
	'courseEvaluation.tooFew': 'Fewer than {k} have answered: no results are shown yet.',
	'courseEvaluation.respondents': 'Respondents: {n}',
	'courseEvaluation.rate': 'response rate {rate} %',
	'courseEvaluation.caption': 'Share giving the top answer, per statement',
	'courseEvaluation.statement': 'Statement',
	'courseEvaluation.answer': 'Top answer',
	'courseEvaluation.share': 'Share',
	'courseEvaluation.percent': '{percent} %'
} as const;

export const sv: Record<keyof typeof en, string> = {
	'courseEvaluation.heading': 'Kursutvärderingar',
	'courseEvaluation.tooFew': 'Färre än {k} har svarat: inga resultat visas ännu.',
	'courseEvaluation.respondents': 'Svarande: {n}',
	'courseEvaluation.rate': 'svarsfrekvens {rate} %',
	'courseEvaluation.caption': 'Andel som gav det högsta svaret, per påstående',
	'courseEvaluation.statement': 'Påstående',
	'courseEvaluation.answer': 'Högsta svaret',
	'courseEvaluation.share': 'Andel',
	'courseEvaluation.percent': '{percent} %'
};

export const da: Record<keyof typeof en, string> = {
	'courseEvaluation.heading': 'Kursusevalueringer',
	'courseEvaluation.tooFew': 'Færre end {k} har svaret: der vises endnu ingen resultater.',
	'courseEvaluation.respondents': 'Besvarelser: {n}',
	'courseEvaluation.rate': 'svarprocent {rate} %',
	'courseEvaluation.caption': 'Andel der gav det højeste svar, pr. udsagn',
	'courseEvaluation.statement': 'Udsagn',
	'courseEvaluation.answer': 'Højeste svar',
	'courseEvaluation.share': 'Andel',
	'courseEvaluation.percent': '{percent} %'
};

export const nb: Record<keyof typeof en, string> = {
	'courseEvaluation.heading': 'Kursevalueringer',
	'courseEvaluation.tooFew': 'Færre enn {k} har svart: ingen resultater vises ennå.',
	'courseEvaluation.respondents': 'Svar: {n}',
	'courseEvaluation.rate': 'svarprosent {rate} %',
	'courseEvaluation.caption': 'Andel som ga det høyeste svaret, per påstand',
	'courseEvaluation.statement': 'Påstand',
	'courseEvaluation.answer': 'Høyeste svar',
	'courseEvaluation.share': 'Andel',
	'courseEvaluation.percent': '{percent} %'
};
