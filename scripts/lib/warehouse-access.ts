// How a command reaches the warehouse: directly when no process holds it; through
// the running server when the server does (it owns the file while it runs); and
// when another command is writing it, by waiting for it to finish — up to
// FIELDLOOP_LOCK_WAIT seconds (default 60), then a one-line refusal.
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { cleanStaleTemp } from '../../src/lib/server/ingest/temp';
import { readEnv } from '../../src/lib/server/config';
import { COMMANDS, type CommandArgs, type CommandName, type CommandResult } from '../../src/lib/server/commands';
import { readServerInfo, type ServerInfo } from '../../src/lib/server/store';
import { Warehouse } from '../../src/lib/server/warehouse';
import { alive } from './pid';

/** A refusal to print as one line, with the exit code to end on. */
export class AccessError extends Error {
	constructor(
		message: string,
		readonly exitCode: number
	) {
		super(message);
	}
}

const EXIT_BUSY = 3;

export interface AccessOptions {
	memoryLimit?: string;
	/** called once when the command has to wait for another one */
	onWait?: (pid: number | null) => void;
}

export interface LocalRun<R> {
	/** runs instead of the declared command when the warehouse is opened here (to show progress, say) */
	local?: (wh: Warehouse) => Promise<R>;
}

export async function runCommand<N extends CommandName>(
	db: string,
	name: N,
	args: CommandArgs<N>,
	opts: AccessOptions & LocalRun<CommandResult<N>> = {}
): Promise<CommandResult<N>> {
	const cmd = COMMANDS[name] as unknown as { writes: boolean; run: (wh: Warehouse, a: CommandArgs<N>) => Promise<CommandResult<N>> };
	const waitMs = readEnv().lockWaitSeconds * 1000;
	const deadline = Date.now() + waitMs;
	let told = false;
	for (;;) {
		let wh: Warehouse;
		try {
			wh = await Warehouse.open(db, { readOnly: !cmd.writes && existsSync(db), memoryLimit: opts.memoryLimit });
		} catch (err) {
			const holder = Warehouse.lockHolder(err);
			if (!holder) throw err;
			const server = readServerInfo(db);
			if (server && alive(server.pid) && (holder.pid === null || holder.pid === server.pid)) return remote(server, name, args);
			if (Date.now() >= deadline)
				throw new AccessError(
					`${db} is being written by another process${holder.pid ? ` (pid ${holder.pid})` : ''}; try again when it has finished`,
					EXIT_BUSY
				);
			if (!told) opts.onWait?.(holder.pid);
			told = true;
			await new Promise((r) => setTimeout(r, 250));
			continue;
		}
		try {
			if (cmd.writes) cleanStaleTemp(db);
			return await (opts.local ? opts.local(wh) : cmd.run(wh, args));
		} finally {
			wh.close();
		}
	}
}

/** Runs the command inside the server (plain node:http: an ingest may take longer than fetch's time-outs). */
function remote<N extends CommandName>(server: ServerInfo, name: N, args: CommandArgs<N>): Promise<CommandResult<N>> {
	const body = JSON.stringify(args);
	const url = new URL(`/api/internal/${name}`, server.url);
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{
				method: 'POST',
				headers: { authorization: `Bearer ${server.secret}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => {
					let parsed: { result?: CommandResult<N>; error?: string };
					try {
						parsed = JSON.parse(text);
					} catch {
						return reject(new AccessError(`the server at ${server.url} answered ${res.statusCode} without JSON`, 1));
					}
					if (res.statusCode === 200 && parsed.result !== undefined) resolve(parsed.result);
					else reject(new AccessError(parsed.error ?? `the server answered ${res.statusCode}`, res.statusCode === 409 ? 2 : 1));
				});
			}
		);
		req.on('error', (err) =>
			reject(new AccessError(`the server (pid ${server.pid}) holds ${server.db} but cannot be reached: ${err.message}`, 1))
		);
		req.end(body);
	});
}

/** runCommand for a command whose only output is its result: a refusal is printed as one line and ends the process. */
export async function runOrExit<N extends CommandName>(db: string, name: N, args: CommandArgs<N>): Promise<CommandResult<N>> {
	try {
		return await runCommand(db, name, args, {
			onWait: (pid) => process.stderr.write(`waiting for another process${pid ? ` (pid ${pid})` : ''} writing ${db} …\n`)
		});
	} catch (err) {
		process.stderr.write(`fieldloop: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
		process.exit(err instanceof AccessError ? err.exitCode : 1);
	}
}
