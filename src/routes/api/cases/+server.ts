// GET /api/cases: every case (status, age, owner, verdict); ?format=csv for a spreadsheet.
// POST /api/cases: open a case (Authorization: Bearer ADMIN_TOKEN); body: the case's fields, `who`, `note`.
import { casesCsv } from '$lib/server/cases/export';
import { editRefusal, failure, jsonBody, whoFrom } from '$lib/server/cases/http';
import { casesList, casesOpen } from '$lib/server/cases/service';
import { readAny, write } from '$lib/server/store';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
	try {
		const rows = await casesList(await readAny());
		if (url.searchParams.get('format') === 'csv')
			return new Response(casesCsv(rows), {
				headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="cases.csv"' }
			});
		return Response.json(rows);
	} catch (err) {
		return failure(err);
	}
};

export const POST: RequestHandler = async ({ request }) => {
	const refused = editRefusal(request);
	if (refused) return refused;
	const body = await jsonBody(request);
	if (body instanceof Response) return body;
	try {
		const { who, note, ...fields } = body;
		const c = await write((wh) => casesOpen(wh, { fields, who: whoFrom({ who }), note: typeof note === 'string' ? note : null }));
		return Response.json(c, { status: 201 });
	} catch (err) {
		return failure(err);
	}
};
