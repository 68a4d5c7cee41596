/** E-mail texts and the outbox pages. */
export const en = {
	'mail.greeting': 'Hello {name},',
	'mail.signature': 'Klok',
	'mail.automatic': 'This message was sent automatically by Klok.',
	'mail.reset.subject': 'Reset your Klok password',
	'mail.reset.intro': 'Someone (hopefully you) asked to reset the password for your Klok account.',
	'mail.reset.action': 'Choose a new password here:',
	'mail.reset.button': 'Choose a new password',
	'mail.reset.expiry': 'The link can be used once and is valid for {minutes} minutes.',
	'mail.reset.ignore':
		'If you did not ask for this, you can ignore this message; your password stays the same.',
	'mail.outbox.title': 'Outbox',
	'mail.outbox.intro': 'Every e-mail Klok sends is kept here, whether or not it was delivered.',
	'mail.outbox.caption': 'Messages, newest first',
	'mail.outbox.to': 'To',
	'mail.outbox.subject': 'Subject',
	'mail.outbox.kind': 'Kind',
	'mail.outbox.created': 'Created',
	'mail.outbox.delivery': 'Delivery',
	'mail.outbox.sent': 'Sent {date}',
	'mail.outbox.failed': 'Failed: {error}',
	'mail.outbox.notSent': 'Not sent (kept in outbox)',
	'mail.outbox.empty': 'No messages yet.',
	'mail.outbox.message': 'Message',
	'mail.outbox.text': 'Text',
	'mail.outbox.backToList': 'Back to the outbox',
	'mail.outbox.pagination': 'Pages',
	'mail.outbox.secretsNote':
		'Links that carry a secret, such as password reset and survey answer links, are shown masked ({mask}) here: only the e-mail to the person carries them.',
	'mail.outbox.noSmtp':
		'E-mail delivery is not set up: SMTP_URL is not set, so messages are only kept here and links with secrets reach nobody. Set SMTP_URL to deliver them by e-mail.',
	'mail.outbox.masked':
		'This message contains a link with a secret. It is masked here ({mask}); only the e-mail delivers it.',
	'mail.outbox.maskedUndelivered':
		'The message was not delivered, so the person has not received the link. Links with secrets are only delivered by e-mail: set SMTP_URL.'
} as const;

export const sv: Record<keyof typeof en, string> = {
	'mail.greeting': 'Hej {name}!',
	'mail.signature': 'Klok',
	'mail.automatic': 'Det här meddelandet skickades automatiskt av Klok.',
	'mail.reset.subject': 'Återställ ditt lösenord i Klok',
	'mail.reset.intro':
		'Någon (förhoppningsvis du) har bett om att få återställa lösenordet till ditt Klok-konto.',
	'mail.reset.action': 'Välj ett nytt lösenord här:',
	'mail.reset.button': 'Välj ett nytt lösenord',
	'mail.reset.expiry': 'Länken kan användas en gång och gäller i {minutes} minuter.',
	'mail.reset.ignore':
		'Om du inte har bett om detta kan du bortse från meddelandet; ditt lösenord förblir detsamma.',
	'mail.outbox.title': 'Utkorg',
	'mail.outbox.intro':
		'Alla e-postmeddelanden som Klok skickar sparas här, oavsett om de har levererats eller inte.',
	'mail.outbox.caption': 'Meddelanden, nyaste först',
	'mail.outbox.to': 'Till',
	'mail.outbox.subject': 'Ämne',
	'mail.outbox.kind': 'Typ',
	'mail.outbox.created': 'Skapat',
	'mail.outbox.delivery': 'Leverans',
	'mail.outbox.sent': 'Skickat {date}',
	'mail.outbox.failed': 'Misslyckades: {error}',
	'mail.outbox.notSent': 'Inte skickat (sparat i utkorgen)',
	'mail.outbox.empty': 'Inga meddelanden ännu.',
	'mail.outbox.message': 'Meddelande',
	'mail.outbox.text': 'Text',
	'mail.outbox.backToList': 'Tillbaka till utkorgen',
	'mail.outbox.pagination': 'Sidor',
	'mail.outbox.secretsNote':
		'Länkar som innehåller en hemlighet, till exempel för att återställa lösenord eller svara på enkäter, visas maskerade ({mask}) här: bara e-postmeddelandet till personen innehåller dem.',
	'mail.outbox.noSmtp':
		'E-postutskick är inte inställt: SMTP_URL är inte satt, så meddelandena sparas bara här och länkar med hemligheter når ingen. Sätt SMTP_URL för att skicka dem med e-post.',
	'mail.outbox.masked':
		'Meddelandet innehåller en länk med en hemlighet. Den är maskerad här ({mask}); bara e-postmeddelandet levererar den.',
	'mail.outbox.maskedUndelivered':
		'Meddelandet har inte skickats, så personen har inte fått länken. Länkar med hemligheter levereras bara med e-post: sätt SMTP_URL.'
};

