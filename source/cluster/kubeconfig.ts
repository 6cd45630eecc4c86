// A kubeconfig as client-node's KubeConfig reads and applies it, without importing client-node's index: that import
// loads all 2,556 generated API models (about 470 ms and 70 MB at start-up) for a class we use a fraction of.
// Parsing and validation are client-node's own (config_types.js), as are the exec-plugin and token-file
// authenticators; users with an auth-provider (azure, gcp, oidc) and clusters behind a proxy are handed to the real
// KubeConfig, imported only then. The API we use is the same: tests and callers see no difference. Where client-node
// departs from kubectl, kubectl wins: exec credentials are kept for the process and refreshed after a 401 (see
// credentials.ts), `tokenFile` is read, and a CA with insecure-skip-tls-verify is refused.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import type {Cluster, Context, KubeConfig as FullKubeConfig, User} from '@kubernetes/client-node';
import {newClusters, newContexts, newUsers} from '@kubernetes/client-node/dist/config_types.js';
import {FileAuth} from '@kubernetes/client-node/dist/file_auth.js';
// The YAML parser client-node itself uses, at the same version (deduplicated), so kubeconfigs parse alike.
import yaml from 'js-yaml';
import {
	DEFAULT_EXEC_TIMEOUT_MS,
	ExecCredentials,
	TokenFiles,
	execConfigOf,
	type UserWithTokenFile,
} from './credentials.js';

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** client-go's transport refuses this combination before any request, in these words. */
export const INSECURE_WITH_CA = 'specifying a root certificates file with the insecure flag is not allowed';

export type {Cluster, Context, User};

interface Authenticator {
	isAuthProvider(user: User): boolean;
	applyAuthentication(user: User, opts: https.RequestOptions): Promise<void>;
}

export class KubeConfig {
	clusters: Cluster[] = [];
	contexts: Context[] = [];
	users: User[] = [];
	currentContext = '';
	/** The files this configuration was read from (watched for changes by a running dashboard). */
	files: string[] = [];
	private readonly authenticators: Authenticator[] = [new FileAuth() as Authenticator];
	/** How long an exec plugin may take to hand out a credential. */
	execTimeoutMs = DEFAULT_EXEC_TIMEOUT_MS;
	readonly exec = new ExecCredentials(() => this.execTimeoutMs);
	private readonly tokenFiles = new TokenFiles();
	private full: Promise<FullKubeConfig> | undefined;
	private agent: {server: string; tls: TlsMaterial; agent: http.Agent} | undefined;

	getContexts(): Context[] {
		return this.contexts;
	}
	getClusters(): Cluster[] {
		return this.clusters;
	}
	getUsers(): User[] {
		return this.users;
	}
	getCurrentContext(): string {
		return this.currentContext;
	}
	setCurrentContext(context: string): void {
		this.currentContext = context;
	}
	getContextObject(name: string): Context | null {
		return this.contexts.find(context => context.name === name) ?? null;
	}
	getCurrentCluster(): Cluster | null {
		const context = this.getContextObject(this.currentContext);
		return context ? (this.clusters.find(cluster => cluster.name === context.cluster) ?? null) : null;
	}
	getCurrentUser(): User | null {
		const context = this.getContextObject(this.currentContext);
		return context ? (this.users.find(user => user.name === context.user) ?? null) : null;
	}

	loadFromFile(file: string): void {
		// Shapes are checked by client-node's newClusters/newContexts/newUsers, as client-node does.
		const parsed = (yaml.load(fs.readFileSync(file, 'utf8')) ?? {}) as {
			clusters?: any;
			contexts?: any;
			users?: any;
			'current-context'?: string;
		};
		this.clusters = newClusters(parsed.clusters);
		this.contexts = newContexts(parsed.contexts);
		this.users = newUsers(parsed.users);
		// The standard `tokenFile`, which client-node's parser drops.
		const rawUsers: unknown[] = Array.isArray(parsed.users) ? parsed.users : [];
		for (const raw of rawUsers) {
			const entry = raw as {name?: string; user?: {tokenFile?: unknown}};
			const user = this.users.find(candidate => candidate.name === entry?.name) as UserWithTokenFile | undefined;
			if (user && typeof entry.user?.tokenFile === 'string' && entry.user.tokenFile !== '')
				user.tokenFile = entry.user.tokenFile;
		}
		this.currentContext = parsed['current-context'] ?? '';
		this.files = [file];
		// Relative file references are relative to the kubeconfig file (as client-node's makePathsAbsolute).
		const root = path.dirname(file);
		const absolute = (value: string) => (path.isAbsolute(value) ? value : path.join(root, value));
		for (const cluster of this.clusters)
			if (cluster.caFile) (cluster as {caFile?: string}).caFile = absolute(cluster.caFile);
		for (const user of this.users) {
			if (user.certFile) (user as {certFile?: string}).certFile = absolute(user.certFile);
			if (user.keyFile) (user as {keyFile?: string}).keyFile = absolute(user.keyFile);
			const withFile = user as UserWithTokenFile;
			if (withFile.tokenFile) withFile.tokenFile = absolute(withFile.tokenFile);
		}
	}

