import { describe, expect, it } from 'vitest';
import { acceptsBearer, bearerToken, crossSiteResponse, isCrossSiteWrite } from './request-guard.ts';

const SELF = 'https://klok.example';
const base = {
	method: 'POST',
	pathname: '/settings',
	origin: SELF,
	selfOrigin: SELF,
	authorization: null,
	contentType: 'application/x-www-form-urlencoded',
	hasCookies: true
};

describe('isCrossSiteWrite', () => {
	it('lets reads and same-origin writes through', () => {
		for (const method of ['GET', 'HEAD', 'OPTIONS'])
			expect(isCrossSiteWrite({ ...base, method, origin: 'https://evil.example' })).toBe(false);
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
			expect(isCrossSiteWrite({ ...base, method })).toBe(false);
	});

	it('refuses forms and bodyless writes from another origin or none, signed in or not', () => {
		for (const origin of ['https://evil.example', 'null', null, 'http://klok.example'])
			for (const contentType of [
				'application/x-www-form-urlencoded',
				'multipart/form-data; boundary=x',
				'text/plain',
				null
			])
				for (const hasCookies of [true, false])
					expect(
						isCrossSiteWrite({ ...base, origin, contentType, hasCookies }),
						`${origin} ${contentType}`
					).toBe(true);
	});

	it('refuses any cookie-carrying write from another origin, JSON included, but not a cookieless JSON call', () => {
		const json = { ...base, pathname: '/api/v1/units/1/close', contentType: 'application/json' };
		expect(isCrossSiteWrite({ ...json, origin: 'https://evil.example' })).toBe(true);
		expect(isCrossSiteWrite({ ...json, origin: null })).toBe(true);
		expect(isCrossSiteWrite({ ...json, origin: null, hasCookies: false })).toBe(false);
	});

	it('never refuses a Bearer call to the API, and ignores Bearer elsewhere', () => {
		const api = { ...base, pathname: '/api/v1/units/1/close', authorization: 'Bearer klok_x', origin: null };
		for (const method of ['POST', 'DELETE'])
			for (const contentType of [null, 'application/x-www-form-urlencoded'])
				expect(isCrossSiteWrite({ ...api, method, contentType })).toBe(false);
		expect(isCrossSiteWrite({ ...api, pathname: '/settings' })).toBe(true);
		expect(isCrossSiteWrite({ ...api, pathname: '/api/v10' })).toBe(true);
		expect(isCrossSiteWrite({ ...api, authorization: 'Bearer ' })).toBe(true);
		expect(isCrossSiteWrite({ ...api, authorization: 'Basic eDp5' })).toBe(true);
	});
});

describe('bearer helpers', () => {
	it('accept only /api/v1 paths and well-formed Bearer headers', () => {
		expect(acceptsBearer('/api/v1')).toBe(true);
		expect(acceptsBearer('/api/v1/people')).toBe(true);
		expect(acceptsBearer('/api/v10/people')).toBe(false);
		expect(acceptsBearer('/settings')).toBe(false);
		expect(bearerToken('Bearer  klok_abc ')).toBe('klok_abc');
		expect(bearerToken('bearer klok_abc')).toBeNull();
		expect(bearerToken(null)).toBeNull();
	});
});

describe('crossSiteResponse', () => {
	it("answers 403 like SvelteKit's own check: JSON when asked for, else text", async () => {
		const json = crossSiteResponse('POST', 'application/json');
		expect(json.status).toBe(403);
		expect(await json.json()).toEqual({ message: 'Cross-site POST form submissions are forbidden' });
		const text = crossSiteResponse('DELETE', 'text/html');
		expect(text.status).toBe(403);
		expect(await text.text()).toBe('Cross-site DELETE form submissions are forbidden');
	});
});
