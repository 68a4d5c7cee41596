/** Sign-in, sign-out and password reset. */
export const en = {
	'auth.signIn.title': 'Sign in',
	'auth.signIn.intro': 'Sign in with the e-mail address and password of your Klok account.',
	'auth.signIn.email': 'E-mail',
	'auth.signIn.password': 'Password',
	'auth.signIn.submit': 'Sign in',
	'auth.signIn.failed': 'The e-mail address or password is wrong, or the account is not active.',
	'auth.signIn.throttled.second':
		'Too many failed sign-in attempts. For your security, wait 1 second before trying again, or reset your password.',
	'auth.signIn.throttled.seconds':
		'Too many failed sign-in attempts. For your security, wait {seconds} seconds before trying again, or reset your password.',
	'auth.signIn.throttled.minute':
		'Too many failed sign-in attempts. For your security, wait 1 minute before trying again, or reset your password.',
	'auth.signIn.throttled.minutes':
		'Too many failed sign-in attempts. For your security, wait {minutes} minutes before trying again, or reset your password.',
	'auth.signIn.forgot': 'Forgot your password?',
	'auth.signIn.resetDone': 'Your password has been changed. Sign in with your new password.',
	'auth.signIn.noAccount': 'Accounts are created by your programme office. Ask them if you do not have one.',
	'auth.reset.title': 'Reset password',
	'auth.reset.intro':
		'Enter the e-mail address of your account and we will send you a link for choosing a new password.',
	'auth.reset.submit': 'Send link',
	'auth.reset.sent':
		'If the address belongs to an account, a link has been sent to it. The link is valid for {minutes} minutes. Check your spam folder if nothing arrives.',
	'auth.reset.throttled': 'Too many reset requests for this address. Try again in {minutes} minutes.',
	'auth.reset.newTitle': 'Choose a new password',
	'auth.reset.newIntro': 'Your new password replaces the old one and signs you out everywhere.',
	'auth.reset.save': 'Save new password',
	'auth.reset.invalid':
		'This link cannot be used: it has expired, has already been used, or is not a valid link. Ask for a new one.',
	'auth.reset.again': 'Ask for a new link',
	'auth.password.new': 'New password',
	'auth.password.confirm': 'Repeat the new password',
	'auth.password.hint': 'At least {min} characters. A short sentence is easy to remember and hard to guess.',
	'auth.password.mismatch': 'The two passwords are not the same.',
	'auth.backToSignIn': 'Back to sign-in'
} as const;