	/** Another configuration's contents in place of these, with nothing cached from the old ones. */
	replaceWith(other: KubeConfig): void {
		this.loadFromOptions(other);
		this.files = other.files;
		this.agent = undefined;
		this.full = undefined;
		this.firstCredentials = undefined;
		this.exec.forget();
		this.tokenFiles.forget();
	}

	loadFromOptions(options: {clusters: Cluster[]; contexts: Context[]; users: User[]; currentContext: string}): void {
		this.clusters = options.clusters;
		this.contexts = options.contexts;
		this.users = options.users;
		this.currentContext = options.currentContext;
	}

	/** In a pod: the service account's token, CA and namespace (as client-node's loadFromCluster). */
	loadFromCluster(): void {
		const host = process.env['KUBERNETES_SERVICE_HOST'] ?? '';
		const port = process.env['KUBERNETES_SERVICE_PORT'] ?? '';
		const scheme = port === '80' || port === '8080' || port === '8001' ? 'http' : 'https';
		const serverHost = net.isIPv6(host) ? `[${host}]` : host;
		this.clusters = [
			{
				name: 'inCluster',
				caFile: `${SERVICE_ACCOUNT}/ca.crt`,
				server: `${scheme}://${serverHost}:${port}`,
				skipTLSVerify: false,
			},
		];
		this.users = [
			{name: 'inClusterUser', authProvider: {name: 'tokenFile', config: {tokenFile: `${SERVICE_ACCOUNT}/token`}}},
		];
		const namespaceFile = `${SERVICE_ACCOUNT}/namespace`;
		const namespace = fs.existsSync(namespaceFile) ? fs.readFileSync(namespaceFile, 'utf8') : undefined;
		this.contexts = [
			{
				cluster: 'inCluster',
				name: 'inClusterContext',
				user: 'inClusterUser',
				...(namespace === undefined ? {} : {namespace}),
			},
		];
		this.currentContext = 'inClusterContext';
	}

	/** Settles when the first request's credentials have been obtained (or failed to be). */
	private firstCredentials: Promise<void> | undefined;

	/**
	 * CA, client certificate, TLS settings, bearer/exec/token-file credentials, basic auth and the agent. The first
	 * call goes alone: the dashboard starts several requests at once, and an exec plugin (or an auth provider) would
	 * otherwise run once for each before there is a credential to cache. Those that waited share its failure (a
	 * plugin that hangs is waited for once); the next request tries again.
	 */
	async applyToHTTPSOptions(opts: https.RequestOptions): Promise<void> {
		if (this.firstCredentials === undefined) {
			const first = this.applyCredentials(opts);
			this.firstCredentials = first;
			first.catch(() => {
				if (this.firstCredentials === first) this.firstCredentials = undefined;
			});
			return first;
		}
		await this.firstCredentials;
		return this.applyCredentials(opts);
	}

