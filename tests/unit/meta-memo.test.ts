// meta read once per known data version (meta-memo.ts): the server (store.ts) tells the version after each change
// and null while one runs; without a version every read goes to the table. Checked here with the statements
// counted: what a read returns at each step, and how many times meta was read.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { knownVersion, metaRows, metaValue, perVersion } from '../../src/lib/server/meta-memo';
import { route } from '../../src/lib/server/rollup';
import type { Params } from '../../src/lib/server/sql-runner';
import { Warehouse } from '../../src/lib/server/warehouse';

let wh: Warehouse;
let reads: number;

beforeEach(async () => {
	wh = await Warehouse.open(':memory:');
	reads = 0;
	const all = Warehouse.prototype.all;
	vi.spyOn(Warehouse.prototype, 'all').mockImplementation(function (this: Warehouse, sql: string, params?: Params) {
		if (/FROM meta\b/.test(sql)) reads++;
		return all.call(this, sql, params);
	});
});

afterEach(() => {
	vi.restoreAllMocks();
	wh.close();
});

const setMeta = (k: string, v: string) =>
	wh.run(`INSERT INTO meta VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, { k, v });

describe('meta read once per known data version', () => {
	it('reads the table every time while no version is known (tests, the command line)', async () => {
		await setMeta('x', '1');
		expect(await metaValue(wh, 'x')).toBe('1');
		await setMeta('x', '2');
		expect(await metaValue(wh, 'x')).toBe('2');
		expect(reads).toBe(2);
	});

	it('reads it once per version, on any connection of the instance, and again after a change', async () => {
		await setMeta('x', '1');
		knownVersion(wh, 7);
		const forked = await wh.fork();
		expect(await metaValue(wh, 'x')).toBe('1');
		expect(await metaValue(forked, 'x')).toBe('1');
		expect(await wh.aside((c) => metaValue(c, 'x'))).toBe('1');
		expect((await metaRows(wh)).get('x')).toBe('1');
		expect(reads).toBe(1);
		// a change runs: no memo (what the writer reads inside its transaction is its own)
		knownVersion(wh, null);
		await setMeta('x', '2');
		expect(await metaValue(wh, 'x')).toBe('2');
		expect(await metaValue(forked, 'x')).toBe('2');
		expect(reads).toBe(3);
		// the change is done: the new version, read once
		knownVersion(wh, 8);
		expect(await metaValue(forked, 'x')).toBe('2');
		expect(await metaValue(wh, 'x')).toBe('2');
		expect(reads).toBe(4);
		forked.close();
	});

	it('keeps a version to the instance it was told for', async () => {
		const other = await Warehouse.open(':memory:');
		reads = 0; // its open read meta
		try {
			knownVersion(wh, 1);
			await metaValue(wh, 'x');
			await metaValue(wh, 'x');
			await metaValue(other, 'x');
			await metaValue(other, 'x');
			expect(reads).toBe(3);
		} finally {
			other.close();
		}
	});

	it('keeps each key apart, and does not keep a failed read', async () => {
		knownVersion(wh, 5);
		let a = 0;
		let b = 0;
		expect(await perVersion(wh, 'a', async () => ++a)).toBe(1);
		expect(await perVersion(wh, 'b', async () => ++b * 10)).toBe(10);
		expect(await perVersion(wh, 'a', async () => ++a)).toBe(1);
		await expect(perVersion(wh, 'c', () => Promise.reject(new Error('busy')))).rejects.toThrow('busy');
		expect(await perVersion(wh, 'c', async () => 'read again')).toBe('read again');
		knownVersion(wh, 6);
		expect(await perVersion(wh, 'a', async () => ++a)).toBe(2);
	});

	it('route() reads the stamps through it: one meta read for many routed figures at one version', async () => {
		knownVersion(wh, 3);
		const a = await route(wh, {});
		for (let i = 0; i < 5; i++) expect((await route(wh, { region: 'x' })).table).toBeTruthy();
		expect(reads).toBe(1);
		// without a version each route() reads the stamps
		knownVersion(wh, null);
		reads = 0;
		expect((await route(wh, {})).table).toBe(a.table);
		await route(wh, {});
		expect(reads).toBe(2);
	});
});
