// The production server: adapter-node's request handler (BUILD_DIR/handler.js,
// the documented way to run it inside a custom server) behind a thin layer that
// every request passes first, static /_app assets included (adapter-node serves
// those before any SvelteKit hook runs):
//   - a Host header this server does not answer to is refused (DNS rebinding),
//   - the security headers are set on every response.
// Usage: node scripts/serve.js [BUILD_DIR]   (default: $FIELDLOOP_BUILD_DIR or build)
// It reads the same variables as adapter-node's own build/index.js: HOST, PORT,
// ORIGIN, PROTOCOL_HEADER, BODY_SIZE_LIMIT, SHUTDOWN_TIMEOUT; and ALLOWED_HOSTS.
import http from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hostRefusal, SECURITY_HEADERS, STRICT_CSP } from '../src/lib/server/http-policy.js';

// Each DuckDB query the server runs holds one of libuv's pool threads until it ends (@duckdb/node-api runs them as
// async work), and the static files are read on the same pool: with its default 4 threads, the overview's data
// sources on a server just started held them all and its scripts waited (bench/README.md). Set before anything
// uses the pool (it is made on first use); a value in the environment wins.
process.env.UV_THREADPOOL_SIZE ??= '16';

const buildDir = resolve(process.argv[2] ?? process.env.FIELDLOOP_BUILD_DIR ?? 'build');
const { handler } = await import(pathToFileURL(resolve(buildDir, 'handler.js')).href);

const host = process.env.HOST ?? '0.0.0.0';
const port = Number(process.env.PORT ?? 3000);
const shutdownTimeout = Number(process.env.SHUTDOWN_TIMEOUT ?? 30);

const server = http.createServer((req, res) => {
	// set first, so that they are on every response; a page's own CSP (and any header SvelteKit sets) replaces these
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
	res.setHeader('content-security-policy', STRICT_CSP);
	const refused = hostRefusal(req.headers.host);
	if (refused) {
		res.writeHead(refused.status, { 'content-type': 'text/plain; charset=utf-8' }).end(refused.message);
		return;
	}
	handler(req, res, () => {
		res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
	});
});

server.listen({ host, port }, () => {
	const shown = host.includes(':') ? `[${host}]` : host;
	console.log(`Listening on http://${shown}:${port}`);
});

let stopping = false;
// while stopping, a connection is closed as soon as its request is answered (as adapter-node's own server does)
server.on('request', (req) => req.on('close', () => stopping && server.closeIdleConnections()));
function shutdown(reason) {
	if (stopping) return;
	stopping = true;
	server.closeIdleConnections();
	server.close(() => process.emit('sveltekit:shutdown', reason));
	setTimeout(() => server.closeAllConnections(), shutdownTimeout * 1000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
