// The HTTP rules every response follows, shared by the SvelteKit hook
// (src/hooks.server.ts) and the production server entry (scripts/serve.js),
// which also covers the static /_app assets that adapter-node serves before
// any hook runs. Plain JavaScript so that Node can load it without a build.

/** Headers on every response: no framing, no MIME sniffing, no full URLs (with ?token=) in Referer. */
export const SECURITY_HEADERS = Object.freeze({
	'x-frame-options': 'DENY',
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin'
});

/** The policy for anything that is not a page (data, errors, assets): pages get SvelteKit's CSP from svelte.config.js. */
export const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'";

const HOST_RE = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/;
const IPV4_RE = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The host name of a Host header value (lower case, no port, no trailing dot), or null when it is not a host name. */
export function hostName(/** @type {string | null | undefined} */ header) {
	const m = HOST_RE.exec(
		String(header ?? '')
			.trim()
			.toLowerCase()
	);
	return m ? m[1].replace(/\.$/, '') : null;
}

/**
 * The host names this server answers to: localhost, 127.0.0.1 and [::1], ORIGIN's
 * host, and ALLOWED_HOSTS (comma-separated; `.example.com` also allows its
 * subdomains; `*` turns the check off).
 * @param {Record<string, string | undefined>} env
 */
export function allowedHosts(env = process.env) {
	const hosts = new Set(['localhost', '127.0.0.1', '[::1]']);
	if (env.ORIGIN) {
		try {
			hosts.add(new URL(env.ORIGIN).hostname.toLowerCase());
		} catch {
			/* an unparsable ORIGIN is adapter-node's error to report */
		}
	}
	for (const h of (env.ALLOWED_HOSTS ?? '').split(',')) {
		const t = h.trim().toLowerCase().replace(/:\d+$/, '');
		if (t) hosts.add(t);
	}
	return hosts;
}

/**
 * Why a request's Host header is refused, or null when it is served. A DNS
 * rebinding attack needs a host name the attacker controls pointing at this
 * server, so names must be on the list; an IP address (http://192.168.1.5:3000
 * on an office LAN) cannot be rebound and is always served.
 * @param {string | null | undefined} header
 * @param {Record<string, string | undefined>} env
 * @returns {{ status: number; message: string } | null}
 */
export function hostRefusal(header, env = process.env) {
	const name = hostName(header);
	if (!name) return { status: 400, message: 'Bad request: the Host header is missing or not a host name.' };
	const hosts = allowedHosts(env);
	if (hosts.has('*') || hosts.has(name) || IPV4_RE.test(name) || name.startsWith('[')) return null;
	for (const h of hosts) if (h.startsWith('.') && (name.endsWith(h) || name === h.slice(1))) return null;
	return {
		status: 421,
		message:
			`This dashboard does not answer to the host name "${name}". ` +
			'If that is the name you serve it under, add it to ALLOWED_HOSTS (comma-separated) or set ORIGIN to the full address.'
	};
}

/**
 * Whether a cookie may be marked Secure: only when the browser really talks
 * HTTPS to us. adapter-node reports https for every request when ORIGIN is
 * unset, so its URL alone cannot tell; ORIGIN says what the address is, and
 * PROTOCOL_HEADER (x-forwarded-proto behind a proxy) is trusted only when the
 * operator configured it.
 * @param {URL} url the request URL as SvelteKit sees it
 * @param {Record<string, string | undefined>} env
 */
export function cookieSecure(url, env = process.env) {
	if (env.ORIGIN) return /^https:/i.test(env.ORIGIN);
	if (env.PROTOCOL_HEADER) return url.protocol === 'https:';
	return false;
}

/**
 * A same-site redirect target from a path: leading slashes and backslashes
 * collapse to one, so `//evil.example/x` stays the path /evil.example/x here
 * instead of becoming a protocol-relative link to another site.
 * @param {string} pathname
 * @param {string} search
 */
export function sameSiteLocation(pathname, search = '') {
	return `/${pathname.replace(/^[/\\]+/, '')}${search}`;
}