	private async applyCredentials(opts: https.RequestOptions): Promise<void> {
		const cluster = this.getCurrentCluster();
		const user = this.getCurrentUser();
		if (this.needsFullKubeConfig(cluster, user)) {
			const full = await this.fullKubeConfig();
			await full.applyToHTTPSOptions(opts);
			return;
		}
		if (cluster?.skipTLSVerify && (cluster.caFile || cluster.caData)) throw new Error(INSECURE_WITH_CA);
		// The cluster's TLS settings hold for a context without a user too.
		if (cluster?.skipTLSVerify) opts.rejectUnauthorized = false;
		if (cluster?.tlsServerName) opts.servername = cluster.tlsServerName;
		const ca = cluster ? fileOrData(cluster.caFile, cluster.caData) : undefined;
		if (ca) opts.ca = ca;
		if (user) {
			const cert = fileOrData(user.certFile, user.certData);
			if (cert) opts.cert = cert;
			const key = fileOrData(user.keyFile, user.keyData);
			if (key) opts.key = key;
			const headers = (opts.headers ??= {}) as http.OutgoingHttpHeaders;
			if (user.impersonateUser != null) headers['Impersonate-User'] = user.impersonateUser;
			const authenticator = this.authenticators.find(candidate => candidate.isAuthProvider(user));
			if (authenticator) await authenticator.applyAuthentication(user, opts);
			const exec = execConfigOf(user);
			if (exec) await this.exec.apply(user, exec, opts);
			const tokenFile = (user as UserWithTokenFile).tokenFile;
			const token = user.token || (tokenFile ? this.tokenFiles.token(tokenFile) : undefined);
			if (token) (opts.headers as http.OutgoingHttpHeaders)['Authorization'] = `Bearer ${token}`;
			if (user.username) opts.auth = `${user.username}:${user.password}`;
		}
		opts.agent = this.agentFor(cluster, opts);
	}

	/**
	 * The server refused the credentials (401): drop what was cached so the next request gets fresh ones, as
	 * client-go does. Says whether there was anything to refresh (an exec plugin or a token file).
	 */
	forgetCredentials(refused?: string): boolean {
		const user = this.getCurrentUser();
		if (!user) return false;
		this.exec.forget(refused);
		this.tokenFiles.forget();
		return execConfigOf(user) !== undefined || (user as UserWithTokenFile).tokenFile !== undefined;
	}

	/**
	 * One agent while the cluster and TLS identity stay the same (an exec plugin may hand out a new client
	 * certificate): TLS sessions are resumed across requests. Connections are not kept alive, as before.
	 */
	private agentFor(cluster: Cluster | null, opts: https.RequestOptions): http.Agent {
		const server = cluster?.server ?? '';
		if (server.startsWith('http:') && !cluster?.skipTLSVerify)
			throw new Error('HTTP protocol is not allowed when skipTLSVerify is not set or false');
		const tls = {
			ca: opts.ca,
			cert: opts.cert,
			key: opts.key,
			rejectUnauthorized: opts.rejectUnauthorized,
			servername: opts.servername,
		};
		const cached = this.agent;
		if (cached && cached.server === server && sameTls(cached.tls, tls)) return cached.agent;
		const options: https.AgentOptions = {...tls};
		if (options.rejectUnauthorized === undefined) delete options.rejectUnauthorized;
		const agent = server.startsWith('http:') ? new http.Agent() : new https.Agent(options);
		this.agent = {server, tls, agent};
		return agent;
	}

	/** Auth providers (azure, gcp, oidc) and proxies: client-node's own code, loaded only for such configs. */
	private needsFullKubeConfig(cluster: Cluster | null, user: User | null): boolean {
		if (cluster?.proxyUrl) return true;
		if (!user?.authProvider) return false;
		if (execConfigOf(user)) return false;
		return (
			!this.authenticators.some(candidate => candidate.isAuthProvider(user)) ||
			['azure', 'gcp', 'oidc'].includes(user.authProvider.name)
		);
	}

	private fullKubeConfig(): Promise<FullKubeConfig> {
		this.full ??= import('@kubernetes/client-node').then(({KubeConfig: Full}) => {
			const full = new Full();
			full.loadFromOptions({
				clusters: this.clusters,
				contexts: this.contexts,
				users: this.users,
				currentContext: this.currentContext,
			});
			return full;
		});
		return this.full.then(full => {
			full.setCurrentContext(this.currentContext);
			return full;
		});
	}
}

type TlsMaterial = Pick<https.RequestOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized' | 'servername'>;

function sameValue(a: unknown, b: unknown): boolean {
	if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
	return a === b;
}

function sameTls(a: TlsMaterial, b: TlsMaterial): boolean {
	return (['ca', 'cert', 'key', 'rejectUnauthorized', 'servername'] as const).every(field =>
		sameValue(a[field], b[field]),
	);
}

function fileOrData(file: string | undefined, data: string | undefined): Buffer | undefined {
	if (file) return fs.readFileSync(file);
	if (data) return Buffer.from(data, 'base64');
	return undefined;
}