/** Danish and Norwegian: the e-mails themselves, so people receive mail in their language. */
export const da: Partial<Record<keyof typeof en, string>> = {
	'mail.greeting': 'Hej {name}',
	'mail.automatic': 'Denne besked blev sendt automatisk af Klok.',
	'mail.reset.subject': 'Nulstil din adgangskode til Klok',
	'mail.reset.intro': 'Nogen (forhåbentlig dig) har bedt om at nulstille adgangskoden til din Klok-konto.',
	'mail.reset.action': 'Vælg en ny adgangskode her:',
	'mail.reset.button': 'Vælg en ny adgangskode',
	'mail.reset.expiry': 'Linket kan bruges én gang og er gyldigt i {minutes} minutter.',
	'mail.reset.ignore':
		'Hvis du ikke har bedt om dette, kan du se bort fra beskeden; din adgangskode forbliver den samme.',
	'mail.outbox.title': 'Udbakke',
	'mail.outbox.secretsNote':
		'Links, der indeholder en hemmelighed, fx til nulstilling af adgangskode eller besvarelse af spørgeskemaer, vises maskeret ({mask}) her: kun e-mailen til personen indeholder dem.',
	'mail.outbox.noSmtp':
		'Afsendelse af e-mail er ikke sat op: SMTP_URL er ikke angivet, så beskederne gemmes kun her, og links med hemmeligheder når ingen. Angiv SMTP_URL for at sende dem med e-mail.',
	'mail.outbox.masked':
		'Beskeden indeholder et link med en hemmelighed. Det er maskeret her ({mask}); kun e-mailen leverer det.',
	'mail.outbox.maskedUndelivered':
		'Beskeden er ikke sendt, så personen har ikke fået linket. Links med hemmeligheder leveres kun med e-mail: angiv SMTP_URL.'
};

export const nb: Partial<Record<keyof typeof en, string>> = {
	'mail.greeting': 'Hei {name}',
	'mail.automatic': 'Denne meldingen ble sendt automatisk av Klok.',
	'mail.reset.subject': 'Tilbakestill passordet ditt i Klok',
	'mail.reset.intro': 'Noen (forhåpentligvis du) har bedt om å tilbakestille passordet til Klok-kontoen din.',
	'mail.reset.action': 'Velg et nytt passord her:',
	'mail.reset.button': 'Velg et nytt passord',
	'mail.reset.expiry': 'Lenken kan brukes én gang og er gyldig i {minutes} minutter.',
	'mail.reset.ignore':
		'Hvis du ikke har bedt om dette, kan du se bort fra meldingen; passordet ditt forblir det samme.',
	'mail.outbox.title': 'Utboks',
	'mail.outbox.secretsNote':
		'Lenker som inneholder en hemmelighet, for eksempel for å tilbakestille passord eller svare på undersøkelser, vises maskert ({mask}) her: bare e-posten til personen inneholder dem.',
	'mail.outbox.noSmtp':
		'Utsending av e-post er ikke satt opp: SMTP_URL er ikke satt, så meldingene lagres bare her, og lenker med hemmeligheter når ingen. Sett SMTP_URL for å sende dem med e-post.',
	'mail.outbox.masked':
		'Meldingen inneholder en lenke med en hemmelighet. Den er maskert her ({mask}); bare e-posten leverer den.',
	'mail.outbox.maskedUndelivered':
		'Meldingen er ikke sendt, så personen har ikke fått lenken. Lenker med hemmeligheter leveres bare med e-post: sett SMTP_URL.'
};
