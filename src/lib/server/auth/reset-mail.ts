import { translate, type Locale } from '#lib/i18n/index.ts';
import { escapeHtml } from '../mail/mail.service.ts';

/** A rendered message: plain text plus a simple HTML version with the same content. */
export interface RenderedMail {
	subject: string;
	text: string;
	html: string;
}

/** The password-reset e-mail in `locale`. */
export function passwordResetMail(
	locale: Locale,
	input: { name: string; link: string; minutes: number }
): RenderedMail {
	const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
		translate(locale, key, params);
	const greeting = t('mail.greeting', { name: input.name });
	const paragraphs = [
		t('mail.reset.intro'),
		t('mail.reset.expiry', { minutes: input.minutes }),
		t('mail.reset.ignore')
	];
	const text = [
		greeting,
		'',
		paragraphs[0],
		'',
		t('mail.reset.action'),
		input.link,
		'',
		paragraphs[1],
		paragraphs[2],
		'',
		'-- ',
		t('mail.automatic')
	].join('\n');
	const link = escapeHtml(input.link);
	const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(t('mail.reset.subject'))}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #1b1f24;">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(paragraphs[0]!)}</p>
<p><a href="${link}">${escapeHtml(t('mail.reset.button'))}</a></p>
<p>${escapeHtml(t('mail.reset.action'))}<br>${link}</p>
<p>${escapeHtml(paragraphs[1]!)} ${escapeHtml(paragraphs[2]!)}</p>
<p style="color: #555;">${escapeHtml(t('mail.automatic'))}</p>
</body></html>`;
	return { subject: t('mail.reset.subject'), text, html };
}
