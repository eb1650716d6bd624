/**
 * A listener on another port that stands in for "another origin" in redirect tests: it records
 * every request (with its Authorization header, if any) and answers like a RAGFlow would, so a
 * client that followed a redirect there would see a plausible success.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface OtherOrigin {
	url: string;
	requests: Array<{ method: string; url: string; authorization?: string }>;
	close(): Promise<void>;
}

export async function otherOrigin(): Promise<OtherOrigin> {
	const requests: OtherOrigin['requests'] = [];
	const sockets = new Set<Socket>();
	const server = createServer((req, res) => {
		requests.push({
			method: req.method ?? '',
			url: req.url ?? '',
			authorization: req.headers.authorization,
		});
		req.resume();
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify({ code: 0, data: { id: 'foreign', chunks: [], answer: 'foreign' } }));
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			}),
	};
}
