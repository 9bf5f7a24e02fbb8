// GET /cases/<id>/pdf?lang=: the case page printed to PDF by headless Chromium from this server
// (src/lib/server/report-pdf.ts pagePdf), the same as `npm run cases -- export ID --format pdf --out F`.
import { error } from '@sveltejs/kit';
import { readEnv } from '$lib/server/config';
import { ChromiumMissingError, pagePdf } from '$lib/server/report-pdf';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url, request, cookies }) => {
	if (!/^\d{1,9}$/.test(params.id)) error(400, 'a case number is a whole number');
	const asked = url.searchParams.get('lang') ?? cookies.get('lang');
	const lang = asked === 'zh' || asked === 'en' ? asked : 'en';
	// the page's own requests carry what this one did (a view token), nothing else
	const headers: Record<string, string> = {};
	const auth = request.headers.get('authorization');
	if (auth) headers.authorization = auth;
	const cookie = request.headers.get('cookie');
	if (cookie) headers.cookie = cookie;
	try {
		// Chromium runs beside the server and asks its loopback address (see review/[period]/pdf)
		const { host, port } = readEnv();
		const local = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
		const origin = port ? `http://${local}:${port}` : url.origin;
		const pdf = await pagePdf({ origin, path: `/cases/${params.id}`, lang, headers });
		return new Response(new Uint8Array(pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="case-${params.id}.pdf"`,
				'cache-control': 'no-store'
			}
		});
	} catch (err) {
		if (err instanceof ChromiumMissingError) error(503, err.message);
		throw err;
	}
};
