// One streaming GET to the API server (a pod's log, a watch), authenticated as every other request: the body is
// handed on as text while it arrives, and the request ends exactly once, however it ends (the server closes the
// stream, the connection fails, the answer is an error, the caller aborts).
import type http from 'node:http';
import {buildQuery, currentServer, prepareRequest, transportFor, type KubeConfigLike, type Query} from './http.js';

/** An answer other than 200, for the caller to turn into the error that ends the request. */
export interface Refusal {
	status: number;
	response: http.IncomingMessage;
	/** The Authorization header the request carried: after a 401, the credentials that were refused. */
	authorization: string | undefined;
	/** Ends the request with `error` (only the first call counts). */
	finish(error: unknown): void;
}

export interface StreamHandlers {
	/** The server answered 200: the body follows, chunk by chunk. */
	open(): void;
	chunk(text: string): void;
	refused(refusal: Refusal): void;
	/**
	 * Called once: with null when the server ended the stream, or with the error (at once, with the abort's reason,
	 * when the caller aborts). No chunk comes after it.
	 */
	done(error: unknown): void;
}

export interface StreamOptions {
	accept: string;
	/** TCP keep-alive probes after this long without traffic, so that the kernel notices a peer that is gone. */
	keepAliveMs?: number;
}

/** Sends the request; resolves, once it is on its way, with the controller that aborts it. */
export async function streamRequest(
	kubeConfig: KubeConfigLike,
	path: string,
	query: Query,
	options: StreamOptions,
	handlers: StreamHandlers,
): Promise<AbortController> {
	const url = new URL(currentServer(kubeConfig) + path + buildQuery(query));
	const {headers, agent} = await prepareRequest(kubeConfig, options.accept);
	const controller = new AbortController();
	let finished = false;
	const finish = (error: unknown) => {
		if (finished) return;
		finished = true;
		// Nothing of a finished request stays open.
		controller.abort();
		handlers.done(error);
	};
	controller.signal.addEventListener('abort', () => finish(controller.signal.reason), {once: true});
	const request = transportFor(url).request(
		url,
		{method: 'GET', headers, agent, signal: controller.signal},
		response => {
			const status = response.statusCode ?? 0;
			if (status !== 200) {
				handlers.refused({status, response, authorization: headers['Authorization'], finish});
				return;
			}
			handlers.open();
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => {
				if (!finished) handlers.chunk(chunk);
			});
			response.on('end', () => finish(null));
			response.on('close', () => finish(null));
			response.on('error', finish);
		},
	);
	const {keepAliveMs} = options;
	if (keepAliveMs !== undefined) request.on('socket', socket => socket.setKeepAlive(true, keepAliveMs));
	request.on('error', finish);
	request.end();
	return controller;
}
