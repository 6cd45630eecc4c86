// One WATCH request read as newline-delimited JSON events, over the same authenticated HTTPS as every other request
// (client-node's Watch did the same through node-fetch, at the cost of importing all of client-node).
import http from 'node:http';
import https from 'node:https';
import {buildQuery, type KubeConfigLike, type Query} from './http.js';

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
	const cluster = kubeConfig.getCurrentCluster();
	if (!cluster) throw new Error('No currently active cluster');
	const url = new URL(cluster.server.replace(/\/+$/, '') + path + buildQuery({...query, watch: true}));
	const options: https.RequestOptions = {headers: {}};
	await kubeConfig.applyToHTTPSOptions(options);
	const headers: Record<string, string> = {Accept: 'application/json', ...(options.headers as Record<string, string>)};
	if (options.auth) headers['Authorization'] = `Basic ${Buffer.from(options.auth).toString('base64')}`;
	const controller = new AbortController();
	let finished = false;
	const finish = (error: unknown) => {
		if (finished) return;
		finished = true;
		controller.abort();
		done(error);
	};
	let answered: () => void = () => {};
	const whenAnswered = new Promise<AbortController>(resolve => (answered = () => resolve(controller)));
	const transport = url.protocol === 'http:' ? http : https;
	const request = transport.request(
		url,
		{method: 'GET', headers, agent: options.agent, signal: controller.signal},
		response => {
			const status = response.statusCode ?? 0;
			if (status !== 200) {
				response.resume();
				// The next attempt (the watch loop retries) gets fresh exec or token-file credentials.
				if (status === 401) kubeConfig.forgetCredentials?.(headers['Authorization']);
				finish(
					Object.assign(new Error(response.statusMessage || http.STATUS_CODES[status] || 'Internal Server Error'), {
						statusCode: status,
					}),
				);
				answered();
				return;
			}
			answered();
			response.setEncoding('utf8');
			let pending = '';
			response.on('data', (chunk: string) => {
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
			});
			response.on('end', () => finish(null));
			response.on('close', () => finish(null));
			response.on('error', finish);
		},
	);
	request.on('socket', socket => socket.setKeepAlive(true, 30_000));
	request.on('error', error => {
		finish(error);
		answered();
	});
	request.end();
	return whenAnswered;
}
