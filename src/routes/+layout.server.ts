import type { LayoutServerLoad } from './$types';
import type { Lang } from '$lib/i18n';

/** The user's chosen language (cookie), else the browser's (Accept-Language). */
export const load: LayoutServerLoad = ({ cookies, request }) => {
	const chosen = cookies.get('lang');
	if (chosen === 'zh' || chosen === 'en') return { lang: chosen as Lang };
	const accept = request.headers.get('accept-language') ?? '';
	return { lang: (/^\s*zh/i.test(accept) ? 'zh' : 'en') as Lang };
};
