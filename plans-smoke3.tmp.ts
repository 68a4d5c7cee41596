import { createDb } from '#lib/server/db/database.ts';
import { signIn } from '#lib/server/auth/auth.service.ts';
const db = createDb({ sqlitePath: '/tmp/plans-smoke/klok.sqlite' });
console.log(await signIn(db, { email: 'manager@basic.test', password: 'correct horse battery' }));
console.log(await db.selectFrom('people').select(['id','emailNormalized']).execute());
await db.destroy();
