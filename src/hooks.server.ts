import type { Handle, RequestEvent, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
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

/**
 * Once the server listens, it reads what the first page will ask for (src/lib/server/warm.ts; FIELDLOOP_WARM=0 turns
 * it off; a stop waits for it, see store.ts holdShutdown). Not awaited: SvelteKit awaits init before the server
 * listens. The module is imported then too, so loading DuckDB does not delay listening.
 */
export const init: ServerInit = () => {
	if (building) return;
	setTimeout(() => {
		const t0 = performance.now();
		import('$lib/server/warm')
			.then((w) => w.warmFirstPage())
			.then((done) => {
				if (done.length)
					console.log(
						`read the overview's data in ${Math.round(performance.now() - t0)} ms (${done.map((d) => `${d.url} ${d.status}`).join(', ')})`
					);
			})
			.catch((err) => console.error('warming the first page failed:', err));
	}, 0);
};

/** A data source a page's HTML asks the browser to fetch early (Preload.svelte writes exactly this markup). */
const FETCH_PRELOAD = /<link rel="preload" as="fetch" crossorigin="anonymous" href="(\/api\/[^"]*)"\s*\/?>/g;

/**
 * The page's data sources first in the Link header, before SvelteKit's stylesheets and ~20 module scripts: the browser
 * acts on the header before the HTML, and over HTTP/1.1 it opens six connections to a server, so a data source named
 * only in the HTML waited for a free one behind the scripts (bench: /api/kpis asked at 217 ms, sent at 915 ms).
 */
function dataFirst(response: Response, hrefs: string[]): void {
	// (the addresses are sourceUrl's: percent-encoded, so nothing in them can end a Link header's entry)
	const links = hrefs
		.filter((h) => /^[\x21-\x7e]+$/.test(h) && !/[<>,;]/.test(h))
		.map((h) => `<${h}>; rel="preload"; as="fetch"; crossorigin="anonymous"`);
	if (!links.length) return;
	const rest = response.headers.get('link');
	response.headers.set('link', [...links, ...(rest ? [rest] : [])].join(', '));
}

export const handle: Handle = async ({ event, resolve }) => {
	// (scripts/serve.js checks the Host header before anything else in production; this covers vite dev and build/index.js)
	const refused = hostRefusal(event.request.headers.get('host'));
	if (refused)
		return secured(new Response(refused.message, { status: refused.status, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
	const allowed = viewAllowed(event);
	if (allowed !== true) return secured(allowed);
	const lang = event.cookies.get('lang') ?? (/^\s*zh/i.test(event.request.headers.get('accept-language') ?? '') ? 'zh' : 'en');
	const preloads: string[] = [];
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => {
			for (const m of html.matchAll(FETCH_PRELOAD)) preloads.push(m[1].replaceAll('&amp;', '&'));
			return html.replace('%lang%', lang === 'zh' ? 'zh-CN' : 'en');
		}
	});
	dataFirst(response, preloads);
	return secured(response);
};
