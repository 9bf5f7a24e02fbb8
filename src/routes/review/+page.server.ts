import { redirect } from '@sveltejs/kit';
import { lastCompleteMonth } from '$lib/server/metrics/faults';
import { NoDataError, reader } from '$lib/server/api/reader';
import type { PageServerLoad } from './$types';

/** /review opens the last complete month's review. */
export const load: PageServerLoad = async () => {
	// nothing loaded yet: the page says so (not a server error)
	const open = await reader().catch((err: unknown) => {
		if (err instanceof NoDataError) return null;
		throw err;
	});
	if (!open) return { month: null };
	const month = await lastCompleteMonth(open.wh);
	if (!month) return { month: null };
	redirect(307, `/review/${month}`);
};
