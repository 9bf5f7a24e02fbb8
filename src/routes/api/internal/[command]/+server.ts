// The command line's way in while the server holds the warehouse
// (src/lib/server/commands.ts). Only a caller that can read the secret the
// server wrote beside the warehouse gets through.
import { COMMANDS, isCommand } from '$lib/server/commands';
import { UndoRefused } from '$lib/server/ingest/undo';
import { readAny, serverSecret, write } from '$lib/server/store';
import { tokenMatches } from '$lib/server/upload';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ params, request }) => {
	const secret = serverSecret();
	if (!secret || !tokenMatches(request.headers.get('authorization')?.replace(/^Bearer\s+/i, ''), secret))
		return Response.json({ error: 'not allowed' }, { status: 401 });
	if (!isCommand(params.command)) return Response.json({ error: 'unknown command' }, { status: 404 });
	const cmd = COMMANDS[params.command] as { writes: boolean; run: (wh: never, args: unknown) => Promise<unknown> };
	let args: unknown;
	try {
		args = await request.json();
	} catch {
		return Response.json({ error: 'the body must be JSON' }, { status: 400 });
	}
	try {
		const result = cmd.writes ? await write((wh) => cmd.run(wh as never, args)) : await cmd.run((await readAny()) as never, args);
		return Response.json({ result });
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		return Response.json({ error: message, refused: err instanceof UndoRefused }, { status: err instanceof UndoRefused ? 409 : 500 });
	}
};
