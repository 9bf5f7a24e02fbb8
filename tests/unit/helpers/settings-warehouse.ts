// What the metric tests share: for the tests of one file (or one describe), a temp
// folder, a settings file that FIELDLOOP_SETTINGS names while they run, and a
// warehouse filled by the test's own loader; all of it undone after them.
import { afterAll, beforeAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resetConfig } from '../../../src/lib/server/config';
import { Warehouse } from '../../../src/lib/server/warehouse';

export interface SettingsWarehouse {
	/** the temp folder fl-<prefix>-…: settings.json and w.duckdb are in it, and whatever the loader writes */
	dir: string;
	wh: Warehouse;
}

/**
 * Registers a beforeAll that makes the folder, writes `settings` to settings.json,
 * points FIELDLOOP_SETTINGS at it (the config read afresh), opens the warehouse and
 * runs `load`; and an afterAll that closes the warehouse, gives FIELDLOOP_SETTINGS
 * back its old value and removes the folder. The returned object is filled in by
 * the time the tests run.
 */
export function useSettingsWarehouse(
	prefix: string,
	settings: object,
	load: (dir: string, wh: Warehouse) => Promise<void> | void
): SettingsWarehouse {
	const fx = {} as SettingsWarehouse;
	let saved: string | undefined;
	beforeAll(async () => {
		saved = process.env.FIELDLOOP_SETTINGS;
		fx.dir = fs.mkdtempSync(path.join(os.tmpdir(), `fl-${prefix}-`));
		const settingsPath = path.join(fx.dir, 'settings.json');
		fs.writeFileSync(settingsPath, JSON.stringify(settings));
		process.env.FIELDLOOP_SETTINGS = settingsPath;
		resetConfig();
		fx.wh = await Warehouse.open(path.join(fx.dir, 'w.duckdb'));
		await load(fx.dir, fx.wh);
	});
	afterAll(() => {
		fx.wh?.close();
		if (saved === undefined) delete process.env.FIELDLOOP_SETTINGS;
		else process.env.FIELDLOOP_SETTINGS = saved;
		resetConfig();
		if (fx.dir) fs.rmSync(fx.dir, { recursive: true, force: true });
	});
	return fx;
}
