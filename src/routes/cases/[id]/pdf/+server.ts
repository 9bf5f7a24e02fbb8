// GET /cases/<id>/pdf?lang=: the case page printed to PDF by headless Chromium from this server
// (src/lib/server/report-pdf.ts pagePdf), the same as `npm run cases -- export ID --format pdf --out F`.
import { error } from '@sveltejs/kit';
import { pdfResponse } from '$lib/server/pdf-response';
import { pagePdf } from '$lib/server/report-pdf';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const id = event.params.id;
	if (!/^\d{1,9}$/.test(id)) error(400, 'a case number is a whole number');
	return pdfResponse(event, `case-${id}.pdf`, (target) => pagePdf({ ...target, path: `/cases/${id}` }));
};
