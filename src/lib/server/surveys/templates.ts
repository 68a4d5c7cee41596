import type { QuestionType, SurveyKind } from '../db/schema.ts';
import type { I18nText } from './i18n-text.ts';
import { LEARNING_SITUATIONS, LEARNING_SITUATIONS_TEXT, SCALE_CODES } from './scales.service.ts';
import type { TemplateKey } from './surveys.schema.ts';

/**
 * Ready-made surveys for the kinds the seeds describe. A template names its scales by code
 * (resolved to the built-in scales when the survey is created) and its conditions by a key
 * local to the template.
 */
export interface TemplateQuestion {
	key?: string;
	type: QuestionType;
	text: I18nText;
	scale?: string;
	options?: I18nText[];
	statements?: I18nText[];
	maxPicks?: number;
	min?: number;
	max?: number;
	required?: boolean;
	showWhen?: { key: string; values: number[] };
}

export interface TemplateSection {
	title: I18nText;
	questions: TemplateQuestion[];
}

export interface SurveyTemplate {
	key: TemplateKey;
	kind: SurveyKind;
	title: I18nText;
	intro: I18nText;
	/** Questions before the first section. */
	questions?: TemplateQuestion[];
	sections: TemplateSection[];
}

const comment = (en: string, sv: string, da?: string): TemplateQuestion => ({
	type: 'text',
	text: da ? { en, sv, da } : { en, sv }
});

const courseEvaluation: SurveyTemplate = {
	key: 'course_evaluation',
	kind: 'course_evaluation',
	title: { en: 'Course evaluation', sv: 'Kursutvärdering', da: 'Kursusevaluering', nb: 'Kursevaluering' },
	intro: {
		en: 'You took part in this activity. Your answers help us improve the programme. They are anonymous.',
		sv: 'Du deltog i den här aktiviteten. Dina svar hjälper oss att förbättra programmet. De är anonyma.'
	},
	sections: [
		{
			title: { en: 'The activity', sv: 'Aktiviteten' },
			questions: [
				{
					type: 'matrix',
					scale: SCALE_CODES.agreement,
					required: true,
					text: { en: 'What do you think of the activity?', sv: 'Vad tycker du om aktiviteten?' },
					statements: [
						{ en: 'The content was relevant to my work', sv: 'Innehållet var relevant för mitt arbete' },
						{ en: 'The trainer presented the content well', sv: 'Föreläsaren presenterade innehållet väl' },
						{ en: 'I learned something new', sv: 'Jag lärde mig något nytt' },
						{
							en: 'I will apply what I learned at work',
							sv: 'Jag kommer att använda det jag lärt mig i arbetet'
						},
						{ en: 'I would recommend it to a colleague', sv: 'Jag skulle rekommendera den till en kollega' }
					]
				},
				{
					type: 'single',
					scale: SCALE_CODES.degree,
					text: {
						en: 'To what degree did the activity meet your expectations?',
						sv: 'I vilken grad motsvarade aktiviteten dina förväntningar?'
					}
				}
			]
		},
		{
			title: { en: 'After the activity', sv: 'Efter aktiviteten' },
			questions: [
				comment(
					'What will you apply in your work, and when?',
					'Vad kommer du att använda i ditt arbete, och när?'
				),
				comment('Other comments', 'Övriga kommentarer')
			]
		}
	]
};

const baseline: SurveyTemplate = {
	key: 'baseline',
	kind: 'baseline',
	title: { en: 'Baseline survey', sv: 'Nollmätning', da: 'Nulpunktsmåling', nb: 'Nullpunktsmåling' },
	intro: {
		en: 'Before the programme starts we want to know how learning works at your workplace today. The same questions will be asked again later.',
		sv: 'Innan programmet börjar vill vi veta hur lärandet fungerar på din arbetsplats i dag. Samma frågor ställs igen senare.'
	},
	sections: [
		{
			title: { en: 'Learning at your workplace', sv: 'Lärande på din arbetsplats' },
			questions: [
				{
					type: 'matrix',
					scale: SCALE_CODES.agreement,
					required: true,
					text: {
						en: 'How well do these statements describe your workplace?',
						sv: 'Hur väl stämmer påståendena på din arbetsplats?'
					},
					statements: [
						{ en: 'I have time for reflection at work', sv: 'Jag har tid för reflektion i arbetet' },
						{ en: 'We share knowledge at workplace meetings', sv: 'Vi delar kunskap på arbetsplatsträffar' },
						{
							en: 'My manager supports my competence development',
							sv: 'Min chef stödjer min kompetensutveckling'
						},
						{
							en: 'I know the goals of our workplace competence plan',
							sv: 'Jag känner till målen i vår arbetsplats kompetensplan'
						},
						{ en: 'I have an individual development plan', sv: 'Jag har en individuell utvecklingsplan' }
					]
				},
				{
					type: 'multi',
					maxPicks: 3,
					text: {
						en: 'Which areas do you most need to develop? Choose up to three.',
						sv: 'Vilka områden behöver du mest utveckla? Välj högst tre.'
					},
					options: [
						{ en: 'Learning and pedagogy', sv: 'Lärande och pedagogik' },
						{ en: 'Service encounter', sv: 'Bemötande' },
						{ en: 'IT and digital tools', sv: 'IT och digitala verktyg' },
						{ en: 'Marketing', sv: 'Marknadsföring' },
						{ en: 'Leadership', sv: 'Ledarskap' },
						{ en: 'Reading promotion', sv: 'Läsfrämjande' }
					]
				}
			]
		},
		{
			title: { en: 'Comments', sv: 'Kommentarer' },
			questions: [comment('Anything else you want to tell us?', 'Något annat du vill berätta?')]
		}
	]
};

