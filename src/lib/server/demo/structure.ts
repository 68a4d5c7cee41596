/**
 * The demo's organisation: four northern Swedish counties, their municipalities, a university
 * and the regions' health organisations, with 30 libraries. `size` weights how staff are
 * spread; `teams` are sub-units of the larger libraries.
 */
export type WorkplaceType = 'county' | 'town' | 'hospital' | 'university';

export interface DemoWorkplace {
	name: string;
	code: string;
	/** E-mail domain prefix: staff get `…@<domain>.demo.klok`. */
	domain: string;
	type: WorkplaceType;
	size: number;
	teams?: { name: string; code: string }[];
}

export interface DemoOrganisation {
	name: string;
	code: string;
	workplaces: DemoWorkplace[];
}

export interface DemoRegion {
	name: string;
	code: string;
	organisations: DemoOrganisation[];
}

export const DEMO_REGIONS: DemoRegion[] = [
	{
		name: 'Region Västerbotten',
		code: 'AC',
		organisations: [
			{
				name: 'Region Västerbotten, regional utveckling',
				code: 'AC-RU',
				workplaces: [
					{
						name: 'Länsbiblioteket Västerbotten',
						code: 'AC-LB',
						domain: 'lansbibliotek-ac',
						type: 'county',
						size: 12
					}
				]
			},
			{
				name: 'Region Västerbotten, hälso- och sjukvård',
				code: 'AC-HS',
				workplaces: [
					{
						name: 'Patientbiblioteket Norrlands universitetssjukhus',
						code: 'AC-NUS',
						domain: 'nus-bibliotek',
						type: 'hospital',
						size: 8
					}
				]
			},
			{
				name: 'Umeå universitet',
				code: 'AC-UMU',
				workplaces: [
					{
						name: 'Umeå universitetsbibliotek',
						code: 'AC-UMUB',
						domain: 'ub-umu',
						type: 'university',
						size: 70,
						teams: [{ name: 'Forskarstöd', code: 'AC-UMUB-FS' }]
					}
				]
			},
			{
				name: 'Umeå kommun',
				code: 'AC-UME',
				workplaces: [
					{
						name: 'Umeå stadsbibliotek',
						code: 'AC-UME-SB',
						domain: 'umea-stadsbibliotek',
						type: 'town',
						size: 60,
						teams: [
							{ name: 'Barn och unga', code: 'AC-UME-SB-BU' },
							{ name: 'Vuxen och medier', code: 'AC-UME-SB-VM' }
						]
					},
					{
						name: 'Holmsunds bibliotek',
						code: 'AC-UME-HO',
						domain: 'holmsund-bibliotek',
						type: 'town',
						size: 8
					}
				]
			},
			{
				name: 'Skellefteå kommun',
				code: 'AC-SKE',
				workplaces: [
					{
						name: 'Skellefteå stadsbibliotek',
						code: 'AC-SKE-SB',
						domain: 'skelleftea-stadsbibliotek',
						type: 'town',
						size: 40,
						teams: [{ name: 'Läsfrämjande', code: 'AC-SKE-SB-LF' }]
					},
					{ name: 'Kåge bibliotek', code: 'AC-SKE-KA', domain: 'kage-bibliotek', type: 'town', size: 6 }
				]
			},
			{
				name: 'Lycksele kommun',
				code: 'AC-LYC',
				workplaces: [
					{
						name: 'Lycksele bibliotek',
						code: 'AC-LYC-B',
						domain: 'lycksele-bibliotek',
						type: 'town',
						size: 12
					}
				]
			}
		]
	},
	{
		name: 'Region Norrbotten',
		code: 'BD',
		organisations: [
			{
				name: 'Region Norrbotten, kultur och bildning',
				code: 'BD-KB',
				workplaces: [
					{
						name: 'Länsbiblioteket Norrbotten',
						code: 'BD-LB',
						domain: 'lansbibliotek-bd',
						type: 'county',
						size: 10
					}
				]
			},
			{
				name: 'Region Norrbotten, hälso- och sjukvård',
				code: 'BD-HS',
				workplaces: [
					{
						name: 'Sjukhusbiblioteket Sunderby sjukhus',
						code: 'BD-SUN',
						domain: 'sunderby-bibliotek',
						type: 'hospital',
						size: 7
					}
				]
			},
			{
				name: 'Luleå kommun',
				code: 'BD-LUL',
				workplaces: [
					{
						name: 'Luleå stadsbibliotek',
						code: 'BD-LUL-SB',
						domain: 'lulea-stadsbibliotek',
						type: 'town',
						size: 50,
						teams: [
							{ name: 'Barn och unga', code: 'BD-LUL-SB-BU' },
							{ name: 'Digital delaktighet', code: 'BD-LUL-SB-DD' }
						]
					},
					{
						name: 'Gammelstads bibliotek',
						code: 'BD-LUL-GA',
						domain: 'gammelstad-bibliotek',
						type: 'town',
						size: 5
					}
				]
			},
			{
				name: 'Kiruna kommun',
				code: 'BD-KIR',
				workplaces: [
					{
						name: 'Kiruna stadsbibliotek',
						code: 'BD-KIR-SB',
						domain: 'kiruna-stadsbibliotek',
						type: 'town',
						size: 18
					}
				]
			},
			{
				name: 'Piteå kommun',
				code: 'BD-PIT',
				workplaces: [
					{
						name: 'Piteå stadsbibliotek',
						code: 'BD-PIT-SB',
						domain: 'pitea-stadsbibliotek',
						type: 'town',
						size: 25
					}
				]
			},
			{
				name: 'Bodens kommun',
				code: 'BD-BOD',
				workplaces: [
					{
						name: 'Bodens stadsbibliotek',
						code: 'BD-BOD-SB',
						domain: 'boden-stadsbibliotek',
						type: 'town',
						size: 15
					}
				]
			},
			{
				name: 'Haparanda kommun',
				code: 'BD-HAP',
				workplaces: [
					{
						name: 'Haparanda stadsbibliotek',
						code: 'BD-HAP-SB',
						domain: 'haparanda-stadsbibliotek',
						type: 'town',
						size: 7
					}
				]
			}
		]
	},
	{
		name: 'Region Jämtland Härjedalen',
		code: 'Z',
		organisations: [
			{
				name: 'Region Jämtland Härjedalen, regional utveckling',
				code: 'Z-RU',
				workplaces: [
					{
						name: 'Länsbiblioteket Jämtland Härjedalen',
						code: 'Z-LB',
						domain: 'lansbibliotek-z',
						type: 'county',
						size: 8
					}
				]
			},
			{
				name: 'Region Jämtland Härjedalen, hälso- och sjukvård',
				code: 'Z-HS',
				workplaces: [
					{
						name: 'Patientbiblioteket Östersunds sjukhus',
						code: 'Z-OSS',
						domain: 'ostersund-sjukhusbibliotek',
						type: 'hospital',
						size: 5
					}
				]
			},
			{
				name: 'Östersunds kommun',
				code: 'Z-OST',
				workplaces: [
					{
						name: 'Östersunds bibliotek',
						code: 'Z-OST-B',
						domain: 'ostersund-bibliotek',
						type: 'town',
						size: 40,
						teams: [{ name: 'Barn och unga', code: 'Z-OST-B-BU' }]
					},
					{ name: 'Brunflo bibliotek', code: 'Z-OST-BR', domain: 'brunflo-bibliotek', type: 'town', size: 5 }
				]
			},
			{
				name: 'Åre kommun',
				code: 'Z-ARE',
				workplaces: [
					{ name: 'Åre bibliotek', code: 'Z-ARE-B', domain: 'are-bibliotek', type: 'town', size: 7 }
				]
			},
			{
				name: 'Bräcke kommun',
				code: 'Z-BRA',
				workplaces: [
					{ name: 'Bräcke bibliotek', code: 'Z-BRA-B', domain: 'bracke-bibliotek', type: 'town', size: 4 }
				]
			},
			{
				name: 'Härjedalens kommun',
				code: 'Z-HAR',
				workplaces: [
					{ name: 'Svegs bibliotek', code: 'Z-HAR-SV', domain: 'sveg-bibliotek', type: 'town', size: 6 }
				]
			}
		]
	},
	{
		name: 'Region Västernorrland',
		code: 'Y',
		organisations: [
			{
				name: 'Region Västernorrland, kultur',
				code: 'Y-KU',
				workplaces: [
					{
						name: 'Länsbiblioteket Västernorrland',
						code: 'Y-LB',
						domain: 'lansbibliotek-y',
						type: 'county',
						size: 9
					}
				]
			},
			{
				name: 'Region Västernorrland, hälso- och sjukvård',
				code: 'Y-HS',
				workplaces: [
					{
						name: 'Patientbiblioteket Sundsvalls sjukhus',
						code: 'Y-SDS',
						domain: 'sundsvall-sjukhusbibliotek',
						type: 'hospital',
						size: 6
					}
				]
			},
			{
				name: 'Mittuniversitetet',
				code: 'Y-MIUN',
				workplaces: [
					{
						name: 'Mittuniversitetets bibliotek',
						code: 'Y-MIUN-B',
						domain: 'bib-miun',
						type: 'university',
						size: 30
					}
				]
			},
			{
				name: 'Sundsvalls kommun',
				code: 'Y-SUN',
				workplaces: [
					{
						name: 'Sundsvalls stadsbibliotek',
						code: 'Y-SUN-SB',
						domain: 'sundsvall-stadsbibliotek',
						type: 'town',
						size: 45,
						teams: [{ name: 'Barn och unga', code: 'Y-SUN-SB-BU' }]
					},
					{
						name: 'Njurunda bibliotek',
						code: 'Y-SUN-NJ',
						domain: 'njurunda-bibliotek',
						type: 'town',
						size: 6
					}
				]
			},
			{
				name: 'Härnösands kommun',
				code: 'Y-HAR',
				workplaces: [
					{
						name: 'Härnösands bibliotek',
						code: 'Y-HAR-B',
						domain: 'harnosand-bibliotek',
						type: 'town',
						size: 14
					}
				]
			},
			{
				name: 'Örnsköldsviks kommun',
				code: 'Y-OVI',
				workplaces: [
					{
						name: 'Örnsköldsviks stadsbibliotek',
						code: 'Y-OVI-SB',
						domain: 'ovik-stadsbibliotek',
						type: 'town',
						size: 22
					}
				]
			},
			{
				name: 'Kramfors kommun',
				code: 'Y-KRA',
				workplaces: [
					{ name: 'Kramfors bibliotek', code: 'Y-KRA-B', domain: 'kramfors-bibliotek', type: 'town', size: 9 }
				]
			}
		]
	}
];

/** The five tracks of the KUB programme. */
export const DEMO_TRACKS = [
	{
		name: 'Lärande',
		description: 'Lärande i arbetet: förbereda, tillämpa och reflektera tillsammans (Learning).'
	},
	{
		name: 'Bemötande',
		description: 'Möten med besökare och kollegor: service, språk och tillgänglighet (Service encounter).'
	},
	{ name: 'IT', description: 'Digital kompetens för personal och för att stödja besökare (IT).' },
	{
		name: 'Marknadsföring',
		description: 'Synliggöra bibliotekets tjänster i sociala medier och lokalt (Marketing).'
	},
	{ name: 'Ledarskap', description: 'Leda lärande och förändring på arbetsplatsen (Leadership).' }
] as const;

/** The workplace whose manager is `manager@demo.klok` (a town library with teams below it). */
export const MANAGER_WORKPLACE_CODE = 'AC-UME-SB';
