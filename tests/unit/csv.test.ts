// CSV export cells: what Excel would run as a formula is neutralised, the rest is RFC 4180.
import { describe, expect, test } from 'vitest';
import { csvCell, toCsv } from '../../src/lib/client/csv';

describe('csvCell', () => {
	test.each([
		['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
		['+cmd', "'+cmd"],
		['-2+3', "'-2+3"],
		['@SUM(1)', "'@SUM(1)"],
		['\tTAB', "'\tTAB"],
		['plain', 'plain'],
		['a,b', '"a,b"'],
		['line\nbreak', '"line\nbreak"'],
		['漏氟', '漏氟']
	])('%j → %j', (input, out) => expect(csvCell(input)).toBe(out));

	test('numbers stay numbers, even negative ones; null and undefined are empty', () => {
		expect(csvCell(-3.5)).toBe('-3.5');
		expect(csvCell(0)).toBe('0');
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
	});
});

test('toCsv: BOM for Excel, header of labels, CRLF rows in column order', () => {
	const csv = toCsv(
		[
			{ key: 'b', label: '型号' },
			{ key: 'a', label: 'Count' }
		],
		[
			{ a: 2, b: '=cmd' },
			{ a: 1, b: 'KFR-35' }
		]
	);
	expect(csv).toBe("\uFEFF型号,Count\r\n'=cmd,2\r\nKFR-35,1\r\n");
});
