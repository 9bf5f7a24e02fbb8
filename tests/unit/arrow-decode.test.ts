// The browser's Arrow reader (src/lib/client/arrow.ts) against apache-arrow's own: every Arrow data source of the
// contract, as the server encodes it (respond.ts encode), on the generated sample with the default filters and with
// narrow ones, and random tables of every column kind the server's rows make, read row for row into the same objects
// as `tableFromIPC(bytes).toArray().map((r) => r.toJSON())`. A stream it does not know (a date, a nested column) is
// left to apache-arrow: readArrowRows says null, and arrowRows (what source() uses) still gives apache-arrow's rows.
import { tableFromIPC, tableFromJSON, tableToIPC, Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPEAT_VISIT_DIMENSIONS, REWORK_DIMENSIONS, SOURCES, type SourceName } from '../../src/lib/api/contract';
import { readArrowRows } from '../../src/lib/client/arrow';
import { arrowRows } from '../../src/lib/client/api';
import { QUERIES } from '../../src/lib/server/api/queries';
import { effectiveFilters, encode } from '../../src/lib/server/api/respond';
import type { Warehouse } from '../../src/lib/server/warehouse';
import { sampleWarehouse } from './helpers/sample-warehouse';
import { tempDirMaker } from './helpers/temp-dir';
import { mulberry32 } from '../../scripts/sample/random';

const reference = (bytes: Uint8Array) =>
	tableFromIPC(bytes)
		.toArray()
		.map((r) => r.toJSON());

const streamOf = (rows: Record<string, unknown>[]) => tableToIPC(rows.length ? tableFromJSON(rows) : new Table(), 'stream');

describe('every Arrow data source, as the server sends it', () => {
	const tempDir = tempDirMaker('arrow');
	let wh: Warehouse;
	let region: string;
	let month: string;
	beforeAll(async () => {
		wh = await sampleWarehouse(tempDir(), 3000, 29);
		region = (await wh.one<{ r: string }>(`SELECT min(region) AS r FROM tickets`)).r;
		month = (await wh.one<{ m: string }>(`SELECT strftime(max(created_at) - INTERVAL 40 DAY, '%Y-%m') AS m FROM tickets`)).m;
	});
	afterAll(() => wh?.close());

	const arrowSources = (Object.keys(SOURCES) as SourceName[]).filter((n) => SOURCES[n].format === 'arrow');

	/** each Arrow source with each value of its required parameter */
	function calls(): [SourceName, string][] {
		return arrowSources.flatMap((name): [SourceName, string][] => {
			if (name === 'rework_by') return REWORK_DIMENSIONS.map((d) => [name, `dim=${d}`]);
			if (name === 'rework_pareto') return ['reason', 'responsibility'].map((b) => [name, `by=${b}`]);
			if (name === 'repeat_visit_by') return REPEAT_VISIT_DIMENSIONS.map((b) => [name, `by=${b}`]);
			if (name === 'rework_jobs')
				return [
					[name, 'limit=50'],
					[name, 'dim=region&value=' + encodeURIComponent(region) + '&sort=rework_date&order=asc&limit=20']
				];
			return [[name, '']];
		});
	}

	it('reads each the same as apache-arrow, with the default filters and a narrow one', async () => {
		const narrow = () => `region=${encodeURIComponent(region)}&from=${month}-01&to=${month}-28`;
		let nonEmpty = 0;
		const seen = new Set<string>();
		for (const [name, qs] of calls())
			for (const filters of ['', narrow()]) {
				const params = new URLSearchParams([qs, filters].filter(Boolean).join('&'));
				const result = await QUERIES[name](wh, await effectiveFilters(wh, 1, name, params), params);
				const { body } = encode(result);
				expect(body, name).toBeInstanceOf(Uint8Array);
				const bytes = body as Uint8Array;
				const want = reference(bytes);
				const got = readArrowRows(bytes);
				expect(got, `${name}?${params}`).toStrictEqual(want);
				if (want.length) {
					nonEmpty++;
					seen.add(name);
				}
			}
		// the comparison means something: most calls have rows, and every source but the rejects has some
		expect(nonEmpty).toBeGreaterThan(20);
		expect(arrowSources.filter((n) => !seen.has(n) && n !== 'rejects')).toEqual([]);
	});
});

describe('random tables of the column kinds the server makes', () => {
	const words = ['上海', '江苏', 'East', '', 'a "quoted" word', 'emoji 🙂', 'line\nbreak', 'Ünïcødé', 'x'.repeat(300)];

	function table(rnd: () => number): Record<string, unknown>[] {
		const n = Math.floor(rnd() * 60);
		const nullShare = rnd() * 0.5;
		const maybe = <T>(v: T): T | null => (rnd() < nullShare ? null : v);
		return Array.from({ length: n }, (_, i) => ({
			rate: maybe(rnd() < 0.05 ? Number.NaN : (rnd() - 0.3) * 10 ** Math.floor(rnd() * 8)),
			count: maybe(Math.floor(rnd() * 1e6)),
			name: maybe(words[Math.floor(rnd() * words.length)] + (rnd() < 0.5 ? String(i) : '')),
			label: words[i % words.length],
			flag: maybe(rnd() < 0.5),
			big: maybe(BigInt(Math.floor((rnd() - 0.5) * 2 ** 53)) * 1000n),
			none: null,
			...(rnd() < 0.7 ? { sometimes: 'here' } : {})
		}));
	}

	it('500 random tables read the same as apache-arrow, the empty table included', () => {
		const rnd = mulberry32(7); // seeded, so that a failure can be replayed
		let rows = 0;
		for (let k = 0; k < 500; k++) {
			const bytes = streamOf(table(rnd));
			const want = reference(bytes);
			expect(readArrowRows(bytes), `table ${k}`).toStrictEqual(want);
			rows += want.length;
		}
		expect(rows).toBeGreaterThan(10_000);
		expect(readArrowRows(streamOf([]))).toStrictEqual([]);
	});

	it('a value of each kind, by hand: the reader gives what the rows held', () => {
		const bytes = streamOf([
			{ a: 1.5, b: '上海', c: true, d: 1234567890123456789n, e: null },
			{ a: null, b: null, c: false, d: -1n, e: null },
			{ a: -0.25, b: '上海', c: null, d: null, e: null }
		]);
		// e: null in every row is not a column (tableFromJSON keeps a key only once it has a value)
		expect(readArrowRows(bytes)).toStrictEqual([
			{ a: 1.5, b: '上海', c: true, d: 1234567890123456789n },
			{ a: null, b: null, c: false, d: -1n },
			{ a: -0.25, b: '上海', c: null, d: null }
		]);
	});

	it('a stream it does not know (a date, a nested object) is left to apache-arrow, and arrowRows gives its rows', async () => {
		for (const rows of [[{ at: new Date(Date.UTC(2026, 5, 1)), n: 1 }], [{ o: { x: 1, y: 'a' }, n: 2 }]]) {
			const bytes = streamOf(rows);
			expect(readArrowRows(bytes)).toBeNull();
			expect(await arrowRows(bytes)).toStrictEqual(reference(bytes));
		}
		const list = streamOf([{ l: [1, 2, 3] }]);
		expect(readArrowRows(list)).toBeNull();
		expect((await arrowRows(list)).map((r) => [...(r.l as Iterable<number>)])).toEqual([[1, 2, 3]]);
		const flat = streamOf([{ n: 1, s: 'a' }]);
		expect(await arrowRows(flat)).toStrictEqual([{ n: 1, s: 'a' }]);
	});
});
