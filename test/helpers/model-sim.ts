// A simulator over HTTPS with a temporary kubeconfig, kubectl bound to it (fresh cache dir), and a connection.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startSimulator, type Simulator} from '../../source/sim/index.js';
import {connect, type Connection} from '../../source/cluster/connect.js';
import {runProcess, type RunResult} from './lead-process.js';

export interface TestCluster {
	sim: Simulator;
	dir: string;
	kubeconfigPath: string;
	connection: Connection;
	/** Runs kubectl against the simulator (asynchronously: the simulator lives in this process). */
	kubectl(...args: string[]): Promise<RunResult>;
	/** Like kubectl(), but fails the test on a non-zero exit. */
	kubectlOk(...args: string[]): Promise<string>;
	close(): Promise<void>;
}

export async function startTestCluster(
	options: {speed?: number; watchKeepAliveMs?: number; namespace?: string} = {},
): Promise<TestCluster> {
	const dir = mkdtempSync(path.join(tmpdir(), 'rollout-dash-model-'));
	const kubeconfigPath = path.join(dir, 'kubeconfig');
	const sim = await startSimulator({
		scenario: 'empty',
		speed: options.speed ?? 20,
		kubeconfigPath,
		watchKeepAliveMs: options.watchKeepAliveMs ?? 200,
	});
	const cacheDir = path.join(dir, 'kube-cache');
	const kubectl = (...args: string[]) =>
		runProcess('kubectl', ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir, ...args], {
			env: {KUBECACHEDIR: cacheDir},
			timeoutMs: 60_000,
		});
	const kubectlOk = async (...args: string[]) => {
		const result = await kubectl(...args);
		if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
		return result.stdout;
	};
	const connection = await connect({kubeconfig: kubeconfigPath, namespace: options.namespace});
	return {
		sim,
		dir,
		kubeconfigPath,
		connection,
		kubectl,
		kubectlOk,
		async close() {
			await sim.stop();
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

/** Creates a deployment with kubectl and waits until it is rolled out. */
export async function createDeployment(
	cluster: TestCluster,
	name: string,
	image = 'nginx:1.17',
	replicas = 3,
): Promise<void> {
	await cluster.kubectlOk('create', 'deployment', name, `--image=${image}`, `--replicas=${replicas}`);
	await waitRolledOut(cluster, name);
}

export async function waitRolledOut(cluster: TestCluster, name: string): Promise<void> {
	await cluster.kubectlOk('rollout', 'status', `deployment/${name}`, '--timeout=60s');
}

/** The server's objects, read straight from the simulator's store (managedFields aside). */
export function storeObjects(
	cluster: TestCluster,
	resource: 'deployments' | 'replicasets' | 'pods',
	namespace = 'default',
): any[] {
	return cluster.sim.store.list(resource, namespace) as any[];
}
