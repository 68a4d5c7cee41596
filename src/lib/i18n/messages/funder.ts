/** Budget, co-financing, follow-up visits and the funder report (issue 12 part B). */
export const en = {
	'budget.error.fraction': 'Use at most two decimals (whole öre, øre or cents).',
	'budget.error.negative': 'The amount cannot be negative.',
	'budget.error.amount': 'Write an amount, for example 1 234,50.',
	'budget.error.wrongProgramme': 'This belongs to another programme.'
};

export const sv: Record<keyof typeof en, string> = {
	'budget.error.fraction': 'Använd högst två decimaler (hela ören).',
	'budget.error.negative': 'Beloppet kan inte vara negativt.',
	'budget.error.amount': 'Skriv ett belopp, till exempel 1 234,50.',
	'budget.error.wrongProgramme': 'Det här hör till ett annat program.'
};

export const da: Record<keyof typeof en, string> = {
	'budget.error.fraction': 'Brug højst to decimaler (hele øre).',
	'budget.error.negative': 'Beløbet kan ikke være negativt.',
	'budget.error.amount': 'Skriv et beløb, for eksempel 1 234,50.',
	'budget.error.wrongProgramme': 'Dette hører til et andet program.'
};

export const nb: Record<keyof typeof en, string> = {
	'budget.error.fraction': 'Bruk høyst to desimaler (hele øre).',
	'budget.error.negative': 'Beløpet kan ikke være negativt.',
	'budget.error.amount': 'Skriv et beløp, for eksempel 1 234,50.',
	'budget.error.wrongProgramme': 'Dette hører til et annet program.'
};
