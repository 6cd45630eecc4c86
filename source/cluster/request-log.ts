// The -v log: every request to the API server (method, URL, status, time taken) and every watch event (type, kind,
// namespace/name, resourceVersion), observed through Node's diagnostics channels, so that no request path needs to
// know about it. Level 8 adds response bodies (first KB). Credentials are never logged; cluster text is escaped.
import diagnostics from 'node:diagnostics_channel';
import type http from 'node:http';

export interface RequestLog {
	stop(): void;
}

export const REQUEST_LEVEL = 6;
export const BODY_LEVEL = 8;
const BODY_BYTES = 1024;

/** Control characters (C0, DEL, C1) as \u escapes: the log may be read on a terminal. */
export function escapeControls(text: string): string {
	return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Write = (line: string) => void;

function stamp(): string {
	return new Date().toISOString();
}

/** The watch events of an NDJSON stream, one log line each. */
function logWatchEvents(response: http.IncomingMessage, write: Write, what: string): void {
	let pending = '';
	response.on('data', (chunk: Buffer | string) => {
		pending += chunk.toString();
		let newline: number;
		while ((newline = pending.indexOf('\n')) !== -1) {
			const line = pending.slice(0, newline);
			pending = pending.slice(newline + 1);
			if (line.trim() === '') continue;
			try {
				const event = JSON.parse(line) as {type?: string; object?: any};
				const meta = event.object?.metadata ?? {};
				const name = meta.namespace ? `${meta.namespace}/${meta.name}` : (meta.name ?? '');
				write(
					`WATCH ${what} ${event.type} ${event.object?.kind ?? ''} ${name} resourceVersion=${meta.resourceVersion ?? ''}`,
				);
			} catch {
				write(`WATCH ${what} unreadable line (${line.length} bytes)`);
			}
		}
	});
}

function logBody(response: http.IncomingMessage, write: Write, what: string): void {
	let body = '';
	response.on('data', (chunk: Buffer | string) => {
		if (body.length < BODY_BYTES) body += chunk.toString();
	});
	response.on('end', () => write(`Response body of ${what}: ${body.slice(0, BODY_BYTES)}`));
}

/** Logs requests to `server` (its origin) at `level`, through `writeLine`. */
export function startRequestLog(server: string, level: number, writeLine: (line: string) => void): RequestLog {
	if (level < REQUEST_LEVEL) return {stop() {}};
	const origin = new URL(server).host;
	// A request or watch that ends after stop() (the dashboard quits while its watches close) writes nothing: the
	// log's file may be closed by then.
	let stopped = false;
	const write: Write = line => {
		if (!stopped) writeLine(`${stamp()} ${escapeControls(line)}`);
	};
	const started = new WeakMap<object, number>();
	const onRequest = (message: unknown) => {
		const {request} = message as {request: http.ClientRequest};
		// Only the API server's requests (the in-process simulator's own are server-side, and not seen here).
		if (request.getHeader('host') !== origin) return;
		started.set(request, performance.now());
		const what = `${request.method} ${request.protocol}//${origin}${request.path}`;
		write(what);
		request.once('error', error => write(`${what} failed: ${error.message}`));
	};
	const onResponse = (message: unknown) => {
		const {request, response} = message as {request: http.ClientRequest; response: http.IncomingMessage};
		const since = started.get(request);
		if (since === undefined) return;
		const what = `${request.method} ${request.protocol}//${origin}${request.path}`;
		write(
			`${what} ${response.statusCode} ${response.statusMessage ?? ''} in ${Math.round(performance.now() - since)} ms`,
		);
		const watching = /[?&]watch=true(&|$)/.test(request.path);
		if (watching && response.statusCode === 200) logWatchEvents(response, write, request.path.split('?')[0]!);
		else if (level >= BODY_LEVEL) logBody(response, write, what);
	};
	diagnostics.subscribe('http.client.request.start', onRequest);
	diagnostics.subscribe('http.client.response.finish', onResponse);
	return {
		stop() {
			stopped = true;
			diagnostics.unsubscribe('http.client.request.start', onRequest);
			diagnostics.unsubscribe('http.client.response.finish', onResponse);
		},
	};
}
