import { checkAdmin, ingestUpload, saveUpload, UploadError } from '$lib/server/upload';
import type { RequestHandler } from './$types';

/** POST the raw CSV as the body, its name in x-file-name, `Authorization: Bearer ADMIN_TOKEN`. */
export const POST: RequestHandler = async ({ request }) => {
	try {
		checkAdmin(request.headers.get('authorization'));
		const length = request.headers.get('content-length');
		const path = await saveUpload(request.body, fileName(request.headers.get('x-file-name')), length ? Number(length) : null);
		return Response.json(await ingestUpload(path));
	} catch (err) {
		if (err instanceof UploadError) return Response.json({ error: err.message }, { status: err.status });
		console.error('upload failed:', err);
		return Response.json({ error: 'the upload failed; see the server log' }, { status: 500 });
	}
};

/** Whether uploading is on, for the Data page. */
export const GET: RequestHandler = () => Response.json({ enabled: !!process.env.ADMIN_TOKEN });

/** The file's name, sent URI-encoded (headers carry no Chinese). */
function fileName(header: string | null): string {
	try {
		return header ? decodeURIComponent(header) : 'upload.csv';
	} catch {
		return 'upload.csv';
	}
}
