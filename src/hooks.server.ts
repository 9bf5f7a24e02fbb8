import type { Handle, RequestEvent } from '@sveltejs/kit';
import { tokenMatches } from '$lib/server/upload';

/**
 * With VIEW_TOKEN set, every page and data source needs it: once as ?token=…
 * (kept in a cookie from then on) or as a Bearer header.
 */
function viewAllowed(event: RequestEvent): Response | true {
	const token = process.env.VIEW_TOKEN;
	if (!token) return true;
	const fromQuery = event.url.searchParams.get('token');
	if (fromQuery !== null && tokenMatches(fromQuery, token)) {
		const clean = new URL(event.url);
		clean.searchParams.delete('token');
		// (a Response made here skips SvelteKit's cookie handling: the cookie is set by hand)
		const cookie = `fl_view=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${event.url.protocol === 'https:' ? '; Secure' : ''}`;
		return new Response(null, { status: 303, headers: { location: clean.pathname + clean.search, 'set-cookie': cookie } });
	}
	const bearer = event.request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
	if (tokenMatches(event.cookies.get('fl_view'), token) || tokenMatches(bearer, token)) return true;
	return new Response('This dashboard needs its view token: open the link you were given (…?token=…).', {
		status: 401,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
}

export const handle: Handle = async ({ event, resolve }) => {
	const allowed = viewAllowed(event);
	if (allowed !== true) return allowed;
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