const programmeSurvey: SurveyTemplate = {
	key: 'programme',
	kind: 'programme',
	title: { en: 'Programme survey to all staff', sv: 'Enkät till all personal' },
	intro: {
		en: 'This survey goes to all staff in the programme. Answer the statements on the scale; choose “Don’t know” when you cannot say.',
		sv: 'Enkäten går till all personal i programmet. Ta ställning till påståendena; välj ”Vet ej” när du inte kan svara.'
	},
	sections: [
		{
			title: { en: 'Taking part', sv: 'Deltagande' },
			questions: [
				{
					key: 'took_part',
					type: 'single',
					scale: SCALE_CODES.yesNo,
					required: true,
					text: {
						en: 'Have you taken part in at least one of the programme’s activities?',
						sv: 'Har du deltagit i minst en av programmets aktiviteter?'
					}
				},
				{
					type: 'matrix',
					scale: SCALE_CODES.agreement,
					showWhen: { key: 'took_part', values: [2] },
					text: { en: 'What did the activities give you?', sv: 'Vad har aktiviteterna gett dig?' },
					statements: [
						{
							en: 'The training has been useful in my work',
							sv: 'Utbildningen har varit användbar i mitt arbete'
						},
						{
							en: 'I have applied new knowledge in my work',
							sv: 'Jag har använt nya kunskaper i mitt arbete'
						},
						{
							en: 'I have shared what I learned with colleagues',
							sv: 'Jag har delat det jag lärt mig med kollegor'
						}
					]
				}
			]
		},
		{
			title: { en: 'The programme', sv: 'Programmet' },
			questions: [
				{
					type: 'matrix',
					scale: SCALE_CODES.agreement,
					required: true,
					text: {
						en: 'How well do these statements agree with your experience?',
						sv: 'Hur väl stämmer påståendena med din erfarenhet?'
					},
					statements: [
						{ en: 'I know the aims of the programme', sv: 'Jag känner till programmets syfte' },
						{ en: 'My manager has supported my participation', sv: 'Min chef har stöttat mitt deltagande' },
						{
							en: 'The programme has increased cooperation between workplaces',
							sv: 'Programmet har ökat samarbetet mellan arbetsplatserna'
						},
						{
							en: 'We have time to reflect on what we learn',
							sv: 'Vi har tid att reflektera över det vi lär oss'
						},
						{
							en: 'I would like the work to continue after the programme',
							sv: 'Jag vill att arbetet fortsätter efter programmet'
						}
					]
				},
				comment('What has been most valuable?', 'Vad har varit mest värdefullt?'),
				comment('What could be improved?', 'Vad kan förbättras?')
			]
		}
	]
};

const level = (title: I18nText, statements: I18nText[], commentText: I18nText): TemplateSection => ({
	title,
	questions: [
		{
			type: 'matrix',
			scale: SCALE_CODES.degree,
			required: true,
			text: {
				en: 'To what degree has the programme led to the following?',
				sv: 'I vilken grad har programmet lett till följande?',
				da: 'I hvilken grad har forløbet ført til følgende?'
			},
			statements
		},
		{ type: 'text', text: commentText }
	]
});

