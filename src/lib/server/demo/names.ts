/**
 * Nordic names for the demo staff: mostly Swedish, some Finnish, Sami, Danish and Norwegian,
 * as in the northern Swedish counties the demo is modelled on.
 */
export const FIRST_NAMES = {
	swedish: {
		female: [
			'Anna',
			'Eva',
			'Maria',
			'Karin',
			'Sara',
			'Lena',
			'Kerstin',
			'Emma',
			'Ingrid',
			'Malin',
			'Linnea',
			'Johanna',
			'Elin',
			'Sofia',
			'Hanna',
			'Ida',
			'Helena',
			'Annika',
			'Ulrika',
			'Camilla',
			'Åsa',
			'Birgitta',
			'Margareta',
			'Cecilia',
			'Frida',
			'Therese',
			'Maja',
			'Agnes',
			'Ebba',
			'Louise',
			'Jenny',
			'Lisa',
			'Anneli',
			'Gunilla',
			'Marie',
			'Susanne',
			'Matilda',
			'Klara',
			'Elsa',
			'Astrid'
		],
		male: [
			'Lars',
			'Anders',
			'Johan',
			'Per',
			'Erik',
			'Karl',
			'Mikael',
			'Peter',
			'Jonas',
			'Magnus',
			'Fredrik',
			'Daniel',
			'Henrik',
			'Mattias',
			'Björn',
			'Stefan',
			'Gustav',
			'Oskar',
			'Viktor',
			'Emil',
			'Nils',
			'Olof',
			'Anton',
			'Axel',
			'Sven',
			'Håkan',
			'Göran',
			'Tobias',
			'Linus',
			'Simon'
		],
		neutral: ['Kim', 'Robin', 'Alex', 'Sam', 'Charlie', 'Love', 'Noa']
	},
	finnish: {
		female: ['Aino', 'Riikka', 'Sanna', 'Päivi', 'Tuula', 'Satu', 'Marjatta', 'Hilkka'],
		male: ['Jukka', 'Matti', 'Timo', 'Pekka', 'Antti', 'Ville', 'Kari', 'Eero'],
		neutral: ['Sasha']
	},
	sami: {
		female: ['Áile', 'Sunná', 'Elle', 'Máret', 'Risten', 'Ánne'],
		male: ['Ánte', 'Niillas', 'Mikkel', 'Jovnna', 'Áslat', 'Nilas'],
		neutral: ['Gáddja']
	},
	danish: {
		female: ['Mette', 'Signe', 'Camilla', 'Pernille', 'Trine', 'Dorthe'],
		male: ['Søren', 'Jens', 'Rasmus', 'Mads', 'Niels', 'Jesper'],
		neutral: ['Kim']
	},
	norwegian: {
		female: ['Ingvild', 'Solveig', 'Kari', 'Silje', 'Ragnhild', 'Tone'],
		male: ['Ole', 'Håvard', 'Eirik', 'Torbjørn', 'Sindre', 'Øyvind'],
		neutral: ['Eli']
	}
} as const;

export const LAST_NAMES = {
	swedish: [
		'Andersson',
		'Johansson',
		'Karlsson',
		'Nilsson',
		'Eriksson',
		'Larsson',
		'Olsson',
		'Persson',
		'Svensson',
		'Gustafsson',
		'Pettersson',
		'Jonsson',
		'Lindberg',
		'Lindström',
		'Lindqvist',
		'Lundgren',
		'Berglund',
		'Bergström',
		'Sjöberg',
		'Holmberg',
		'Nordström',
		'Lundberg',
		'Öberg',
		'Hedlund',
		'Forsberg',
		'Sandberg',
		'Åström',
		'Nyström',
		'Wikström',
		'Lindgren',
		'Marklund',
		'Burman',
		'Nordin',
		'Sundström',
		'Engström',
		'Dahlberg',
		'Söderberg',
		'Hägglund',
		'Lidström',
		'Granberg',
		'Boström',
		'Sjögren',
		'Edlund',
		'Backman',
		'Strand',
		'Ek',
		'Hellström',
		'Wallin',
		'Öhman',
		'Vikström'
	],
	finnish: [
		'Niemi',
		'Korhonen',
		'Virtanen',
		'Mäkinen',
		'Heikkinen',
		'Koskinen',
		'Keskitalo',
		'Pekkari',
		'Alatalo',
		'Rantala'
	],
	sami: ['Labba', 'Kuhmunen', 'Sunna', 'Utsi', 'Sarri', 'Valkeapää', 'Omma', 'Blind', 'Kitok', 'Pirak'],
	danish: ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Rasmussen', 'Sørensen', 'Kristensen', 'Møller'],
	norwegian: ['Hansen', 'Haugen', 'Bakken', 'Solberg', 'Berg', 'Dahl', 'Kristiansen', 'Strøm', 'Løvås']
} as const;

export type Origin = keyof typeof LAST_NAMES;
export const ORIGIN_WEIGHTS: Record<Origin, number> = {
	swedish: 82,
	finnish: 8,
	sami: 4,
	danish: 3,
	norwegian: 3
};

/** ASCII local part for demo e-mail addresses: "Åsa Öberg" → "asa.oberg". */
export function emailSlug(value: string): string {
	return value
		.toLocaleLowerCase('sv')
		.replace(/æ/g, 'ae')
		.replace(/ø/g, 'o')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}
