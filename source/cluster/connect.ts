// Connecting like kubectl: kubeconfig discovery and merging, context and namespace choice, then one cheap request
// so that every problem surfaces here as a one-line UserError instead of later as a dead dashboard.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {KubeConfig, type Cluster, type Context, type User} from './kubeconfig.js';
import {UserError} from '../errors.js';
import {ApiClient, ApiError, TransportError, errorLine} from './http.js';
import {missingUserProblem, namespaceProblem, tlsProblem} from './kubeconfig-checks.js';
import {KubeconfigReload} from './kubeconfig-reload.js';
import {allNamespacesRefused} from './access.js';
import {type ConnectionOverrides, impersonate, limitRequestTime, overrideContext} from './overrides.js';

export interface ConnectOptions extends ConnectionOverrides {
	kubeconfig?: string;
	/** Only deployments whose labels match (kubectl's -l). */
	labelSelector?: string;
	context?: string;
	namespace?: string;
	allNamespaces?: boolean;
	/** For tests: the environment to read KUBECONFIG and HOME from (default process.env). */
	env?: NodeJS.ProcessEnv;
	/** Timeout of the reachability check (default 10 s). */
	timeoutMs?: number;
}

export interface Connection {
	kubeConfig: KubeConfig;
	client: ApiClient;
	context: string;
	cluster: string;
	user: string;
	server: string;
	/** The namespace to watch: --namespace, else the context's, else "default" (also set with allNamespaces). */
	namespace: string;
	allNamespaces: boolean;
	/** Only deployments whose labels match (kubectl's -l). */
	labelSelector?: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export async function connect(options: ConnectOptions = {}): Promise<Connection> {
	const connection = openConnection(options);
	await verifyConnection(connection, options.timeoutMs);
	return connection;
}

/**
 * The connection as the kubeconfig describes it, without a request: errors in the kubeconfig (missing file, unknown
 * context, no server) are thrown here as UserErrors; whether the server answers is verifyConnection's question.
 */
export function openConnection(options: ConnectOptions = {}): Connection {
	const kubeConfig = loadKubeConfig(options);
	if (options.context !== undefined) {
		const known = kubeConfig.getContexts().map(context => context.name);
		if (!known.includes(options.context)) {
			throw new UserError(
				`context "${options.context}" does not exist in the kubeconfig (known contexts: ${known.join(', ') || 'none'})`,
			);
		}
		kubeConfig.setCurrentContext(options.context);
	}
	overrideContext(kubeConfig, options);
	const contextName = kubeConfig.getCurrentContext();
	const context = contextName ? kubeConfig.getContextObject(contextName) : null;
	if (!context) {
		const known = kubeConfig.getContexts().map(c => c.name);
		if (known.length === 0) throw noKubeconfig('the kubeconfig has no contexts');
		throw new UserError(
			contextName
				? `current context "${contextName}" does not exist in the kubeconfig (known contexts: ${known.join(', ')}; use --context)`
				: `the kubeconfig has no current context (use --context; known contexts: ${known.join(', ')})`,
		);
	}
	const cluster = kubeConfig.getCurrentCluster();
	if (!cluster)
		throw new UserError(
			`context "${context.name}" refers to cluster "${context.cluster}", which is not in the kubeconfig`,
		);
	if (!cluster.server) throw new UserError(`cluster "${cluster.name}" has no server address in the kubeconfig`);
	const user = kubeConfig.getCurrentUser();
	const namespace = options.namespace || context.namespace || 'default';
	const problem =
		missingUserProblem(kubeConfig, context) ??
		tlsProblem(cluster) ??
		(options.allNamespaces ? undefined : namespaceProblem(namespace));
	if (problem) throw new UserError(problem);
	impersonate(kubeConfig, options);
	const client = new ApiClient(kubeConfig);
	limitRequestTime(client, options);
	const connection: Connection = {
		kubeConfig,
		client,
		context: context.name,
		cluster: cluster.name,
		user: user?.name ?? context.user,
		server: client.server,
		namespace,
		allNamespaces: options.allNamespaces === true,
		...(options.labelSelector === undefined ? {} : {labelSelector: options.labelSelector}),
	};
	if (kubeConfig.files.length > 0)
		client.reload = new KubeconfigReload(kubeConfig.files, () => reopen(connection, options));
	return connection;
}

/** The kubeconfig read again as at start, applied to the running connection in place. */
function reopen(connection: Connection, options: ConnectOptions): {context: string; server: string} {
	const fresh = openConnection(options);
	connection.kubeConfig.replaceWith(fresh.kubeConfig);
	connection.client.retarget();
	connection.context = fresh.context;
	connection.cluster = fresh.cluster;
	connection.user = fresh.user;
	connection.server = fresh.server;
	return {context: fresh.context, server: fresh.server};
}

function noKubeconfig(detail: string): UserError {
	return new UserError(
		`no kubeconfig: ${detail} (set KUBECONFIG or pass --kubeconfig, or try --sim for the bundled simulator)`,
	);
}

/**
 * KUBECONFIG as kubectl reads it: a path list, missing files skipped, the first file to define a name or a
 * current-context wins. (client-node's loadFromDefault throws on a missing file or a duplicate name, lets later files
 * override the current context, and falls back to http://localhost:8080 when nothing is found: we do none of that.)
 */
export function loadKubeConfig(options: ConnectOptions): KubeConfig {
	const env = options.env ?? process.env;
	if (options.kubeconfig !== undefined) {
		if (!fs.existsSync(options.kubeconfig)) throw new UserError(`kubeconfig "${options.kubeconfig}" does not exist`);
		return mergeFiles([options.kubeconfig]);
	}
	const list = (env['KUBECONFIG'] ?? '').split(path.delimiter).filter(Boolean);
	if (list.length > 0) {
		const existing = list.filter(file => fs.existsSync(file));
		if (existing.length === 0) throw noKubeconfig(`none of the KUBECONFIG files exist (${list.join(path.delimiter)})`);
		return mergeFiles(existing);
	}
	const home = env['HOME'] || env['USERPROFILE'] || os.homedir();
	const defaultFile = path.join(home, '.kube', 'config');
	if (fs.existsSync(defaultFile)) return mergeFiles([defaultFile]);
	if (fs.existsSync(SERVICE_ACCOUNT_TOKEN) && env['KUBERNETES_SERVICE_HOST']) {
		const kubeConfig = new KubeConfig();
		kubeConfig.loadFromCluster();
		return kubeConfig;
	}
	throw noKubeconfig(`${defaultFile} does not exist and KUBECONFIG is not set`);
}

function mergeFiles(files: string[]): KubeConfig {
	const clusters: Cluster[] = [];
	const users: User[] = [];
	const contexts: Context[] = [];
	let currentContext = '';
	for (const file of files) {
		const single = new KubeConfig();
		try {
			if (fs.readFileSync(file, 'utf8').trim() === '') continue; // kubectl treats an empty file as an empty config
			single.loadFromFile(file);
		} catch (error) {
			throw new UserError(`cannot read kubeconfig "${file}": ${errorLine(error)}`);
		}
		for (const cluster of single.getClusters())
			if (!clusters.some(c => c.name === cluster.name)) clusters.push(cluster);
		for (const user of single.getUsers()) if (!users.some(u => u.name === user.name)) users.push(user);
		for (const context of single.getContexts())
			if (!contexts.some(c => c.name === context.name)) contexts.push(context);
		if (!currentContext && single.getCurrentContext()) currentContext = single.getCurrentContext();
	}
	const merged = new KubeConfig();
	merged.loadFromOptions({clusters, users, contexts, currentContext});
	merged.files = files;
	return merged;
}

/**
 * Reachability, credentials, permission to list deployments and the namespace's existence: one cheap request each,
 * made together, their errors reported in that order.
 */
export async function verifyConnection(connection: Connection, timeoutMs = 10_000): Promise<void> {
	const {client} = connection;
	const where = `the API server ${connection.server} (context "${connection.context}")`;
	const fail = (error: unknown): never => {
		throw explainConnectError(error, connection, where);
	};
	const deployments = connection.allNamespaces
		? '/apis/apps/v1/deployments'
		: `/apis/apps/v1/namespaces/${encodeURIComponent(connection.namespace)}/deployments`;
	// All settle before an error is reported, in this order, so that an unreachable server is reported as such, not
	// as whatever another request happened to fail with first.
	const namespace = connection.allNamespaces
		? undefined
		: `/api/v1/namespaces/${encodeURIComponent(connection.namespace)}`;
	const [version, list, namespaceRead] = await Promise.allSettled([
		client.request('/version', {timeoutMs}),
		client.request(deployments, {query: {limit: 1}, timeoutMs}),
		namespace === undefined ? Promise.resolve() : client.request(namespace, {timeoutMs}),
	]);
	if (version.status === 'rejected') fail(version.reason);
	if (list.status === 'rejected') {
		const refused: unknown = list.reason;
		// A namespace-bound user who asked for every namespace: say so, and which namespace they may see instead.
		if (connection.allNamespaces && refused instanceof ApiError && refused.status === 403)
			throw await allNamespacesRefused(client, refused, connection.namespace, timeoutMs);
		fail(refused);
	}
	if (namespaceRead.status === 'fulfilled') return;
	const error: unknown = namespaceRead.reason;
	if (error instanceof ApiError && error.status === 404)
		throw new UserError(`namespaces "${connection.namespace}" not found`);
	// Reading namespaces may be forbidden to users who can still read deployments: that is no reason to stop.
	if (error instanceof ApiError && error.status === 403) return;
	fail(error);
}

export function explainConnectError(
	error: unknown,
	connection: Pick<Connection, 'server' | 'context' | 'user'>,
	where: string,
): UserError {
	if (error instanceof UserError) return error;
	if (error instanceof TransportError) {
		if (error.tls) return new UserError(`TLS handshake with ${where} failed: ${error.message}`);
		return new UserError(`cannot reach ${where}: ${error.message}`);
	}
	if (error instanceof ApiError) {
		if (error.status === 401)
			return new UserError(`unauthorized: ${where} rejected the credentials of user "${connection.user}"`);
		if (error.status === 403) return new UserError(`forbidden: ${error.apiMessage}`);
		return new UserError(`${where} answered ${error.status}: ${error.apiMessage}`);
	}
	if (error instanceof Error && /HTTP protocol is not allowed/.test(error.message)) {
		return new UserError(
			`the server ${connection.server} uses plain http, which needs insecure-skip-tls-verify: true in the kubeconfig`,
		);
	}
	// Exec plugins and token files fail inside client-node before any request is made.
	return new UserError(`cannot authenticate to ${where}: ${errorLine(error)}`);
}