const longTerm: SurveyTemplate = {
	key: 'long_term',
	kind: 'long_term',
	title: { en: 'Long-term effect survey', sv: 'Effektmätning på lång sikt', da: 'Effektmåling på lang sigt' },
	intro: {
		en: 'Some years have passed since the programme. We ask what it has meant for you, your institution, its users and its visibility.',
		sv: 'Det har gått några år sedan programmet. Vi frågar vad det har betytt för dig, din verksamhet, dess användare och dess synlighet.',
		da: 'Der er gået nogle år siden forløbet. Vi spørger, hvad det har betydet for dig, din institution, borgerne og synligheden.'
	},
	sections: [
		level(
			{ en: 'Personal level', sv: 'Personlig nivå', da: 'Personligt niveau' },
			[
				{
					en: 'New knowledge that I still use',
					sv: 'Ny kunskap som jag fortfarande använder',
					da: 'Ny viden, som jeg stadig bruger'
				},
				{
					en: 'More confidence in my work',
					sv: 'Större trygghet i mitt arbete',
					da: 'Større sikkerhed i mit arbejde'
				}
			],
			{
				en: 'Comments on the personal level',
				sv: 'Kommentarer om den personliga nivån',
				da: 'Kommentarer til det personlige niveau'
			}
		),
		level(
			{ en: 'Institutional level', sv: 'Verksamhetsnivå', da: 'Institutionelt niveau' },
			[
				{
					en: 'New ways of working at my institution',
					sv: 'Nya arbetssätt i min verksamhet',
					da: 'Nye arbejdsformer på min institution'
				},
				{
					en: 'Lasting cooperation with partners',
					sv: 'Varaktigt samarbete med partner',
					da: 'Varigt samarbejde med partnere'
				}
			],
			{
				en: 'Comments on the institutional level',
				sv: 'Kommentarer om verksamhetsnivån',
				da: 'Kommentarer til det institutionelle niveau'
			}
		),
		level(
			{ en: 'Citizen level', sv: 'Medborgarnivå', da: 'Borgerniveau' },
			[
				{
					en: 'Citizens take part in creating our services',
					sv: 'Medborgare deltar i att skapa våra tjänster',
					da: 'Borgerne deltager i at skabe vores tilbud'
				},
				{ en: 'New groups of users', sv: 'Nya grupper av användare', da: 'Nye brugergrupper' }
			],
			{
				en: 'Comments on the citizen level',
				sv: 'Kommentarer om medborgarnivån',
				da: 'Kommentarer til borgerniveauet'
			}
		),
		level(
			{ en: 'Visibility', sv: 'Synlighet', da: 'Synlighed' },
			[
				{
					en: 'The library is more visible in the municipality',
					sv: 'Biblioteket syns mer i kommunen',
					da: 'Biblioteket er mere synligt i kommunen'
				},
				{
					en: 'Politicians know our work better',
					sv: 'Politikerna känner bättre till vårt arbete',
					da: 'Politikerne kender vores arbejde bedre'
				}
			],
			{ en: 'Comments on visibility', sv: 'Kommentarer om synlighet', da: 'Kommentarer til synlighed' }
		)
	]
};

const learningSituations: SurveyTemplate = {
	key: 'learning_situations',
	kind: 'learning_situations',
	title: { en: 'Learning at work', sv: 'Lärande i arbetet', da: 'Læring på jobbet', nb: 'Læring på jobben' },
	intro: {
		en: 'Eight situations in which people learn at work. Your answers give the experienced-learning index.',
		sv: 'Åtta situationer där man lär sig i arbetet. Dina svar ger indexet för upplevt lärande.',
		da: 'Otte situationer, hvor man lærer på jobbet. Dine svar giver målet for oplevet læring.'
	},
	sections: [
		{
			title: { en: 'Learning situations', sv: 'Lärandesituationer', da: 'Læringssituationer' },
			questions: [
				{
					type: 'learning_situations',
					text: LEARNING_SITUATIONS_TEXT,
					statements: [...LEARNING_SITUATIONS],
					required: true
				},
				{
					type: 'single',
					scale: SCALE_CODES.mainly,
					text: {
						en: 'Do you get the time you need to learn at work?',
						sv: 'Får du den tid du behöver för att lära dig i arbetet?',
						da: 'Får du den tid, du har brug for, til at lære på jobbet?'
					}
				},
				comment(
					'What helps or hinders your learning at work?',
					'Vad hjälper eller hindrar ditt lärande i arbetet?',
					'Hvad fremmer eller hæmmer din læring på jobbet?'
				)
			]
		}
	]
};

export const SURVEY_TEMPLATES: Record<TemplateKey, SurveyTemplate> = {
	course_evaluation: courseEvaluation,
	baseline,
	programme: programmeSurvey,
	long_term: longTerm,
	learning_situations: learningSituations
};
