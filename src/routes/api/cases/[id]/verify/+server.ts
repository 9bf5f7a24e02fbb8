// POST /api/cases/ID/verify: check the fix on the data as it is now (Authorization: Bearer ADMIN_TOKEN);
// answers { verdict, rate_before, rate_after, ratio, ci_low, ci_high, p_value, unit_months_before, unit_months_after, … }.
import { caseId, editRefusal, failure } from '$lib/server/cases/http';
import { casesVerify } from '$lib/server/cases/service';
import { write } from '$lib/server/store';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ params, request }) => {
	const refused = editRefusal(request);
	if (refused) return refused;
	const id = caseId(params.id);
	if (id instanceof Response) return id;
	try {
		return Response.json(await write((wh) => casesVerify(wh, { id })));
	} catch (err) {
		return failure(err);
	}
};
