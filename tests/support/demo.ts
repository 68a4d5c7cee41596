import type { Db } from '#lib/server/db/index.ts';
import type { Role } from '#lib/server/db/schema.ts';
import { createDemo, DEMO_LOGINS } from '#lib/server/demo/demo.ts';

/** The demo's password in tests (the default of KLOK_DEMO_PASSWORD). */
export const DEMO_PASSWORD = 'demo';

/** The demo login of each role, e.g. `demoLogin('manager')` → `manager@demo.klok`. */
export function demoLogin(role: Role): string {
	const login = DEMO_LOGINS.find((l) => l.role === role);
	if (!login) throw new Error(`the demo has no ${role} login`);
	return login.email;
}

/**
 * Creates the demo programme straight on a test database (before its server starts), with a
 * small staff count so tests stay fast.
 */
export async function seedDemo(db: Db, options: { people?: number } = {}): Promise<{ programmeId: number }> {
	return createDemo(db, { people: options.people ?? 120, password: DEMO_PASSWORD });
}
