/** Walk-ins at attendance, several trainers per session, a person's registrations and hours (issue 15.14). */
export const en = {
	'walkIn.heading': 'Add a walk-in',
	'walkIn.intro':
		'Someone came without registering? Find them and add them: they are marked present at once and may exceed the number of seats.',
	'walkIn.search': 'Name or e-mail',
	'walkIn.searchLabel': 'Find a person',
	'walkIn.hint': 'At least two characters.',
	'walkIn.find': 'Search',
	'walkIn.none': 'Nobody active in the programme matches “{query}”.',
	'walkIn.more': 'Showing the first {count}: type more of the name to narrow the search.',
	'walkIn.person': 'Person',
	'walkIn.add': 'Add as present',
	'walkIn.added': '{name} was added as a walk-in and marked present.',
	'walkIn.alreadyRegistered': '{name} was registered already and is now marked present.',
	'walkIn.badge': 'Walk-in',
	'walkIn.count': 'Walk-ins',
	'attendance.error.walkInPerson': 'Pick an active person of this programme.',
	'surveyResults.textTimes.one': '{count} identical answer',
	'surveyResults.textTimes.other': '{count} identical answers'
};

export const sv: Record<keyof typeof en, string> = {
	'walkIn.heading': 'Lägg till en oanmäld deltagare',
	'walkIn.intro':
		'Kom någon utan att ha anmält sig? Sök upp personen och lägg till: hen markeras som närvarande direkt och får gå över antalet platser.',
	'walkIn.search': 'Namn eller e-post',
	'walkIn.searchLabel': 'Sök en person',
	'walkIn.hint': 'Minst två tecken.',
	'walkIn.find': 'Sök',
	'walkIn.none': 'Ingen aktiv person i projektet matchar ”{query}”.',
	'walkIn.more': 'Visar de första {count}: skriv mer av namnet för att begränsa sökningen.',
	'walkIn.person': 'Person',
	'walkIn.add': 'Lägg till som närvarande',
	'walkIn.added': '{name} lades till som oanmäld deltagare och markerades som närvarande.',
	'walkIn.alreadyRegistered': '{name} var redan anmäld och är nu markerad som närvarande.',
	'walkIn.badge': 'Oanmäld',
	'walkIn.count': 'Oanmälda',
	'attendance.error.walkInPerson': 'Välj en aktiv person i det här projektet.',
	'surveyResults.textTimes.one': '{count} likadant svar',
	'surveyResults.textTimes.other': '{count} likadana svar'
};

export const da: Record<keyof typeof en, string> = {
	'walkIn.heading': 'Tilføj en deltager uden tilmelding',
	'walkIn.intro':
		'Kom nogen uden at være tilmeldt? Find personen og tilføj vedkommende: personen registreres som til stede med det samme og må gå ud over antallet af pladser.',
	'walkIn.search': 'Navn eller e-mail',
	'walkIn.searchLabel': 'Find en person',
	'walkIn.hint': 'Mindst to tegn.',
	'walkIn.find': 'Søg',
	'walkIn.none': 'Ingen aktiv person i projektet matcher “{query}”.',
	'walkIn.more': 'Viser de første {count}: skriv mere af navnet for at indsnævre søgningen.',
	'walkIn.person': 'Person',
	'walkIn.add': 'Tilføj som til stede',
	'walkIn.added': '{name} blev tilføjet uden tilmelding og registreret som til stede.',
	'walkIn.alreadyRegistered': '{name} var allerede tilmeldt og er nu registreret som til stede.',
	'walkIn.badge': 'Uden tilmelding',
	'walkIn.count': 'Uden tilmelding',
	'attendance.error.walkInPerson': 'Vælg en aktiv person i dette projekt.',
	'surveyResults.textTimes.one': '{count} enslydende svar',
	'surveyResults.textTimes.other': '{count} enslydende svar'
};

export const nb: Record<keyof typeof en, string> = {
	'walkIn.heading': 'Legg til en deltaker uten påmelding',
	'walkIn.intro':
		'Kom noen uten å ha meldt seg på? Finn personen og legg vedkommende til: personen registreres som til stede med en gang og kan gå ut over antall plasser.',
	'walkIn.search': 'Navn eller e-post',
	'walkIn.searchLabel': 'Finn en person',
	'walkIn.hint': 'Minst to tegn.',
	'walkIn.find': 'Søk',
	'walkIn.none': 'Ingen aktiv person i prosjektet samsvarer med «{query}».',
	'walkIn.more': 'Viser de første {count}: skriv mer av navnet for å snevre inn søket.',
	'walkIn.person': 'Person',
	'walkIn.add': 'Legg til som til stede',
	'walkIn.added': '{name} ble lagt til uten påmelding og registrert som til stede.',
	'walkIn.alreadyRegistered': '{name} var allerede påmeldt og er nå registrert som til stede.',
	'walkIn.badge': 'Uten påmelding',
	'walkIn.count': 'Uten påmelding',
	'attendance.error.walkInPerson': 'Velg en aktiv person i dette prosjektet.',
	'surveyResults.textTimes.one': '{count} likt svar',
	'surveyResults.textTimes.other': '{count} like svar'
};
