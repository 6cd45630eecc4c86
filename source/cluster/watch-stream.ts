// One WATCH request read as newline-delimited JSON events, over the same authenticated HTTPS as every other request
// (client-node's Watch did the same through node-fetch, at the cost of importing all of client-node).
import http from 'node:http';
import type {KubeConfigLike, Query} from './http.js';
import {streamRequest} from './stream-request.js';

/**
 * Starts the watch; `onEvent` gets each event's type and object, `done` is called once: with null when the server
 * ends the stream, or with the error (a non-200 answer carries statusCode). Resolves, with the controller that ends
 * it, once the server has answered (as client-node's Watch: after `done` when the answer was an error).
 */
export async function watchStream(
	kubeConfig: KubeConfigLike,
	path: string,
	query: Query,
	onEvent: (type: string, object: any) => void,
	done: (error: unknown) => void,
): Promise<AbortController> {
	let answered: () => void = () => {};
	const whenAnswered = new Promise<void>(resolve => (answered = resolve));
	let finished = false;
	let pending = '';
	const controller = await streamRequest(
		kubeConfig,
		path,
		{...query, watch: true},
		{accept: 'application/json', keepAliveMs: 30_000},
		{
			open: answered,
			chunk: chunk => {
				pending += chunk;
				let start = 0;
				let newline: number;
				while ((newline = pending.indexOf('\n', start)) !== -1 && !finished) {
					const line = pending.slice(start, newline);
					start = newline + 1;
					if (line.trim() === '') continue;
					let event: {type?: string; object?: unknown} | undefined;
					try {
						event = JSON.parse(line);
					} catch {
						continue; // as client-node: a line that is not JSON is skipped
					}
					if (event?.type) onEvent(event.type, event.object);
				}
				pending = pending.slice(start);
			},
			refused: ({status, response, authorization, finish}) => {
				response.resume();
				// The next attempt (the watch loop retries) gets fresh exec or token-file credentials.
				if (status === 401) kubeConfig.forgetCredentials?.(authorization);
				const message = response.statusMessage || http.STATUS_CODES[status] || 'Internal Server Error';
				finish(Object.assign(new Error(message), {statusCode: status}));
			},
			done: error => {
				finished = true;
				done(error);
				answered();
			},
		},
	);
	await whenAnswered;
	return controller;
}
