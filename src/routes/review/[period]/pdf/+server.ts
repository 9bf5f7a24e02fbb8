// GET /review/<period>/pdf?region=&team=&model=&lang=: the review printed to PDF by headless Chromium from this server
// (src/lib/server/report-pdf.ts), the same print layout as `npm run report -- --format pdf`.
import { error } from '@sveltejs/kit';
import { parsePeriod } from '$lib/periods';
import { pdfResponse } from '$lib/server/pdf-response';
import { reviewPdf } from '$lib/server/report-pdf';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const p = parsePeriod(event.params.period);
	if (!p) error(400, 'the month must look like 2025-07 (a week 2026-W42, a quarter 2026-Q3)');
	const scope: Record<string, string> = {};
	for (const k of ['region', 'team', 'model'] as const) {
		const v = event.url.searchParams.get(k);
		if (v) {
			if (v.length > 200 || /[\u0000-\u001f]/.test(v)) error(400, `${k} is not a valid value`);
			scope[k] = v;
		}
	}
	const name = `review-${p.key}${Object.values(scope).length ? '-' + Object.values(scope).join('-') : ''}.pdf`.replace(/[^\w.-]+/g, '_');
	return pdfResponse(event, name, async (target) => (await reviewPdf({ ...target, period: p.key, scope })).pdf);
};
