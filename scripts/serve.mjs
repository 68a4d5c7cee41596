// Runs the built server (build/index.js, adapter-node) and restores the ORIGIN variable.
//
// Why: adapter-node 6 no longer reads ORIGIN. Without it the server derives its own origin
// from PROTOCOL_HEADER/HOST_HEADER and otherwise assumes https, so on plain http (a laptop,
// a test, an internal network) SvelteKit's CSRF check refuses every form post. When ORIGIN is
// set, this wrapper tells adapter-node to read protocol and host from two private headers and
// sets them on every request from ORIGIN (overwriting anything a client sent). Everything
// else — PORT, HOST, SOCKET_PATH, ADDRESS_HEADER, XFF_DEPTH, BODY_SIZE_LIMIT, SHUTDOWN_TIMEOUT,
// graceful shutdown on SIGTERM/SIGINT — is adapter-node's own. Behind a reverse proxy, either
// set ORIGIN to the public URL or set PROTOCOL_HEADER/HOST_HEADER (e.g. x-forwarded-proto,
// x-forwarded-host) and leave ORIGIN unset.
import fs from 'node:fs';
import path from 'node:path';
import { requireNode, root } from './lib.mjs';

requireNode();

const entry = path.join(root, 'build', 'index.js');
if (!fs.existsSync(entry)) {
	console.error('build/index.js is missing: run `npm run build` (or `npm start`, which builds when needed).');
	process.exit(1);
}

const PROTO = 'x-klok-origin-proto';
const HOST = 'x-klok-origin-host';
/** @type {URL | undefined} */
let origin;
if (process.env.ORIGIN) {
	try {
		origin = new URL(process.env.ORIGIN);
	} catch {
		console.error(`ORIGIN must be a URL such as https://klok.example.org; got "${process.env.ORIGIN}".`);
		process.exit(1);
	}
	if (origin.protocol !== 'http:' && origin.protocol !== 'https:') {
		console.error(`ORIGIN must start with http:// or https://; got "${process.env.ORIGIN}".`);
		process.exit(1);
	}
	if (process.env.PROTOCOL_HEADER || process.env.HOST_HEADER)
		console.warn('ORIGIN is set, so PROTOCOL_HEADER and HOST_HEADER are ignored.');
	// adapter-node reads these when its handler module loads, so set them before importing it.
	process.env.PROTOCOL_HEADER = PROTO;
	process.env.HOST_HEADER = HOST;
	delete process.env.PORT_HEADER;
}

// Imports (10,000-row files) and course materials (up to 20 MB) exceed adapter-node's 512K default.
process.env.BODY_SIZE_LIMIT ??= '25M';

const { server } = await import(entry);

if (origin) {
	const protocol = origin.protocol.slice(0, -1);
	const host = origin.host;
	// Runs before adapter-node's own request listener (added during the import above).
	server.prependListener('request', (/** @type {import('node:http').IncomingMessage} */ req) => {
		req.headers[PROTO] = protocol;
		req.headers[HOST] = host;
	});
}

// adapter-node closes the HTTP server on SIGTERM/SIGINT once requests finish; idle database
// connections could keep the process alive for a while after that, so leave promptly.
process.on('sveltekit:shutdown', () => {
	setTimeout(() => process.exit(0), 1000).unref();
});
