import type { Handle } from '@sveltejs/kit';

export const handle: Handle = async ({ event, resolve }) => {
	const lang = event.cookies.get('lang') ?? (/^\s*zh/i.test(event.request.headers.get('accept-language') ?? '') ? 'zh' : 'en');
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', lang === 'zh' ? 'zh-CN' : 'en')
	});
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	return response;
};
