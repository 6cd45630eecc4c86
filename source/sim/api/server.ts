// The HTTPS front of the simulator: bearer-token authentication, routing of discovery and
// resource paths, Status errors for everything that goes wrong (never a crash).
import {createServer, type Server} from 'node:https';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import type {Store} from '../store.js';
import {
	ApiError,
	badRequest,
	internalError,
	pathNotFound,
	statusForCode,
	unauthorized,
	methodNotAllowed,
} from './status.js';
import {apiGroupDocument, apiGroupList, apiResourceList, apiVersions, parseResourcePath} from './resources.js';
import {handle, type ApiRequest, type HandlerContext} from './handlers.js';
import {checkBodyDepth} from './json-depth.js';
import {checkListOptions, tooLargeResourceVersion, whenFresh} from './list-options.js';
import {WatchHub, type WatchHubOptions} from './watch.js';
import {definitionsLoaded, loadDefinitions, needsDefinitions} from './openapi/documents.js';
import {serveOpenApi} from './openapi/serve.js';
import {FaultInjector} from './faults.js';
import type {ServerCredentials} from './tls.js';
import {authenticate, type SimulatorUser} from './users.js';
import {actingUser, checkAuthorized, requestAttributes} from './authorize.js';
import type {UserInfo} from './rbac/authorizer.js';
import {handleReview, isReviewPath} from './rbac/reviews.js';

const MAX_BODY_BYTES = 3 * 1024 * 1024;
/** Of a refused request's body, what is read (and dropped) before the connection is closed. */
const MAX_UNREAD_BYTES = 256 * 1024;

export const VERSION_INFO = {
	major: '1',
	minor: '32',
	gitVersion: 'v1.32.0',
	gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
	gitTreeState: 'clean',
	buildDate: '2024-12-11T17:59:15Z',
	goVersion: 'go1.23.3',
	compiler: 'gc',
	platform: 'linux/amd64',
};

export interface ApiServerOptions {
	store: Store;
	/** Who may call, by bearer token. */
	users: readonly SimulatorUser[];
	credentials: ServerCredentials;
	port?: number;
	keepAliveMs?: number;
	watchLimits?: Pick<WatchHubOptions, 'bufferLimitBytes' | 'behindBytes' | 'behindBudgetMs'>;
}

export class ApiServer {
	readonly hub: WatchHub;
	readonly faults: FaultInjector;
	private readonly server: Server;
	private readonly sockets = new Set<Duplex>();
	private address = '127.0.0.1:0';

