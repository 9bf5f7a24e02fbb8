// timestampLiteral (sql-runner.ts): the one checked way a timestamp read back from the database is written into SQL
// as a constant. It takes exactly what strftime gives ('%Y-%m-%d %H:%M:%S', with or without '.%f'), and the constant
// reads back as the same instant; anything else (another shape, a quote, a NULL) is refused before it reaches SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timestampLiteral } from '../../src/lib/server/sql-runner';
import { Warehouse } from '../../src/lib/server/warehouse';

let wh: Warehouse;
beforeAll(async () => {
	wh = await Warehouse.open(':memory:');
});
afterAll(() => wh?.close());

describe('timestampLiteral', () => {
	it('writes what strftime gives as a TIMESTAMP constant that reads back as the same instant', async () => {
		expect(timestampLiteral('2026-07-01 08:30:00')).toBe(`TIMESTAMP '2026-07-01 08:30:00'`);
		expect(timestampLiteral('2026-07-01 08:30:00.000001')).toBe(`TIMESTAMP '2026-07-01 08:30:00.000001'`);
		const rows = await wh.all<{ s: string; back: string; same: boolean }>(
			`SELECT s, strftime(t, '%Y-%m-%d %H:%M:%S.%f') AS back, t = CAST(s AS TIMESTAMP) AS same
			 FROM (SELECT strftime(ts, '%Y-%m-%d %H:%M:%S.%f') AS s, ts AS t
			       FROM (VALUES (TIMESTAMP '2023-11-01 00:00:00'), (TIMESTAMP '2026-02-28 23:59:59.999999'), (TIMESTAMP '2024-02-29 12:00:00.5')) v(ts))
			 ORDER BY s`
		);
		expect(rows.map((r) => r.s)).toEqual(['2023-11-01 00:00:00.000000', '2024-02-29 12:00:00.500000', '2026-02-28 23:59:59.999999']);
		for (const r of rows) {
			const { back } = await wh.one<{ back: string }>(`SELECT strftime(${timestampLiteral(r.s)}, '%Y-%m-%d %H:%M:%S.%f') AS back`);
			expect(back).toBe(r.s);
		}
		// without the fraction (strftime '%Y-%m-%d %H:%M:%S'): the whole second
		const { back } = await wh.one<{ back: string }>(
			`SELECT strftime(${timestampLiteral('2025-12-31 23:59:59')}, '%Y-%m-%d %H:%M:%S.%f') AS back`
		);
		expect(back).toBe('2025-12-31 23:59:59.000000');
	});

	it('refuses anything else before it is written into SQL', () => {
		for (const v of [
			null,
			undefined,
			'',
			'2026-07-01',
			'2026-07-01T08:30:00',
			'2026-07-01 08:30',
			'2026-07-01 08:30:00.1234567',
			'2026-07-01 08:30:00.',
			' 2026-07-01 08:30:00',
			'2026-07-01 08:30:00 ',
			"2026-07-01 08:30:00' OR TRUE --",
			'2026-07-01 08:30:00\n',
			'２０２６-07-01 08:30:00'
		])
			expect(() => timestampLiteral(v), JSON.stringify(v)).toThrow(/^not a timestamp: /);
	});
});
