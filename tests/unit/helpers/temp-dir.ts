// Temp folders for the tests of one file (or one describe), all removed after them.
import { afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Registers an afterAll that removes every folder made; returns a maker of new folders fl-<prefix>-… */
export function tempDirMaker(prefix: string): () => string {
	const dirs: string[] = [];
	afterAll(() => {
		for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
	});
	return () => {
		const d = fs.mkdtempSync(path.join(os.tmpdir(), `fl-${prefix}-`));
		dirs.push(d);
		return d;
	};
}
