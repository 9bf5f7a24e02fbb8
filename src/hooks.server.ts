import type { Handle, RequestEvent } from '@sveltejs/kit';
import { tokenMatches } from '$lib/server/upload';
import { cookieSecure, hostRefusal, sameSiteLocation, SECURITY_HEADERS, STRICT_CSP } from '$lib/server/http-policy.js';

/**
 * With VIEW_TOKEN set, every page and data source needs it: once as ?token=…
 * (kept in a cookie from then on) or as a Bearer header.
 */
function viewAllowed(event: RequestEvent): Response | true {
	const token = process.env.VIEW_TOKEN;
	if (!token) return true;
	// the command line's way in checks the server's own secret instead (src/routes/api/internal)
	if (event.url.pathname.startsWith('/api/internal/')) return true;
	const fromQuery = event.url.searchParams.get('token');
	if (fromQuery !== null && tokenMatches(fromQuery, token)) {
		const clean = new URL(event.url);
		clean.searchParams.delete('token');
		// (a Response made here skips SvelteKit's cookie handling: the cookie is set by hand)
		const cookie = `fl_view=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${cookieSecure(event.url) ? '; Secure' : ''}`;
		return new Response(null, { status: 303, headers: { location: sameSiteLocation(clean.pathname, clean.search), 'set-cookie': cookie } });
	}
	const bearer = event.request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
	if (tokenMatches(event.cookies.get('fl_view'), token) || tokenMatches(bearer, token)) return true;
	return new Response('This dashboard needs its view token: open the link you were given (…?token=…).', {
		status: 401,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
}

/** The security headers on any response; pages keep SvelteKit's CSP (svelte.config.js), everything else gets the strictest one. */
function secured(response: Response): Response {
	if (!response.headers.has('content-security-policy')) response.headers.set('content-security-policy', STRICT_CSP);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
	return response;
}

export const handle: Handle = async ({ event, resolve }) => {
	// (scripts/serve.js checks the Host header before anything else in production; this covers vite dev and build/index.js)
	const refused = hostRefusal(event.request.headers.get('host'));
	if (refused)
		return secured(new Response(refused.message, { status: refused.status, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
	const allowed = viewAllowed(event);
	if (allowed !== true) return secured(allowed);
	const lang = event.cookies.get('lang') ?? (/^\s*zh/i.test(event.request.headers.get('accept-language') ?? '') ? 'zh' : 'en');
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', lang === 'zh' ? 'zh-CN' : 'en')
	});
	return secured(response);
};
