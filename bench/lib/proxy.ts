import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny round-robin HTTP reverse proxy (what a load balancer in front of several stateless
 * app instances does): each request goes to the next target in turn, with keep-alive
 * connections to the targets. Host and Origin are passed through unchanged.
 */
export interface RoundRobinProxy {
	url: string;
	/** Requests forwarded to each target, in target order. */
	counts: number[];
	close(): Promise<void>;
}

export async function startRoundRobinProxy(targets: string[], port = 0): Promise<RoundRobinProxy> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
	const upstream = targets.map((t) => new URL(t));
	const counts = targets.map(() => 0);
	let next = 0;
	/** Sends one buffered request upstream; retries once when a reused keep-alive socket was closed. */
	const send = (
		req: http.IncomingMessage,
		body: Buffer,
		res: http.ServerResponse,
		target: URL,
		retried: boolean
	) => {
		const forward = http.request(
			{
				agent,
				hostname: target.hostname,
				port: target.port,
				method: req.method,
				path: req.url,
				headers: req.headers
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			}
		);
		forward.on('error', (err: NodeJS.ErrnoException) => {
			// The app closed an idle keep-alive socket just as it was reused: the request never
			// reached it, so sending it again is safe (what Node's documentation recommends).
			if (!retried && forward.reusedSocket && err.code === 'ECONNRESET')
				return send(req, body, res, target, true);
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`proxy: ${err.message}`);
		});
		forward.end(body);
	};
	const server = http.createServer((req, res) => {
		const index = next;
		next = (next + 1) % upstream.length;
		counts[index]!++;
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => send(req, Buffer.concat(chunks), res, upstream[index]!, false));
	});
	server.keepAliveTimeout = 60_000;
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const { port: actual } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${actual}`,
		counts,
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			agent.destroy();
		}
	};
}
