// The HTTP rules shared by the server entry and the SvelteKit hook: which Host
// names are served, when the token cookie is Secure, and where a redirect may go.
// (tests/e2e/security.test.ts checks the same against the running server.)
import { describe, expect, test } from 'vitest';
import { allowedHosts, cookieSecure, hostName, hostRefusal, sameSiteLocation } from '../../src/lib/server/http-policy.js';

describe('Host names', () => {
	test('the host name of a Host header: lower case, no port, no trailing dot; null when it is not a host name', () => {
		expect(hostName('Dash.Office.LAN:3000')).toBe('dash.office.lan');
		expect(hostName('localhost.')).toBe('localhost');
		expect(hostName('[::1]:8080')).toBe('[::1]');
		expect(hostName('192.168.1.5')).toBe('192.168.1.5');
		expect(hostName('evil.example/path')).toBeNull();
		expect(hostName('a b')).toBeNull();
		expect(hostName('')).toBeNull();
		expect(hostName(undefined)).toBeNull();
	});

	test('the list: loopback names, ORIGIN’s host, ALLOWED_HOSTS (ports dropped)', () => {
		expect([...allowedHosts({})].sort()).toEqual(['127.0.0.1', '[::1]', 'localhost']);
		expect([...allowedHosts({ ORIGIN: 'https://Dash.Example.com:8443', ALLOWED_HOSTS: ' a.lan , .corp.example:3000,' })].sort()).toEqual([
			'.corp.example',
			'127.0.0.1',
			'[::1]',
			'a.lan',
			'dash.example.com',
			'localhost'
		]);
	});

	test('refused: a name not on the list (421), a missing or malformed header (400); served: listed names, subdomains of .name, IP addresses', () => {
		const env = { ALLOWED_HOSTS: 'a.lan,.corp.example' };
		expect(hostRefusal('rebind.evil.example:3000', env)).toEqual({
			status: 421,
			message:
				'This dashboard does not answer to the host name "rebind.evil.example". ' +
				'If that is the name you serve it under, add it to ALLOWED_HOSTS (comma-separated) or set ORIGIN to the full address.'
		});
		expect(hostRefusal(undefined, env)?.status).toBe(400);
		expect(hostRefusal('bad host', env)?.status).toBe(400);
		expect(hostRefusal('corp.example.evil.example', env)?.status).toBe(421);
		expect(hostRefusal('xcorp.example', env)?.status).toBe(421);
		for (const ok of ['localhost:3000', '127.0.0.1', '[::1]:3000', 'A.LAN', 'x.corp.example', 'corp.example', '10.0.0.7:3000', '[fe80::1]'])
			expect(hostRefusal(ok, env), ok).toBeNull();
		expect(hostRefusal('anything.example', { ALLOWED_HOSTS: '*' })).toBeNull();
	});
});

describe('the token cookie’s Secure flag', () => {
	const https = new URL('https://dash.example.com/');
	test('ORIGIN decides when set; without it only a configured PROTOCOL_HEADER can say https', () => {
		expect(cookieSecure(https, {})).toBe(false); // adapter-node says https for every request when ORIGIN is unset
		expect(cookieSecure(https, { ORIGIN: 'https://dash.example.com' })).toBe(true);
		expect(cookieSecure(https, { ORIGIN: 'http://dash.office.lan:3000' })).toBe(false);
		expect(cookieSecure(https, { PROTOCOL_HEADER: 'x-forwarded-proto' })).toBe(true);
		expect(cookieSecure(new URL('http://dash.office.lan/'), { PROTOCOL_HEADER: 'x-forwarded-proto' })).toBe(false);
	});
});

describe('redirect targets', () => {
	test('always a path on this site', () => {
		expect(sameSiteLocation('/rework', '?dim=team')).toBe('/rework?dim=team');
		expect(sameSiteLocation('//evil.example/x', '?a=1')).toBe('/evil.example/x?a=1');
		expect(sameSiteLocation('/\\evil.example/')).toBe('/evil.example/');
		expect(sameSiteLocation('\\\\/evil.example')).toBe('/evil.example');
		for (const p of ['//evil.example/x', '/\\evil.example/', '///a'])
			expect(new URL(sameSiteLocation(p), 'http://127.0.0.1:3000').host).toBe('127.0.0.1:3000');
	});
});
