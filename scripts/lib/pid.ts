// Whether a process still runs: the commands ask it of the server that wrote
// its pid beside the warehouse (src/lib/server/store.ts readServerInfo).

/** true while the process runs (EPERM: it runs as another user) */
export function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}