export const sv: Record<keyof typeof en, string> = {
	'auth.signIn.title': 'Logga in',
	'auth.signIn.intro': 'Logga in med e-postadressen och lösenordet för ditt Klok-konto.',
	'auth.signIn.email': 'E-post',
	'auth.signIn.password': 'Lösenord',
	'auth.signIn.submit': 'Logga in',
	'auth.signIn.failed': 'E-postadressen eller lösenordet är fel, eller så är kontot inte aktivt.',
	'auth.signIn.throttled.second':
		'För många misslyckade inloggningsförsök. Av säkerhetsskäl: vänta 1 sekund innan du försöker igen, eller återställ ditt lösenord.',
	'auth.signIn.throttled.seconds':
		'För många misslyckade inloggningsförsök. Av säkerhetsskäl: vänta {seconds} sekunder innan du försöker igen, eller återställ ditt lösenord.',
	'auth.signIn.throttled.minute':
		'För många misslyckade inloggningsförsök. Av säkerhetsskäl: vänta 1 minut innan du försöker igen, eller återställ ditt lösenord.',
	'auth.signIn.throttled.minutes':
		'För många misslyckade inloggningsförsök. Av säkerhetsskäl: vänta {minutes} minuter innan du försöker igen, eller återställ ditt lösenord.',
	'auth.signIn.forgot': 'Glömt lösenordet?',
	'auth.signIn.resetDone': 'Ditt lösenord har ändrats. Logga in med ditt nya lösenord.',
	'auth.signIn.noAccount': 'Konton skapas av projektkontoret. Fråga dem om du saknar ett konto.',
	'auth.reset.title': 'Återställ lösenord',
	'auth.reset.intro':
		'Ange e-postadressen för ditt konto så skickar vi en länk där du kan välja ett nytt lösenord.',
	'auth.reset.submit': 'Skicka länk',
	'auth.reset.sent':
		'Om adressen hör till ett konto har en länk skickats dit. Länken gäller i {minutes} minuter. Titta i skräpposten om inget kommer fram.',
	'auth.reset.throttled':
		'För många begäranden om återställning för den här adressen. Försök igen om {minutes} minuter.',
	'auth.reset.newTitle': 'Välj ett nytt lösenord',
	'auth.reset.newIntro': 'Det nya lösenordet ersätter det gamla och loggar ut dig överallt.',
	'auth.reset.save': 'Spara nytt lösenord',
	'auth.reset.invalid':
		'Länken kan inte användas: den har gått ut, har redan använts eller är inte en giltig länk. Be om en ny.',
	'auth.reset.again': 'Be om en ny länk',
	'auth.password.new': 'Nytt lösenord',
	'auth.password.confirm': 'Upprepa det nya lösenordet',
	'auth.password.hint': 'Minst {min} tecken. En kort mening är lätt att komma ihåg och svår att gissa.',
	'auth.password.mismatch': 'De två lösenorden är inte likadana.',
	'auth.backToSignIn': 'Tillbaka till inloggningen'
};

export const da: Partial<Record<keyof typeof en, string>> = {
	'auth.signIn.title': 'Log ind',
	'auth.signIn.intro': 'Log ind med e-mailadressen og adgangskoden til din Klok-konto.',
	'auth.signIn.email': 'E-mail',
	'auth.signIn.password': 'Adgangskode',
	'auth.signIn.submit': 'Log ind',
	'auth.signIn.failed': 'E-mailadressen eller adgangskoden er forkert, eller kontoen er ikke aktiv.',
	'auth.signIn.throttled.second':
		'For mange mislykkede loginforsøg. Af sikkerhedshensyn: vent 1 sekund, før du prøver igen, eller nulstil din adgangskode.',
	'auth.signIn.throttled.seconds':
		'For mange mislykkede loginforsøg. Af sikkerhedshensyn: vent {seconds} sekunder, før du prøver igen, eller nulstil din adgangskode.',
	'auth.signIn.throttled.minute':
		'For mange mislykkede loginforsøg. Af sikkerhedshensyn: vent 1 minut, før du prøver igen, eller nulstil din adgangskode.',
	'auth.signIn.throttled.minutes':
		'For mange mislykkede loginforsøg. Af sikkerhedshensyn: vent {minutes} minutter, før du prøver igen, eller nulstil din adgangskode.',
	'auth.signIn.forgot': 'Glemt adgangskoden?',
	'auth.signIn.resetDone': 'Din adgangskode er ændret. Log ind med din nye adgangskode.',
	'auth.signIn.noAccount': 'Konti oprettes af projektsekretariatet. Spørg dem, hvis du ikke har en konto.',
	'auth.reset.title': 'Nulstil adgangskode',
	'auth.reset.intro':
		'Skriv e-mailadressen til din konto, så sender vi et link, hvor du kan vælge en ny adgangskode.',
	'auth.reset.submit': 'Send link',
	'auth.reset.sent':
		'Hvis adressen hører til en konto, er der sendt et link til den. Linket er gyldigt i {minutes} minutter. Se i spamfilteret, hvis intet kommer frem.',
	'auth.reset.throttled':
		'For mange anmodninger om nulstilling for denne adresse. Prøv igen om {minutes} minutter.',
	'auth.reset.newTitle': 'Vælg en ny adgangskode',
	'auth.reset.newIntro': 'Den nye adgangskode erstatter den gamle og logger dig ud overalt.',
	'auth.reset.save': 'Gem ny adgangskode',
	'auth.reset.invalid':
		'Linket kan ikke bruges: det er udløbet, er allerede brugt eller er ikke et gyldigt link. Bed om et nyt.',
	'auth.reset.again': 'Bed om et nyt link',
	'auth.password.new': 'Ny adgangskode',
	'auth.password.confirm': 'Gentag den nye adgangskode',
	'auth.password.hint': 'Mindst {min} tegn. En kort sætning er let at huske og svær at gætte.',
	'auth.password.mismatch': 'De to adgangskoder er ikke ens.',
	'auth.backToSignIn': 'Tilbage til login'
};

