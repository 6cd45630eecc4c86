// Plain-JSON requests to the API server, authenticated through client-node's KubeConfig (token, exec, client
// certificates, CA). We do not use the generated API classes for lists and patches: they turn timestamps into Date
// objects (watch events stay strings, so the cache would mix both) and 1.x picks the JSON-patch content type unless
// overridden. One request function gives every object the same plain-JSON shape and every error the same one-line form.
import http from 'node:http';
import https from 'node:https';
import type {KubeconfigReload} from './kubeconfig-reload.js';
import {ServerLiveness} from './liveness.js';

export type Query = Record<string, string | number | boolean | undefined>;

/** What requests need of a kubeconfig: source/cluster/kubeconfig.ts's KubeConfig, or client-node's. */
export interface KubeConfigLike {
	getCurrentCluster(): {server: string} | null;
	applyToHTTPSOptions(options: https.RequestOptions): Promise<void>;
	/** After a 401: drop cached credentials; true when fresh ones may differ (exec plugin, token file). */
	forgetCredentials?(refusedAuthorization?: string): boolean;
}

export interface RequestOptions {
	method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	query?: Query;
	body?: unknown;
	contentType?: string;
	/** Abort after this long without a complete response (default 30 s). */
	timeoutMs?: number;
}

/** The API server answered with an error status (its Status object, when it sent one, gives reason and message). */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly reason: string | undefined,
		readonly apiMessage: string,
		readonly body?: unknown,
	) {
		super(apiMessage);
		this.name = 'ApiError';
	}
}

/** No HTTP answer at all: refused, unknown host, timeout, TLS handshake failure. */
export class TransportError extends Error {
	constructor(
		message: string,
		readonly code: string | undefined,
		readonly tls: boolean,
	) {
		super(message);
		this.name = 'TransportError';
	}
}

const TLS_CODES =
	/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|EPROTO|HOSTNAME_MISMATCH|ALTNAME/i;

export function isTlsError(error: {code?: string; message?: string}): boolean {
	return TLS_CODES.test(error.code ?? '') || /certificate|SSL routines|TLS/i.test(error.message ?? '');
}

export function buildQuery(query: Query | undefined): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
	const text = params.toString();
	return text ? `?${text}` : '';
}

/** The current cluster's server, without a trailing slash: what every request's path is appended to. */
export function currentServer(kubeConfig: KubeConfigLike): string {
	const cluster = kubeConfig.getCurrentCluster();
	if (!cluster) throw new Error('no current cluster in the kubeconfig');
	return cluster.server.replace(/\/+$/, '');
}

/** What a request sends besides its method and URL. */
export interface PreparedRequest {
	/** `Accept`, the kubeconfig's headers (bearer or exec token, impersonation), `extra`, then basic auth. */
	headers: Record<string, string>;
	/** Carries the CA, client certificate and key, insecure-skip-tls-verify and server name. */
	agent: https.RequestOptions['agent'];
}

/** The kubeconfig's credentials and TLS settings for one request (exec credentials are cached by the kubeconfig). */
export async function prepareRequest(
	kubeConfig: KubeConfigLike,
	accept: string,
	extra: Record<string, string> = {},
): Promise<PreparedRequest> {
	const options: https.RequestOptions = {headers: {}};
	await kubeConfig.applyToHTTPSOptions(options);
	const headers: Record<string, string> = {Accept: accept, ...(options.headers as Record<string, string>), ...extra};
	if (options.auth) headers['Authorization'] = `Basic ${Buffer.from(options.auth).toString('base64')}`;
	return {headers, agent: options.agent};
}

/** As the server's URL says (the kubeconfig refuses http: without insecure-skip-tls-verify). */
export function transportFor(url: URL): typeof https | typeof http {
	return url.protocol === 'http:' ? http : https;
}

export class ApiClient {
	/** Changes only when the kubeconfig is read again (see retarget). */
	server: string;
	/** Watches the kubeconfig's files while a dashboard runs (set by connect). */
	reload: KubeconfigReload | undefined;
	/** Whether the server still answers: every response counts; asked with GET /version after a silence. */
	readonly liveness = new ServerLiveness(timeoutMs => this.request('/version', {timeoutMs}));

