import { HttpClient } from './tests/support/client.ts';
const base = 'http://localhost:5219';
const p = new HttpClient(base);
await p.signIn('participant@demo.klok', 'demo');
for (const path of ['/catalogue/sessions/43', '/catalogue?pageSize=3']) {
	const text = await (await p.get(path)).text();
	const main = text.slice(text.indexOf('<main'), text.indexOf('</main>'));
	console.log('=====', path, '\n', main.replace(/<!--[^>]*-->/g, '').replace(/<[^>]+>/g, ' ').replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').slice(0, 1800));
}
