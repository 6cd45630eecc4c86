// The bundled Kubernetes simulator: an in-memory store, the controllers and a scenario, served
// over HTTPS as the Kubernetes API so that kubectl and client-node use it as a cluster.
import {randomBytes} from 'node:crypto';
import {Store} from './store.js';
import {ApiServer} from './api/server.js';
import {FaultInjector} from './api/faults.js';
import {generateCredentials} from './api/tls.js';
import {kubeconfigYaml, writeKubeconfig} from './api/kubeconfig.js';

export type {FaultInjector} from './api/faults.js';

export interface SimulatorOptions {
	/** Port on 127.0.0.1; default 0 = a free port. */
	port?: number;
	scenario?: 'demo' | 'empty';
	/** Scales every simulated delay; default 1. */
	speed?: number;
	/** Where to write the kubeconfig (mode 0600) before startSimulator resolves. */
	kubeconfigPath?: string;
	/** Events kept for watch resumption. */
	historySize?: number;
	store?: Store;
	/** Run the controllers and the scenario (default true); API tests turn them off to see only their own writes. */
	controllers?: boolean;
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

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

interface Stoppable {
	stop(): void;
}

type ControllersModule = {startControllers(store: Store, options: {speed: number}): Stoppable};
type ScenariosModule = {loadScenario(store: Store, name: 'demo' | 'empty', options: {speed: number}): Stoppable};

/** Loads a sibling module that may not exist yet in a partial checkout. */
async function optionalImport<T>(specifier: string): Promise<T | undefined> {
	try {
		return (await import(specifier)) as T;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(specifier.replace('./', '').replace('.js', ''))) return undefined;
		throw error;
	}
}

export function ensureNamespaces(store: Store): void {
	for (const name of SYSTEM_NAMESPACES) {
		if (store.get('namespaces', undefined, name)) continue;
		store.create('namespaces', {
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: {name, labels: {'kubernetes.io/metadata.name': name}},
			spec: {finalizers: ['kubernetes']},
			status: {phase: 'Active'},
		});
	}
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const speed = options.speed ?? 1;
	const store = options.store ?? new Store({historySize: options.historySize});
	ensureNamespaces(store);
	const token = randomBytes(24).toString('base64url');
	const credentials = await generateCredentials();
	const server = new ApiServer({store, token, credentials, port: options.port ?? 0, keepAliveMs: options.watchKeepAliveMs});
	const port = await server.listen();
	const url = `https://127.0.0.1:${port}`;
	const kubeconfig = kubeconfigYaml(url, credentials.caPem, token);
	const running: Stoppable[] = [];
	try {
		if (options.kubeconfigPath) writeKubeconfig(options.kubeconfigPath, kubeconfig);
		if (options.controllers !== false) {
			const controllers = await optionalImport<ControllersModule>('./controllers/index.js');
			if (controllers) running.push(controllers.startControllers(store, {speed}));
			const scenarios = await optionalImport<ScenariosModule>('./scenarios/index.js');
			if (scenarios) running.push(scenarios.loadScenario(store, options.scenario ?? 'demo', {speed}));
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
