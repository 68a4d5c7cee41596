/** Budget, co-financing, follow-up visits and the funder report (issue 12 part B). */
export const en = {
	'budget.error.fraction': 'Use at most two decimals (whole öre, øre or cents).',
	'budget.error.negative': 'The amount cannot be negative.',
	'budget.error.amount': 'Write an amount, for example 1 234,50.',
	'budget.error.wrongProgramme': 'This belongs to another programme.',
	'visits.q.everyone':
		'Does every employee, the manager included, take part in a development process that matches the plan?',
	'visits.q.logbook': 'Is the logbook used?',
	'visits.q.reflection': 'Is there time for reflection?',
	'visits.q.writes': 'Does the workplace write about its work?'
};

export const sv: Record<keyof typeof en, string> = {
	'budget.error.fraction': 'Använd högst två decimaler (hela ören).',
	'budget.error.negative': 'Beloppet kan inte vara negativt.',
	'budget.error.amount': 'Skriv ett belopp, till exempel 1 234,50.',
	'budget.error.wrongProgramme': 'Det här hör till ett annat program.',
	'visits.q.everyone':
		'Deltar alla medarbetare, chefen inräknad, i en utvecklingsprocess som stämmer med planen?',
	'visits.q.logbook': 'Används loggboken?',
	'visits.q.reflection': 'Finns det tid för reflektion?',
	'visits.q.writes': 'Skriver arbetsplatsen om sitt arbete?'
};

export const da: Record<keyof typeof en, string> = {
	'budget.error.fraction': 'Brug højst to decimaler (hele øre).',
	'budget.error.negative': 'Beløbet kan ikke være negativt.',
	'budget.error.amount': 'Skriv et beløb, for eksempel 1 234,50.',
	'budget.error.wrongProgramme': 'Dette hører til et andet program.',
	'visits.q.everyone':
		'Deltager alle medarbejdere, lederen medregnet, i en udviklingsproces, der svarer til planen?',
	'visits.q.logbook': 'Bruges logbogen?',
	'visits.q.reflection': 'Er der tid til refleksion?',
	'visits.q.writes': 'Skriver arbejdspladsen om sit arbejde?'
};

export const nb: Record<keyof typeof en, string> = {
	'budget.error.fraction': 'Bruk høyst to desimaler (hele øre).',
	'budget.error.negative': 'Beløpet kan ikke være negativt.',
	'budget.error.amount': 'Skriv et beløp, for eksempel 1 234,50.',
	'budget.error.wrongProgramme': 'Dette hører til et annet program.',
	'visits.q.everyone':
		'Deltar alle medarbeidere, lederen medregnet, i en utviklingsprosess som samsvarer med planen?',
	'visits.q.logbook': 'Brukes loggboken?',
	'visits.q.reflection': 'Er det tid til refleksjon?',
	'visits.q.writes': 'Skriver arbeidsplassen om arbeidet sitt?'
};
