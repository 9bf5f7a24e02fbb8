// The review PDF from the command line: printed by the running server when one
// holds the warehouse, else by a temporary server on it (the built dashboard,
// scripts/lib/server.ts), through the same print layout as the page's PDF button.
import { existsSync } from 'node:fs';
import { readEnv } from '../../src/lib/server/config';
import { pagePdf, reviewPdf, type PdfResult } from '../../src/lib/server/report-pdf';
import type { ReportScope } from '../../src/lib/server/report';
import { readServerInfo } from '../../src/lib/server/store';
import type { Lang } from '../../src/lib/i18n';
import { startServer } from './server';
import { alive } from './pid';

/** Runs fn against a server holding db: the running one (with the view token), else a temporary one. */
async function withServer<T>(db: string, fn: (origin: string, headers: Record<string, string>) => Promise<T>): Promise<T> {
	const running = readServerInfo(db);
	if (running && alive(running.pid)) {
		const token = readEnv().viewToken;
		return fn(running.url, token ? { authorization: `Bearer ${token}` } : {});
	}
	if (!existsSync(`${readEnv().buildDir}/handler.js`))
		throw new Error(`the PDF is printed from the built dashboard, and ${readEnv().buildDir} has none: run \`npx vite build\` first`);
	const server = await startServer(db, { VIEW_TOKEN: '' });
	try {
		return await fn(server.url, {});
	} finally {
		await server.stop();
	}
}

export function printReview(db: string, period: string, scope: ReportScope, lang: Lang): Promise<PdfResult> {
	return withServer(db, (origin, headers) => reviewPdf({ origin, period, scope, lang, headers }));
}

/** Any page of the dashboard (e.g. /cases/3) as a PDF. */
export function printPage(db: string, path: string, lang: Lang): Promise<Buffer> {
	return withServer(db, (origin, headers) => pagePdf({ origin, path, lang, headers }));
}
