import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => {
	if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(params.month)) error(400, 'the month must look like 2025-07');
	return { month: params.month };
};
