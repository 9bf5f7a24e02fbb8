// The table's sort order and CSV cells, worked out by hand.
import { describe, expect, test } from 'vitest';
import { exportCell, sortRows } from '../../src/lib/components/table-rows';
import type { Column } from '../../src/lib/components/table';

type Row = { id: string; jobs: number | null; rate: number | null; kind: string };
const rows: Row[] = [
	{ id: 'T9', jobs: 9, rate: 0.1, kind: 'install' },
	{ id: 'T10', jobs: 10, rate: null, kind: 'repair' },
	{ id: 'T100', jobs: 100, rate: 0.0456, kind: 'install' },
	{ id: 'T2', jobs: null, rate: 0.5486968981546697, kind: 'maintenance' }
];
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const label: Record<string, string> = { install: '安装', repair: '维修', maintenance: '保养' };
const jobs: Column<Row> = { key: 'jobs', label: 'Jobs', format: (v) => (v === null ? '—' : v.toLocaleString('en')) };
const rate: Column<Row> = { key: 'rate', label: 'Rate', format: pct };
const id: Column<Row> = { key: 'id', label: 'Id' };
const kind: Column<Row> = { key: 'kind', label: 'Kind', format: (v) => label[v] };

describe('sortRows', () => {
	test('numbers as numbers (9 < 10 < 100), empty cells last in both directions', () => {
		expect(sortRows(rows, jobs, 'asc').map((r) => r.id)).toEqual(['T9', 'T10', 'T100', 'T2']);
		expect(sortRows(rows, jobs, 'desc').map((r) => r.id)).toEqual(['T100', 'T10', 'T9', 'T2']);
		expect(sortRows(rows, rate, 'desc').map((r) => r.id)).toEqual(['T2', 'T9', 'T100', 'T10']);
	});
	test('text with numeric collation (T2 < T9 < T10 < T100)', () => {
		expect(sortRows(rows, id, 'asc').map((r) => r.id)).toEqual(['T2', 'T9', 'T10', 'T100']);
	});
	test('a stable sort: equal cells keep their order', () => {
		expect(
			sortRows(rows, kind, 'asc', 'en')
				.filter((r) => r.kind === 'install')
				.map((r) => r.id)
		).toEqual(['T9', 'T100']);
	});
	test('does not change the rows it is given', () => {
		sortRows(rows, jobs, 'desc');
		expect(rows.map((r) => r.id)).toEqual(['T9', 'T10', 'T100', 'T2']);
	});
});

describe('exportCell', () => {
	test('a rate as the percentage shown, not a raw fraction', () => {
		expect(exportCell(rate, rows[3])).toBe('54.9%');
		expect(exportCell(rate, rows[2])).toBe('4.6%');
		expect(exportCell(rate, rows[1])).toBeNull();
	});
	test('a number with thousands separators as a number', () => {
		expect(exportCell(jobs, { ...rows[0], jobs: 12345 })).toBe(12345);
	});
	test('an unformatted long number rounded to 6 significant digits', () => {
		const raw: Column<Row> = { key: 'rate', label: 'Raw' };
		expect(exportCell(raw, { ...rows[0], rate: 548.6968981546697 })).toBe(548.697);
	});
	test('a code as its label in the chosen language', () => {
		expect(exportCell(kind, rows[1])).toBe('维修');
	});
});
