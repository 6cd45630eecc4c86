// The bundled Kubernetes simulator: an in-memory store, the controllers and a scenario, served
// over HTTPS as the Kubernetes API so that kubectl and client-node use it as a cluster.
import {randomBytes} from 'node:crypto';
import {Store} from './store.js';
import {ApiServer} from './api/server.js';
import type {FaultInjector} from './api/faults.js';
import {generateCredentials} from './api/tls.js';
import {kubeconfigYaml, writeKubeconfig} from './api/kubeconfig.js';
import {startControllers} from './controllers/index.js';
import {loadScenario, type ScenarioName} from './scenarios/index.js';
import {ensureNamespace, SYSTEM_NAMESPACES} from './scenarios/namespaces.js';

export type {FaultInjector, RecordedRequest} from './api/faults.js';

export interface SimulatorOptions {
	/** Port on 127.0.0.1; default 0 = a free port. */
	port?: number;
	/** Default `demo`. */
	scenario?: ScenarioName;
	/** Scales every simulated delay; default 1. */
	speed?: number;
	/** Where to write the kubeconfig (mode 0600) before startSimulator resolves. */
	kubeconfigPath?: string;
	/** Events kept for watch resumption. */
	historySize?: number;
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
	token: string;
	store: Store;
	faults: FaultInjector;
	stop(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const speed = options.speed ?? 1;
	const store = options.store ?? new Store({historySize: options.historySize});
	// The namespaces every cluster has, before anything can be served.
	for (const namespace of SYSTEM_NAMESPACES) ensureNamespace(store, namespace);
	const token = randomBytes(24).toString('base64url');
	const credentials = await generateCredentials();
	const server = new ApiServer({
		store,
		token,
		credentials,
		port: options.port ?? 0,
		keepAliveMs: options.watchKeepAliveMs,
	});
	const port = await server.listen();
	const url = `https://127.0.0.1:${port}`;
	const kubeconfig = kubeconfigYaml(url, credentials.caPem, token);
	const running: {stop(): void}[] = [];
	try {
		if (options.kubeconfigPath) writeKubeconfig(options.kubeconfigPath, kubeconfig);
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
		store,
		faults: server.faults,
		async stop() {
			if (stopped) return;
			stopped = true;
			for (const part of running.reverse()) part.stop();
			await server.close();
		},
	};
}
