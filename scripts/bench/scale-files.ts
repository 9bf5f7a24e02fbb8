// A sample K times the size of a generated one, written by DuckDB: each of
// tickets.csv, rework.csv and parts.csv holds copy 0's rows (the original's, keys
// and all), then copy 1's, … with the keys renamed per copy (copy-keys.ts); the
// roster is copied as it is. replicate.ts makes the warehouse a load of these files
// would make, from the warehouse of the original.
import { copyFileSync, createReadStream, createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { CSV_KEYS, checkCopies, copySelect } from './copy-keys';

export interface ScaledFile {
	file: string;
	bytes: number;
	seconds: number;
}

export async function scaleSample(from: string, to: string, times: number, memoryLimit = '4GB'): Promise<ScaledFile[]> {
	checkCopies(times);
	mkdirSync(to, { recursive: true });
	const inst = await DuckDBInstance.create(':memory:', { memory_limit: memoryLimit, temp_directory: join(to, '.tmp') });
	const conn = await inst.connect();
	const done: ScaledFile[] = [];
	try {
		for (const [file, keys] of Object.entries(CSV_KEYS)) {
			const src = join(from, file);
			const t0 = performance.now();
			const read = `read_csv($src, all_varchar = true, header = true)`;
			const cols = (
				await (await conn.runAndReadAll(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${read})`, { src })).getRowObjects()
			).map((r) => String(r.column_name));
			for (const c of keys) if (!cols.includes(c)) throw new Error(`${src} has no column ${c} (columns: ${cols.join(', ')})`);
			// one part per copy, in the order read, then the parts one after the other (the header once)
			const parts = Array.from({ length: times }, (_, p) => join(to, `${file}.part${p}`));
			for (const [p, part] of parts.entries())
				await conn.run(
					`COPY (SELECT ${copySelect(cols, keys, String(p))} FROM ${read}) TO '${part.replace(/'/g, "''")}' (HEADER ${p === 0}, DELIMITER ',')`,
					{ src }
				);
			const dest = join(to, file);
			const out = createWriteStream(dest);
			for (const part of parts) {
				await pipeline(createReadStream(part), out, { end: false });
				rmSync(part);
			}
			await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
			done.push({ file, bytes: statSync(dest).size, seconds: (performance.now() - t0) / 1000 });
		}
		copyFileSync(join(from, 'technicians.csv'), join(to, 'technicians.csv'));
	} finally {
		conn.closeSync();
		inst.closeSync();
		rmSync(join(to, '.tmp'), { recursive: true, force: true });
	}
	return done;
}
