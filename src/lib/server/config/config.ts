import { z } from 'zod';

/**
 * Every environment variable Klok reads, validated once. A bad value stops start-up with a
 * message naming the variable instead of failing later in some request.
 */
const envSchema = z.object({
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
		.optional(),
	SQLITE_PATH: z.string().min(1).default('data/klok.sqlite'),
	SMTP_URL: z.string().url().optional(),
	MAIL_FROM: z.string().min(3).default('Klok <no-reply@klok.invalid>'),
	ORIGIN: z.string().url().optional(),
	KLOK_DEMO_PASSWORD: z.string().min(1).default('demo'),
	KLOK_NO_DEMO: z.enum(['0', '1', 'true', 'false']).optional(),
	SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
	LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
	/** Log every query that takes at least this many milliseconds (unset: no query log). */
	SLOW_QUERY_MS: z.coerce.number().min(0).optional(),
	// xAPI: the Learning Record Store statements go to (without it they are kept for download).
	KLOK_XAPI_ENDPOINT: z.string().url('KLOK_XAPI_ENDPOINT must be a URL (the LRS xAPI endpoint)').optional(),
	KLOK_XAPI_USERNAME: z.string().min(1).optional(),
	KLOK_XAPI_PASSWORD: z.string().min(1).optional(),
	// Open Badges: the secret that encrypts the issuer's private key (else a file under data/).
	KLOK_BADGE_SECRET: z.string().min(16, 'KLOK_BADGE_SECRET must have at least 16 characters').optional()
});

export type Config = z.infer<typeof envSchema>;

let cached: Config | undefined;

/** Parses `process.env` (or the given record) into a typed configuration. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
	const parsed = envSchema.safeParse(cleaned);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
	}
	return parsed.data;
}

/** The process-wide configuration, parsed on first use. */
export function config(): Config {
	cached ??= loadConfig();
	return cached;
}
