// The review PDF from the command line: printed by the running server when one
// holds the warehouse, else by a temporary server on it (the built dashboard,
// scripts/lib/server.ts), through the same print layout as the page's PDF button.
import { existsSync } from 'node:fs';
import { readEnv } from '../../src/lib/server/config';
import { reviewPdf, type PdfResult } from '../../src/lib/server/report-pdf';
import type { ReportScope } from '../../src/lib/server/report';
import { readServerInfo } from '../../src/lib/server/store';
import type { Lang } from '../../src/lib/i18n';
import { startServer } from './server';

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export async function printReview(db: string, period: string, scope: ReportScope, lang: Lang): Promise<PdfResult> {
	const running = readServerInfo(db);
	if (running && alive(running.pid)) {
		const headers: Record<string, string> = process.env.VIEW_TOKEN ? { authorization: `Bearer ${process.env.VIEW_TOKEN}` } : {};
		return reviewPdf({ origin: running.url, period, scope, lang, headers });
	}
	if (!existsSync(`${readEnv().buildDir}/handler.js`))
		throw new Error(`the PDF is printed from the built dashboard, and ${readEnv().buildDir} has none: run \`npx vite build\` first`);
	const server = await startServer(db, { VIEW_TOKEN: '' });
	try {
		return await reviewPdf({ origin: server.url, period, scope, lang });
	} finally {
		await server.stop();
	}
}
