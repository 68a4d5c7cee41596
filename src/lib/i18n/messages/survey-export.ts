/** The raw survey export's account of its own protection (k-anonymity over the grouping columns). */
export const en = {
	'surveyExport.sheet': 'About',
	'surveyExport.about': 'About this export',
	'surveyExport.k': 'Every combination of {columns} holds at least {k} responses.',
	'surveyExport.generalised': 'Generalised: {column}, {how}.',
	'surveyExport.none': 'Nothing was generalised.',
	'surveyExport.suppressed':
		'Responses left out because their combination stayed below {k}, free text included: {n}.',
	'surveyExport.order': 'Responses are numbered in the order of their content, not of submission.',
	'surveyExport.any': 'any',
	'surveyExport.level.month': 'shown by month',
	'surveyExport.level.year': 'shown by year',
	'surveyExport.level.parent': 'shown as a larger unit above the workplace',
	'surveyExport.level.bands': 'bands merged',
	'surveyExport.level.any': 'not shown ("any")',
	'surveyExport.tenure.under6': 'under 6 years',
	'surveyExport.tenure.6plus': '6 years or more'
} as const;

export const sv: Record<keyof typeof en, string> = {
	'surveyExport.sheet': 'Om exporten',
	'surveyExport.about': 'Om den här exporten',
	'surveyExport.k': 'Varje kombination av {columns} omfattar minst {k} svar.',
	'surveyExport.generalised': 'Generaliserat: {column}, {how}.',
	'surveyExport.none': 'Ingenting har generaliserats.',
	'surveyExport.suppressed':
		'Svar som utelämnats eftersom deras kombination understeg {k}, fritext inräknad: {n}.',
	'surveyExport.order': 'Svaren är numrerade efter innehåll, inte efter när de skickades.',
	'surveyExport.any': 'alla',
	'surveyExport.level.month': 'visas per månad',
	'surveyExport.level.year': 'visas per år',
	'surveyExport.level.parent': 'visas som en större enhet ovanför arbetsplatsen',
	'surveyExport.level.bands': 'intervall sammanslagna',
	'surveyExport.level.any': 'visas inte (”alla”)',
	'surveyExport.tenure.under6': 'under 6 år',
	'surveyExport.tenure.6plus': '6 år eller mer'
};

export const da: Record<keyof typeof en, string> = {
	'surveyExport.sheet': 'Om eksporten',
	'surveyExport.about': 'Om denne eksport',
	'surveyExport.k': 'Hver kombination af {columns} omfatter mindst {k} svar.',
	'surveyExport.generalised': 'Generaliseret: {column}, {how}.',
	'surveyExport.none': 'Intet er generaliseret.',
	'surveyExport.suppressed': 'Svar udeladt, fordi deres kombination var under {k}, fritekst medregnet: {n}.',
	'surveyExport.order': 'Svarene er nummereret efter indhold, ikke efter hvornår de blev sendt.',
	'surveyExport.any': 'alle',
	'surveyExport.level.month': 'vist pr. måned',
	'surveyExport.level.year': 'vist pr. år',
	'surveyExport.level.parent': 'vist som en større enhed over arbejdspladsen',
	'surveyExport.level.bands': 'intervaller slået sammen',
	'surveyExport.level.any': 'vises ikke (»alle«)',
	'surveyExport.tenure.under6': 'under 6 år',
	'surveyExport.tenure.6plus': '6 år eller mere'
};

export const nb: Record<keyof typeof en, string> = {
	'surveyExport.sheet': 'Om eksporten',
	'surveyExport.about': 'Om denne eksporten',
	'surveyExport.k': 'Hver kombinasjon av {columns} omfatter minst {k} svar.',
	'surveyExport.generalised': 'Generalisert: {column}, {how}.',
	'surveyExport.none': 'Ingenting er generalisert.',
	'surveyExport.suppressed': 'Svar utelatt fordi kombinasjonen deres var under {k}, fritekst medregnet: {n}.',
	'surveyExport.order': 'Svarene er nummerert etter innhold, ikke etter når de ble sendt.',
	'surveyExport.any': 'alle',
	'surveyExport.level.month': 'vist per måned',
	'surveyExport.level.year': 'vist per år',
	'surveyExport.level.parent': 'vist som en større enhet over arbeidsplassen',
	'surveyExport.level.bands': 'intervaller slått sammen',
	'surveyExport.level.any': 'vises ikke («alle»)',
	'surveyExport.tenure.under6': 'under 6 år',
	'surveyExport.tenure.6plus': '6 år eller mer'
};