	constructor(readonly kubeConfig: KubeConfigLike) {
		this.server = currentServer(kubeConfig);
	}

	/** The kubeconfig now names another server (it was read again). */
	retarget(): void {
		this.server = currentServer(this.kubeConfig);
	}

	/** A 401 with credentials that can be renewed (exec plugin, token file) is retried once with fresh ones. */
	async request<T = any>(path: string, options: RequestOptions = {}): Promise<T> {
		const sent: {authorization?: string} = {};
		try {
			return await this.requestOnce<T>(path, options, sent);
		} catch (error) {
			if (!(error instanceof ApiError && error.status === 401)) throw error;
			if (!this.kubeConfig.forgetCredentials?.(sent.authorization)) throw error;
			return this.requestOnce<T>(path, options, {});
		}
	}

	private async requestOnce<T>(path: string, options: RequestOptions, sent: {authorization?: string}): Promise<T> {
		const url = new URL(this.server + path + buildQuery(options.query));
		const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
		const bodyHeaders: Record<string, string> = payload
			? {'Content-Type': options.contentType ?? 'application/json', 'Content-Length': String(payload.length)}
			: {};
		const {headers, agent} = await prepareRequest(this.kubeConfig, 'application/json', bodyHeaders);
		sent.authorization = headers['Authorization'];
		const transport = transportFor(url);
		const timeoutMs = options.timeoutMs ?? 30_000;
		return new Promise<T>((resolve, reject) => {
			const request = transport.request(
				url,
				{method: options.method ?? 'GET', headers, agent, timeout: timeoutMs},
				response => {
					this.liveness.heard();
					const chunks: Buffer[] = [];
					response.on('data', (chunk: Buffer) => chunks.push(chunk));
					response.on('error', error => reject(transportError(error)));
					response.on('end', () => {
						const text = Buffer.concat(chunks).toString('utf8');
						const status = response.statusCode ?? 0;
						if (status >= 200 && status < 300) {
							try {
								resolve((text ? JSON.parse(text) : undefined) as T);
							} catch {
								reject(new ApiError(status, undefined, `invalid JSON from the API server for ${path}`));
							}
							return;
						}
						reject(apiErrorFrom(status, text));
					});
				},
			);
			request.on('timeout', () =>
				request.destroy(Object.assign(new Error(`no answer within ${timeoutMs / 1000}s`), {code: 'ETIMEDOUT'})),
			);
			request.on('error', error => reject(transportError(error)));
			request.end(payload);
		});
	}
}

function transportError(error: Error & {code?: string}): TransportError {
	return new TransportError(error.message, error.code, isTlsError(error));
}

export function apiErrorFrom(status: number, text: string): ApiError {
	let body: any;
	try {
		body = JSON.parse(text);
	} catch {
		body = undefined;
	}
	if (body && body.kind === 'Status') {
		return new ApiError(
			status,
			body.reason,
			oneLine(body.message ?? `the server responded with status ${status}`),
			body,
		);
	}
	const fallback = text.trim() ? oneLine(text.trim()) : (http.STATUS_CODES[status] ?? `status ${status}`);
	return new ApiError(status, reasonFor(status), fallback, body);
}

function reasonFor(status: number): string | undefined {
	return {
		401: 'Unauthorized',
		403: 'Forbidden',
		404: 'NotFound',
		409: 'Conflict',
		410: 'Expired',
		422: 'Invalid',
		500: 'InternalError',
	}[status];
}

export function oneLine(text: string): string {
	return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Any error as one line for the user, as kubectl words it: 403 becomes "forbidden: ...". */
export function errorLine(error: unknown): string {
	if (error instanceof ApiError) {
		if (error.status === 403) return `forbidden: ${error.apiMessage}`;
		if (error.status === 401) return `unauthorized: ${error.apiMessage}`;
		return error.apiMessage;
	}
	if (error instanceof Error) return oneLine(error.message);
	return oneLine(String(error));
}
