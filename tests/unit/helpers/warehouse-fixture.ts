// What the ingest tests share: a fresh warehouse in a temp folder per test, a
// way to write files into it, and an ingest; everything removed after the test.
import { afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingestFiles, type IngestResult } from '../../../src/lib/server/ingest/index';
import { Warehouse } from '../../../src/lib/server/warehouse';

const cleanups: (() => void)[] = [];
afterEach(() => {
	while (cleanups.length) {
		try {
			cleanups.pop()!();
		} catch {
			/* keep cleaning */
		}
	}
});

export interface WarehouseFixture {
	dir: string;
	wh: Warehouse;
	/** writes a file into the test's folder (string = UTF-8 as is, Buffer = raw bytes) and returns its path */
	write: (name: string, content: string | Buffer) => string;
	ingest: (...paths: string[]) => Promise<IngestResult>;
}

/** A new warehouse in a temp folder named fl-<prefix>-…, closed and removed after the test. */
export async function warehouseFixture(prefix: string): Promise<WarehouseFixture> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fl-${prefix}-`));
	const wh = await Warehouse.open(path.join(dir, 'warehouse.duckdb'));
	cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
	cleanups.push(() => wh.close());
	return {
		dir,
		wh,
		write(name, content) {
			const p = path.join(dir, name);
			fs.writeFileSync(p, content);
			return p;
		},
		ingest: (...paths) => ingestFiles(wh, paths)
	};
}
