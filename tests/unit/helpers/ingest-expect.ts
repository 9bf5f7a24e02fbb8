// What the ingest tests expect, written once: the reject rules word for word as
// docs/DATA.md gives them (not taken from src/lib/server/contract.ts), and readers
// of an ingest's result and of the rejects table.
import { expect } from 'vitest';
import type { FileResult, IngestResult } from '../../../src/lib/server/ingest/index';
import type { Warehouse } from '../../../src/lib/server/warehouse';

export const DATE_RULE = 'not a valid date (accepted: 2026-07-01, 2026/7/1, 2026-07-01 14:30, 2026/7/1 14:30:00, 2026年7月1日)';
export const FUTURE_RULE = 'date is in the future';
export const TYPE_RULE = 'not one of install/安装, repair/维修, maintenance/保养, complaint/投诉';
export const TEAM_TYPE_RULE = 'not one of internal/自有, outsourced/外协';
export const WARRANTY_RULE = 'not one of in/保内, out/保外';
export const YES_NO_RULE = 'not one of yes/是, no/否';
export const RESPONSIBILITY_RULE = 'not one of installer/安装, product/产品, customer/用户, unknown/未知';
export const SUPPLIER_CLAIM_RULE = 'not one of none/无, submitted/已提交, recovered/已追回';
export const NUMBER_RULE = 'not a number';
export const AMOUNT_RULE = 'must be ≥ 0';
export const MISSING = 'required value is missing';

/** the row counters of a file's result; a file refused whole reports 0 in each */
export const ROW_COUNTERS = ['rows_read', 'rows_loaded', 'rows_rejected', 'rows_inserted', 'rows_updated', 'rows_unchanged'] as const;

/** the result of `file` in an ingest's result (the test fails if there is none) */
export function fileResult(r: IngestResult, file: string): FileResult {
	const f = r.files.find((x) => x.file === file);
	expect(f, `no result for ${file}`).toBeDefined();
	return f!;
}

/** the rejects table rows of one file, in the shape of FileResult.rejects */
export async function storedRejects(wh: Warehouse, file: string) {
	return wh.all(`SELECT line, column_name AS "column", value, rule FROM rejects WHERE file = $file ORDER BY line, column_name`, { file });
}