	constructor(private readonly options: ApiServerOptions) {
		this.hub = new WatchHub(options.store, {keepAliveMs: options.keepAliveMs, ...options.watchLimits});
		this.faults = new FaultInjector(this.hub);
		this.server = createServer(
			{cert: options.credentials.certPem, key: options.credentials.keyPem},
			(request, response) => {
				this.receive(request, response);
			},
		);
		this.server.on('connection', socket => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server.on('tlsClientError', () => {}); // a client that hangs up mid-handshake is not our problem
		this.server.keepAliveTimeout = 30_000;
	}

	async listen(): Promise<number> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
		});
		const address = this.server.address();
		const port = typeof address === 'object' && address ? address.port : 0;
		this.address = `127.0.0.1:${port}`;
		return port;
	}

	async close(): Promise<void> {
		this.hub.stop();
		await new Promise<void>(resolve => {
			this.server.close(() => resolve());
			for (const socket of this.sockets) socket.destroy();
		});
	}

	private receive(request: IncomingMessage, response: ServerResponse): void {
		this.faults.requestCount++;
		// Authentication and authorisation look at the headers and the URL only: a request that fails them is
		// answered before its body is read, however large.
		let user: UserInfo;
		try {
			user = this.admit(request);
		} catch (error) {
			this.refuseUnread(request, response, error);
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) tooLarge = true;
			else chunks.push(chunk);
		});
		request.on('error', () => response.destroy());
		request.on('end', () => {
			try {
				if (tooLarge)
					throw new ApiError({
						...statusForCode(413, 'Request entity too large: limit is 3145728'),
						reason: 'RequestEntityTooLarge',
					});
				if (definitionsLoaded() || !needsDefinitions(request))
					this.route(request, response, Buffer.concat(chunks), user);
				else this.routeOnceLoaded(request, response, Buffer.concat(chunks), user);
			} catch (error) {
				this.fail(response, error);
			}
		});
	}

	/** The OpenAPI definitions load on the first request that needs them (writes, /openapi/), not at start-up. */
	private routeOnceLoaded(request: IncomingMessage, response: ServerResponse, body: Buffer, user: UserInfo): void {
		loadDefinitions().then(
			() => {
				try {
					this.route(request, response, body, user);
				} catch (error) {
					this.fail(response, error);
				}
			},
			error => this.fail(response, error),
		);
	}

	/** The request's user, once authenticated and authorised; throws the 401 or 403 to answer. */
	private admit(request: IncomingMessage): UserInfo {
		const caller = authenticate(request.headers.authorization, this.options.users);
		if (!caller) throw unauthorized();
		const user = actingUser(this.options.store, caller, request.headers);
		const url = new URL(request.url ?? '/', 'https://127.0.0.1');
		checkAuthorized(this.options.store, requestAttributes(user, request.method ?? 'GET', url));
		return user;
	}

	/** Answers without reading the body, then drops the connection rather than receive a body nobody wants. */
	private refuseUnread(request: IncomingMessage, response: ServerResponse, error: unknown): void {
		const url = new URL(request.url ?? '/', 'https://127.0.0.1');
		this.faults.observe({
			method: request.method ?? 'GET',
			url: url.pathname + url.search,
			headers: request.headers,
			body: Buffer.alloc(0),
		});
		response.setHeader('Connection', 'close');
		this.fail(response, error);
		let discarded = 0;
		request.on('data', (chunk: Buffer) => {
			discarded += chunk.length;
			if (discarded > MAX_UNREAD_BYTES) request.socket.destroy();
		});
		request.on('error', () => {});
	}

	private route(request: IncomingMessage, response: ServerResponse, body: Buffer, user: UserInfo): void {
		const method = request.method ?? 'GET';
		const url = new URL(request.url ?? '/', 'https://127.0.0.1');
		this.faults.observe({method, url: url.pathname + url.search, headers: request.headers, body});
		const injected = this.faults.takeFailure(method, url.pathname + url.search);
		if (injected !== undefined) throw new ApiError(statusForCode(injected));
		const path = url.pathname.replace(/\/+$/, '') || '/';
		if (method === 'GET' && serveOpenApi(path, url.searchParams, request.headers, response)) return;
		const discovery = this.discovery(path);
		if (discovery !== undefined) {
			if (method !== 'GET') throw methodNotAllowed();
			return this.send(response, 200, discovery);
		}
		if (isReviewPath(path)) {
			const result = handleReview(this.options.store, user, path, {
				method,
				query: url.searchParams,
				headers: request.headers,
				body,
			});
			if (result !== 'streamed') this.send(response, result.code, result.body);
			return;
		}
		const target = parseResourcePath(path);
		if (!target) throw pathNotFound();
		checkBodyDepth(method, request.headers['content-type'], body);
		const apiRequest = {method, target, query: url.searchParams, headers: request.headers, body};
		if (method === 'GET' && target.name === undefined) {
			const requested = checkListOptions(url.searchParams);
			if (requested > this.options.store.resourceVersion) return this.serveWhenFresh(apiRequest, response, requested);
		}
		this.serve(apiRequest, response);
	}

	private serve(apiRequest: ApiRequest, response: ServerResponse): void {
		const context: HandlerContext = {store: this.options.store, hub: this.hub};
		const result = handle(context, apiRequest, response);
		if (result !== 'streamed') this.send(response, result.code, result.body, apiRequest.warnings);
	}

	/** A list or watch from a resourceVersion not reached yet waits for it, as the watch cache does, then times out. */
	private serveWhenFresh(apiRequest: ApiRequest, response: ServerResponse, requested: number): void {
		void whenFresh(this.options.store, requested).then(fresh => {
			try {
				if (fresh) return this.serve(apiRequest, response);
				const status = tooLargeResourceVersion(requested, this.options.store.resourceVersion);
				if (!isWatchRequest(apiRequest.query)) return this.send(response, status.code, status);
				// A watch that has passed authorisation reports it as an ERROR event in its stream.
				response.writeHead(200, {'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private'});
				response.end(`${JSON.stringify({type: 'ERROR', object: status})}\n`);
			} catch (error) {
				this.fail(response, error);
			}
		});
	}

	private discovery(path: string): unknown {
		switch (path) {
			case '/version':
				return VERSION_INFO;
			case '/healthz':
			case '/livez':
			case '/readyz':
				return 'ok';
			case '/api':
				return apiVersions(this.address);
			case '/apis':
				return apiGroupList();
		}
		if (path === '/api/v1') return apiResourceList('v1');
		const group = path.match(/^\/apis\/([^/]+)$/);
		if (group) return apiGroupDocument(group[1]!);
		const groupVersion = path.match(/^\/apis\/([^/]+\/[^/]+)$/);
		if (groupVersion) return apiResourceList(groupVersion[1]!);
		return undefined;
	}

	private send(response: ServerResponse, code: number, body: unknown, warnings: string[] = []): void {
		if (response.headersSent) {
			response.end();
			return;
		}
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		response.writeHead(code, {
			'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
			'Content-Length': Buffer.byteLength(text),
			'Cache-Control': 'no-cache, private',
			...(warnings.length ? {Warning: warnings.map(warning => `299 - ${JSON.stringify(warning)}`)} : {}),
		});
		response.end(text);
	}

	private fail(response: ServerResponse, error: unknown): void {
		const apiError =
			error instanceof ApiError
				? error
				: isStackOverflow(error)
					? badRequest('the request nests too deeply for the simulator to process')
					: internalError(error instanceof Error ? error.message : String(error));
		if (!(error instanceof ApiError) && process.env.ROLLOUT_DASH_SIM_DEBUG) console.error(error);
		this.send(response, apiError.code, apiError.status);
	}
}

const isWatchRequest = (query: URLSearchParams) => {
	const watch = query.get('watch');
	return watch === 'true' || watch === '1';
};

const isStackOverflow = (error: unknown) => error instanceof RangeError && /call stack/i.test(error.message);
