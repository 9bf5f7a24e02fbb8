// Ending a command whose answer may be large. process.exit() drops whatever a pipe
// has not taken yet: `npm run -s ingest -- --json … | slow-reader` got the first
// 64 KB of a 1.3 MB answer. This waits until stdout and stderr have handed
// everything over.
export async function exitFlushed(code: number): Promise<never> {
	await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((done) => s.write('', () => done()))));
	process.exit(code);
}
