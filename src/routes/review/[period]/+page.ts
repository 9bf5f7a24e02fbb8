import { error } from '@sveltejs/kit';
import { parsePeriod } from '$lib/periods';
import type { PageLoad } from './$types';

/** /review/2026-W42, /review/2026-10, /review/2026-Q3, each with ?region=&team=&model= */
export const load: PageLoad = ({ params, url }) => {
	const p = parsePeriod(params.period);
	if (!p) error(400, 'the month must look like 2025-07 (a week 2026-W42, a quarter 2026-Q3)');
	const scope: { region?: string; team?: string; model?: string } = {};
	for (const k of ['region', 'team', 'model'] as const) {
		const v = url.searchParams.get(k);
		if (v) scope[k] = v;
	}
	return { period: p.key, kind: p.kind, scope, print: url.searchParams.has('print') };
};
