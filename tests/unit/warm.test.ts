// The warm-up when the server starts (src/lib/server/warm.ts): on by default, off with FIELDLOOP_WARM=0, and it never
// makes a warehouse that does not exist yet (the server would then hold a file nobody loaded, from its start).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { resetConfig } from '../../src/lib/server/config';
import { warmFirstPage } from '../../src/lib/server/warm';

const saved = { DB: process.env.DB, FIELDLOOP_WARM: process.env.FIELDLOOP_WARM };
const dirs: string[] = [];

afterEach(() => {
	for (const [k, v] of Object.entries(saved)) {
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	}
	resetConfig();
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function missingWarehouse(): string {
	const dir = mkdtempSync(join(tmpdir(), 'fl-warm-'));
	dirs.push(dir);
	return join(dir, 'none', 'warehouse.duckdb');
}

it.each([
	['unset (the default)', undefined],
	['1', '1']
])('with FIELDLOOP_WARM %s, it leaves a warehouse that does not exist alone: nothing asked, no file made', async (_, value) => {
	const db = missingWarehouse();
	process.env.DB = db;
	if (value === undefined) delete process.env.FIELDLOOP_WARM;
	else process.env.FIELDLOOP_WARM = value;
	resetConfig();
	expect(await warmFirstPage()).toEqual([]);
	expect(existsSync(db)).toBe(false);
	expect(existsSync(join(db, '..'))).toBe(false);
});