export const nb: Partial<Record<keyof typeof en, string>> = {
	'auth.signIn.title': 'Logg inn',
	'auth.signIn.intro': 'Logg inn med e-postadressen og passordet til Klok-kontoen din.',
	'auth.signIn.email': 'E-post',
	'auth.signIn.password': 'Passord',
	'auth.signIn.submit': 'Logg inn',
	'auth.signIn.failed': 'E-postadressen eller passordet er feil, eller kontoen er ikke aktiv.',
	'auth.signIn.throttled.second':
		'For mange mislykkede innloggingsforsøk. Av sikkerhetshensyn: vent 1 sekund før du prøver igjen, eller tilbakestill passordet ditt.',
	'auth.signIn.throttled.seconds':
		'For mange mislykkede innloggingsforsøk. Av sikkerhetshensyn: vent {seconds} sekunder før du prøver igjen, eller tilbakestill passordet ditt.',
	'auth.signIn.throttled.minute':
		'For mange mislykkede innloggingsforsøk. Av sikkerhetshensyn: vent 1 minutt før du prøver igjen, eller tilbakestill passordet ditt.',
	'auth.signIn.throttled.minutes':
		'For mange mislykkede innloggingsforsøk. Av sikkerhetshensyn: vent {minutes} minutter før du prøver igjen, eller tilbakestill passordet ditt.',
	'auth.signIn.forgot': 'Glemt passordet?',
	'auth.signIn.resetDone': 'Passordet ditt er endret. Logg inn med det nye passordet.',
	'auth.signIn.noAccount': 'Kontoer opprettes av prosjektkontoret. Spør dem hvis du ikke har en konto.',
	'auth.reset.title': 'Tilbakestill passord',
	'auth.reset.intro':
		'Skriv inn e-postadressen til kontoen din, så sender vi en lenke der du kan velge et nytt passord.',
	'auth.reset.submit': 'Send lenke',
	'auth.reset.sent':
		'Hvis adressen hører til en konto, er det sendt en lenke til den. Lenken er gyldig i {minutes} minutter. Sjekk søppelposten hvis ingenting kommer fram.',
	'auth.reset.throttled':
		'For mange forespørsler om tilbakestilling for denne adressen. Prøv igjen om {minutes} minutter.',
	'auth.reset.newTitle': 'Velg et nytt passord',
	'auth.reset.newIntro': 'Det nye passordet erstatter det gamle og logger deg ut overalt.',
	'auth.reset.save': 'Lagre nytt passord',
	'auth.reset.invalid':
		'Lenken kan ikke brukes: den er utløpt, er allerede brukt eller er ikke en gyldig lenke. Be om en ny.',
	'auth.reset.again': 'Be om en ny lenke',
	'auth.password.new': 'Nytt passord',
	'auth.password.confirm': 'Gjenta det nye passordet',
	'auth.password.hint': 'Minst {min} tegn. En kort setning er lett å huske og vanskelig å gjette.',
	'auth.password.mismatch': 'De to passordene er ikke like.',
	'auth.backToSignIn': 'Tilbake til innlogging'
};
