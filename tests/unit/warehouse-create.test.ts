// A process killed while it makes a new warehouse must not leave a file that no later open can read:
// the first ingest of a new installation is exactly that moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Warehouse } from '../../src/lib/server/warehouse';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;

/** Opens a new warehouse in a child; kills it `killAfterMs` after it says it starts opening (never, when undefined). */
function openNew(db: string, killAfterMs?: number) {
	return new Promise<{ code: number | null; openMs: number }>((resolve) => {
		const p = spawn(process.execPath, ['--import', 'tsx', 'tests/unit/fixtures/open-new-warehouse.ts', db], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'ignore']
		});
		let t0 = 0;
		let openMs = -1;
		let timer: NodeJS.Timeout | null = null;
		p.stdout.on('data', (b: Buffer) => {
			const text = b.toString();
			if (text.includes('opening') && !t0) {
				t0 = Date.now();
				if (killAfterMs !== undefined) timer = setTimeout(() => p.kill('SIGKILL'), killAfterMs);
			}
			if (text.includes('open\n') && t0) openMs = Date.now() - t0;
		});
		p.on('exit', (code) => {
			if (timer) clearTimeout(timer);
			resolve({ code, openMs });
		});
	});
}

async function schemaOf(db: string): Promise<string | null> {
	const wh = await Warehouse.open(db, { readOnly: true });
	try {
		return (await wh.one<{ v: string }>(`SELECT value AS v FROM meta WHERE key = 'schema_version'`)).v;
	} finally {
		wh.close();
	}
}

beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-create-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('making a new warehouse', () => {
	it('a kill at any moment leaves no warehouse or a whole one, and the next open makes it', async () => {
		const reference = path.join(dir, 'reference.duckdb');
		const full = await openNew(reference);
		expect(full.code).toBe(0);
		const schema = await schemaOf(reference);
		expect(schema).not.toBeNull();
		// kills spread from the start of the open to past its end, dense where DuckDB writes the new file's first blocks
		const moments = [0, 2, 5, 10, 20, 35, 50, 75, 100, 150, 200, 300, 450].filter((ms) => ms < full.openMs * 1.5);
		moments.push(full.openMs, Math.round(full.openMs * 1.2));
		const outcomes: { at: number; left: 'none' | 'whole' | 'unreadable' }[] = [];
		for (const [i, at] of moments.entries()) {
			const db = path.join(dir, `trial-${i}.duckdb`);
			await openNew(db, at);
			let left: 'none' | 'whole' | 'unreadable' = 'none';
			if (fs.existsSync(db)) left = (await schemaOf(db).catch(() => null)) === schema ? 'whole' : 'unreadable';
			outcomes.push({ at, left });
			// the next open (a rerun of the command) makes it, and clears what the killed one left half-made
			expect((await openNew(db)).code).toBe(0);
			expect(await schemaOf(db)).toBe(schema);
		}
		console.log(`[warehouse-create] open ${full.openMs} ms; ${outcomes.map((o) => `${o.at}ms:${o.left}`).join(' ')}`);
		expect(outcomes.filter((o) => o.left === 'unreadable')).toEqual([]);
		// the kills did land inside the open: some left nothing
		expect(outcomes.filter((o) => o.left === 'none').length).toBeGreaterThan(0);
		expect(fs.readdirSync(dir).filter((f) => f.includes('.making-'))).toEqual([]);
	}, 300_000);

	it('the half-made file of a dead process is removed, a live one is left alone', async () => {
		const db = path.join(dir, 'leftover.duckdb');
		const dead = path.join(dir, `.leftover.duckdb.making-999999999-1`);
		const live = path.join(dir, `.leftover.duckdb.making-${process.pid}-1`);
		fs.writeFileSync(dead, 'half');
		fs.writeFileSync(live, 'mine');
		(await Warehouse.open(db)).close();
		expect(fs.existsSync(dead)).toBe(false);
		expect(fs.existsSync(live)).toBe(true);
		expect(await schemaOf(db)).not.toBeNull();
	});
});
