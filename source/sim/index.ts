// The bundled Kubernetes simulator: an in-memory store, the controllers and a scenario, served
// over HTTPS as the Kubernetes API so that kubectl and client-node use it as a cluster.
import {Store} from './store.js';
import {ApiServer} from './api/server.js';
import type {FaultInjector} from './api/faults.js';
import type {WatchHubOptions, WatchStats} from './api/watch.js';
import {generateCredentials} from './api/tls.js';
import {kubeconfigEntries, kubeconfigYaml} from './api/kubeconfig.js';
import {installKubeconfig, type InstalledKubeconfig} from './kubeconfig-file.js';
import {simulatorUsers, type SimulatorUser} from './api/users.js';
import {ensureRbacPolicy} from './api/rbac/bootstrap.js';
import {startControllers} from './controllers/index.js';
import {loadScenario, type ScenarioName} from './scenarios/index.js';
import {ensureNamespace, SYSTEM_NAMESPACES} from './scenarios/namespaces.js';

export type {FaultInjector, RecordedRequest} from './api/faults.js';
export type {SimulatorUser} from './api/users.js';

export interface SimulatorOptions {
	/** Port on 127.0.0.1; default 0 = a free port. */
	port?: number;
	/** Default `demo`. */
	scenario?: ScenarioName;
	/** Scales every simulated delay; default 1. */
	speed?: number;
	/**
	 * Where to put the kubeconfig before startSimulator resolves: a new file (mode 0600), or an existing kubeconfig
	 * the simulator's entries are merged into; they are taken out again by stop() or removeKubeconfig().
	 */
	kubeconfigPath?: string;
	/** Make the simulator's context current in an existing kubeconfig (a new one always gets it). */
	setContext?: boolean;
	/** Events kept for watch resumption. */
	historySize?: number;
	/** Bytes of serialised objects kept for watch resumption (as well as historySize). */
	historyBytes?: number;
	/** Limits of a watcher's backlog (see WatchHubOptions). */
	watchLimits?: Pick<WatchHubOptions, 'bufferLimitBytes' | 'behindBytes' | 'behindBudgetMs'>;
	store?: Store;
	/** Run the controllers and the scenario (default true); API tests turn them off to see only their own writes. */
	controllers?: boolean;
	/** Nodes of the cluster (default: the scenario's own, 3 for `empty`). */
	nodes?: number;
	/** Silence after which watches get a BOOKMARK or keep-alive newline (ms, default 5000). */
	watchKeepAliveMs?: number;
}

export interface Simulator {
	/** https://127.0.0.1:PORT */
	url: string;
	port: number;
	/** Kubeconfig YAML text. */
	kubeconfig: string;
	kubeconfigPath?: string;
	/** The admin's token (cluster-admin). */
	token: string;
	/** Every user, the admin first, with its token and kubeconfig context. */
	users: readonly SimulatorUser[];
	store: Store;
	faults: FaultInjector;
	/** Watchers closed for falling behind, and the largest backlog any watcher had. */
	watchStats: WatchStats;
	/** How many watches are open. */
	openWatchCount(): number;
	/** Takes the simulator's entries out of its kubeconfig file now (synchronous, for exit handlers); idempotent. */
	removeKubeconfig(): void;
	stop(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const speed = options.speed ?? 1;
	const store = options.store ?? new Store({historySize: options.historySize, historyBytes: options.historyBytes});
	// The namespaces every cluster has, before anything can be served.
	for (const namespace of SYSTEM_NAMESPACES) ensureNamespace(store, namespace);
	const users = simulatorUsers();
	const token = users[0]!.token;
	ensureRbacPolicy(store);
	const credentials = await generateCredentials();
	const server = new ApiServer({
		store,
		users,
		credentials,
		port: options.port ?? 0,
		keepAliveMs: options.watchKeepAliveMs,
		watchLimits: options.watchLimits,
	});
	const port = await server.listen();
	const url = `https://127.0.0.1:${port}`;
	const entries = kubeconfigEntries(url, credentials.caPem, users);
	const kubeconfig = kubeconfigYaml(entries);
	const running: {stop(): void}[] = [];
	let installed: InstalledKubeconfig | undefined;
	try {
		if (options.kubeconfigPath)
			installed = installKubeconfig(options.kubeconfigPath, entries, {setContext: options.setContext});
		if (options.controllers !== false) {
			running.push(startControllers(store, {speed}));
			running.push(loadScenario(store, options.scenario ?? 'demo', {speed, nodes: options.nodes}));
		}
	} catch (error) {
		for (const part of running) part.stop();
		await server.close();
		throw error;
	}
	let stopped = false;
	return {
		url,
		port,
		kubeconfig,
		kubeconfigPath: options.kubeconfigPath,
		token,
		users,
		store,
		faults: server.faults,
		watchStats: server.hub.stats,
		openWatchCount: () => server.hub.openCount,
		removeKubeconfig: () => installed?.remove(),
		async stop() {
			if (stopped) return;
			stopped = true;
			installed?.remove();
			for (const part of running.reverse()) part.stop();
			await server.close();
		},
	};
}
