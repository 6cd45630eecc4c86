// GET /openapi/v2 and /openapi/v3[/<group-version path>] with the caching headers the API server sends: ETags
// (If-None-Match answered 304), immutable responses for v3 documents asked for by their current hash, and a redirect
// to the current hash for an old one. Each document is built and serialised once, on first request.
import type {IncomingHttpHeaders, ServerResponse} from 'node:http';
import {hashOf, openApiV2, openApiV3, v3Paths} from './documents.js';
import {encodeOpenApiV2Protobuf, OPENAPI_V2_PROTOBUF} from './protobuf-v2.js';

interface Rendered {
	body: Buffer;
	hash: string;
	contentType: string;
}

const cache = new Map<string, Rendered | null>();

function render(key: string, build: () => unknown, contentType = 'application/json'): Rendered | null {
	let rendered = cache.get(key);
	if (rendered === undefined) {
		const value = build();
		rendered = value === undefined ? null : json(value, contentType);
		cache.set(key, rendered);
	}
	return rendered;
}

function json(value: unknown, contentType: string): Rendered {
	const body = Buffer.from(JSON.stringify(value));
	return {body, hash: hashOf(body.toString('latin1')), contentType};
}

function v3Index(): Rendered {
	return render('v3', () => {
		const paths: Record<string, {serverRelativeURL: string}> = {};
		for (const path of v3Paths()) {
			const document = render(`v3:${path}`, () => openApiV3(path))!;
			paths[path] = {serverRelativeURL: `/openapi/v3/${path}?hash=${document.hash}`};
		}
		return {paths};
	})!;
}

function v2(accept: string): Rendered {
	if (accept.includes(OPENAPI_V2_PROTOBUF)) {
		let rendered = cache.get('v2:protobuf');
		if (!rendered) {
			const body = encodeOpenApiV2Protobuf(openApiV2());
			rendered = {body, hash: hashOf(body.toString('latin1')), contentType: 'application/octet-stream'};
			cache.set('v2:protobuf', rendered);
		}
		return rendered;
	}
	return render('v2', openApiV2)!;
}

/** Serves an /openapi/ path; false when the path is not one (the caller answers 404). */
export function serveOpenApi(
	path: string,
	query: URLSearchParams,
	headers: IncomingHttpHeaders,
	response: ServerResponse,
): boolean {
	let rendered: Rendered | null;
	let immutable = false;
	if (path === '/openapi/v2') rendered = v2(String(headers.accept ?? ''));
	else if (path === '/openapi/v3') rendered = v3Index();
	else if (path.startsWith('/openapi/v3/')) {
		const documentPath = path.slice('/openapi/v3/'.length);
		rendered = render(`v3:${documentPath}`, () => openApiV3(documentPath));
		const hash = query.get('hash');
		if (rendered && hash !== null) {
			if (hash !== rendered.hash) {
				response.writeHead(301, {Location: `${path}?hash=${rendered.hash}`, 'Cache-Control': 'no-cache, private'});
				response.end();
				return true;
			}
			immutable = true;
		}
	} else return false;
	if (!rendered) return false;
	const etag = `"${rendered.hash}"`;
	const cacheHeaders: Record<string, string> = immutable
		? {'Cache-Control': 'public, immutable', Expires: new Date(Date.now() + 365 * 24 * 3600_000).toUTCString()}
		: {'Cache-Control': 'no-cache, private'};
	if (headers['if-none-match'] === etag) {
		response.writeHead(304, {ETag: etag, Vary: 'Accept', ...cacheHeaders});
		response.end();
		return true;
	}
	response.writeHead(200, {
		'Content-Type': rendered.contentType,
		'Content-Length': rendered.body.length,
		ETag: etag,
		Vary: 'Accept',
		...cacheHeaders,
	});
	response.end(rendered.body);
	return true;
}
