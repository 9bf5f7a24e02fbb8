import { config } from '$lib/server/config';
import { BusyError } from '$lib/server/store';
import { checkAdmin, ingestUpload, saveUpload, UploadError, type Encoding } from '$lib/server/upload';
import type { RequestHandler } from './$types';

/** POST the raw CSV as the body, its name in x-file-name, `Authorization: Bearer ADMIN_TOKEN`. */
export const POST: RequestHandler = async ({ request }) => {
	try {
		checkAdmin(request.headers.get('authorization'));
		const encoding = encodingHeader(request.headers.get('x-encoding'));
		const length = request.headers.get('content-length');
		const path = await saveUpload(request.body, fileName(request.headers.get('x-file-name')), length ? Number(length) : null);
		return Response.json(await ingestUpload(path, { encoding }));
	} catch (err) {
		if (err instanceof UploadError) return Response.json({ error: err.message }, { status: err.status });
		if (err instanceof BusyError) return Response.json({ error: err.message }, { status: 503, headers: { 'retry-after': '5' } });
		console.error('upload failed:', err);
		return Response.json({ error: 'the upload failed; see the server log' }, { status: 500 });
	}
};

/** Whether uploading is on, for the Data page. */
export const GET: RequestHandler = () => Response.json({ enabled: !!config().env.adminToken });

/** The file's name, sent URI-encoded (headers carry no Chinese). */
function fileName(header: string | null): string {
	try {
		return header ? decodeURIComponent(header) : 'upload.csv';
	} catch {
		return 'upload.csv';
	}
}

/** The encoding chosen in the upload preview, when the user overrode the guess. */
function encodingHeader(header: string | null): Encoding | undefined {
	const v = header?.trim().toLowerCase();
	if (!v) return undefined;
	if (v === 'utf-8' || v === 'utf8') return 'utf-8';
	if (v === 'gbk' || v === 'gb18030') return 'gbk';
	throw new UploadError(400, `X-Encoding must be utf-8 or gbk, not ${JSON.stringify(v.slice(0, 20))}`);
}
