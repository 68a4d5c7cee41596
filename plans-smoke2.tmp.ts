import { spawn } from 'node:child_process';
import { HttpClient } from './tests/support/client.ts';
import { BASIC_LOGINS, BASIC_PASSWORD } from './tests/support/seed.ts';
const port = 5199; const url = `http://127.0.0.1:${port}`;
const server = spawn('npx', ['vite', 'dev', '--port', String(port), '--host', '127.0.0.1', '--strictPort'], { env: { ...process.env, SQLITE_PATH: '/tmp/plans-smoke/klok.sqlite', KLOK_NO_DEMO: '1', ORIGIN: url }, stdio: ['ignore', 'pipe', 'pipe'] });
let out = ''; server.stdout.on('data', (d) => (out += d)); server.stderr.on('data', (d) => (out += d));
for (let i = 0; i < 60; i++) { try { await fetch(url + '/healthz'); break; } catch { await new Promise((r) => setTimeout(r, 500)); } }
const c = new HttpClient(url);
const r = await c.postForm('/sign-in', { email: BASIC_LOGINS.manager, password: BASIC_PASSWORD });
const txt = await r.text(); console.log(r.status, txt.match(/role="alert"[^]*?<\/p>/)?.[0]);
server.kill('SIGTERM');
console.log(out.slice(-2000));
process.exit(0);
