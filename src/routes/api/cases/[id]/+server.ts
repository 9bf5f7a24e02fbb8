// GET /api/cases/ID: the case, its evidence, verdict and history (?format=md&lang=zh|en: the one-page report).
// PATCH /api/cases/ID: change it (Authorization: Bearer ADMIN_TOKEN); body: `version` (the one read), and any of
// `status`, `outcome`, the fields, `note`, `who`. A version changed meanwhile: 409 with the case as it is now.
import { caseMarkdown } from '$lib/server/cases/export';
import { caseId, editRefusal, failure, jsonBody, whoFrom } from '$lib/server/cases/http';
import { casesShow, casesUpdate } from '$lib/server/cases/service';
import { readAny, write } from '$lib/server/store';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url }) => {
	const id = caseId(params.id);
	if (id instanceof Response) return id;
	try {
		const c = await casesShow(await readAny(), id);
		if (url.searchParams.get('format') === 'md') {
			const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'zh';
			return new Response(caseMarkdown(c, lang), {
				headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="case-${id}.md"` }
			});
		}
		return Response.json(c);
	} catch (err) {
		return failure(err);
	}
};

export const PATCH: RequestHandler = async ({ params, request }) => {
	const refused = editRefusal(request);
	if (refused) return refused;
	const id = caseId(params.id);
	if (id instanceof Response) return id;
	const body = await jsonBody(request);
	if (body instanceof Response) return body;
	if (!Number.isInteger(body.version))
		return Response.json(
			{ error: 'send the version of the case you read (`version`), so a change made meanwhile is not overwritten' },
			{ status: 400 }
		);
	try {
		const { who, ...input } = body;
		const r = await write((wh) => casesUpdate(wh, { id, input: input as never, who: whoFrom({ who }) }));
		return r.ok ? Response.json(r.case) : Response.json({ error: r.error, current: r.current }, { status: r.status });
	} catch (err) {
		return failure(err);
	}
};
