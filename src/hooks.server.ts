import type { Handle } from '@sveltejs/kit';

export const handle: Handle = async ({ event, resolve }) => {
	const lang = event.cookies.get('lang') ?? (/^\s*zh/i.test(event.request.headers.get('accept-language') ?? '') ? 'zh' : 'en');
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', lang === 'zh' ? 'zh-CN' : 'en')
	});
	// pages get SvelteKit's CSP (svelte.config.js); data and error responses get the strictest one
	if (!response.headers.has('content-security-policy'))
		response.headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	return response;
};
