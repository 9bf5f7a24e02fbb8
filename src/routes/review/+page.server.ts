import { redirect } from '@sveltejs/kit';
import { lastCompleteMonth } from '$lib/server/metrics/faults';
import { reader } from '$lib/server/api/reader';
import type { PageServerLoad } from './$types';

/** /review opens the last complete month's review. */
export const load: PageServerLoad = async () => {
	const { wh } = await reader();
	const month = await lastCompleteMonth(wh);
	if (!month) return { month: null };
	redirect(307, `/review/${month}`);
};
