// GET /review/<period>/pdf?region=&team=&model=&lang=: the review printed to PDF by headless Chromium from this server
// (src/lib/server/report-pdf.ts), the same print layout as `npm run report -- --format pdf`.
import { error } from '@sveltejs/kit';
import { parsePeriod } from '$lib/periods';
import { readEnv } from '$lib/server/config';
import { ChromiumMissingError, reviewPdf } from '$lib/server/report-pdf';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url, request, cookies }) => {
	const p = parsePeriod(params.period);
	if (!p) error(400, 'the month must look like 2025-07 (a week 2026-W42, a quarter 2026-Q3)');
	const asked = url.searchParams.get('lang') ?? cookies.get('lang');
	const lang = asked === 'zh' || asked === 'en' ? asked : 'en';
	const scope: Record<string, string> = {};
	for (const k of ['region', 'team', 'model'] as const) {
		const v = url.searchParams.get(k);
		if (v) {
			if (v.length > 200 || /[\u0000-\u001f]/.test(v)) error(400, `${k} is not a valid value`);
			scope[k] = v;
		}
	}
	// the page's own requests carry what this one did (a view token), nothing else
	const headers: Record<string, string> = {};
	const auth = request.headers.get('authorization');
	if (auth) headers.authorization = auth;
	const cookie = request.headers.get('cookie');
	if (cookie) headers.cookie = cookie;
	try {
		// Chromium runs beside the server: it asks the server's own loopback address, not the address the user came by
		// (behind a proxy or ORIGIN=https://… that one may not be reachable from here)
		const { host, port } = readEnv();
		const local = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
		const origin = port ? `http://${local}:${port}` : url.origin;
		const { pdf } = await reviewPdf({ origin, period: p.key, scope, lang, headers });
		const name = `review-${p.key}${Object.values(scope).length ? '-' + Object.values(scope).join('-') : ''}.pdf`.replace(/[^\w.-]+/g, '_');
		return new Response(new Uint8Array(pdf), {
			headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' }
		});
	} catch (err) {
		if (err instanceof ChromiumMissingError) error(503, err.message);
		throw err;
	}
};
