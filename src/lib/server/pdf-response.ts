// A page printed to PDF as the answer to a request (GET /review/<period>/pdf, GET /cases/<id>/pdf): in the language the
// request asks (?lang=, else its cookie), printed by Chromium beside this server from the server's own loopback address,
// the page's requests carrying what this one did (a view token) and nothing else; 503 with the reason when Chromium is missing.
import { error, type RequestEvent } from '@sveltejs/kit';
import type { Lang } from '../i18n';
import { readEnv } from './config';
import { ChromiumMissingError, type PrintTarget } from './report-pdf';

/** Where Chromium reaches this server: its loopback address, not the address the user came by (behind a proxy or
 *  ORIGIN=https://… that one may not be reachable from here). */
function localOrigin(url: URL): string {
	const { host, port } = readEnv();
	const local = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	return port ? `http://${local}:${port}` : url.origin;
}

/** The PDF that print(target) makes, as an attachment named file. */
export async function pdfResponse(
	event: Pick<RequestEvent, 'url' | 'request' | 'cookies'>,
	file: string,
	print: (target: PrintTarget) => Promise<Buffer>
): Promise<Response> {
	const { url, request, cookies } = event;
	const asked = url.searchParams.get('lang') ?? cookies.get('lang');
	const lang: Lang = asked === 'zh' || asked === 'en' ? asked : 'en';
	const headers: Record<string, string> = {};
	const auth = request.headers.get('authorization');
	if (auth) headers.authorization = auth;
	const cookie = request.headers.get('cookie');
	if (cookie) headers.cookie = cookie;
	try {
		const pdf = await print({ origin: localOrigin(url), lang, headers });
		return new Response(new Uint8Array(pdf), {
			headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${file}"`, 'cache-control': 'no-store' }
		});
	} catch (err) {
		if (err instanceof ChromiumMissingError) error(503, err.message);
		throw err;
	}
}
