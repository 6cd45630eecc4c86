// The end-to-end set-up: the simulator with a kubeconfig in a temporary directory, the real kubectl bound to it
// (with its own cache dir), and the dashboard (the bundle `npm run build` makes) in tmux panes it keeps track of,
// so that a test's panes are killed after it and the simulator stopped after the file, whether they pass or fail.
//
//   let e2e: E2eCluster;
//   before(async () => (e2e = await startE2eCluster({speed: 10})));
//   afterEach(() => e2e?.killDashboards());
//   after(() => e2e?.close());
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startSimulator, type Simulator} from '../../source/sim/index.js';
import type {ScenarioName} from '../../source/sim/scenarios/index.js';
import type {StoredObject} from '../../source/sim/store.js';
import {repoRoot, runProcess, type RunResult} from './lead-process.js';
import {TmuxSession} from './lead-tmux.js';
import {waitFor} from './wait.js';

/** What people run: the bundle with the patched Ink in it (`npm test` builds it first). */
export const bundle = path.join(repoRoot, 'dist', 'rollout-dash.js');

/** How long kubectl's history may take to show a revision: generous, for loaded machines. */
const HISTORY_MS = 60_000;
/** How long a crash-looping pod may take to restart once. */
const RESTART_MS = 60_000;

export interface DashboardOptions {
	columns?: number;
	rows?: number;
	env?: Record<string, string>;
}

/** An object as `kubectl create -f` takes it. */
export interface Manifest {
	apiVersion: string;
	kind: string;
	metadata: {name: string; [field: string]: unknown};
	[field: string]: unknown;
}

export interface E2eCluster {
	sim: Simulator;
	/** The temporary directory: the kubeconfig, kubectl's cache, files the test writes. Removed by close(). */
	dir: string;
	kubeconfig: string;
	/** kubectl against the simulator (the admin's current context unless --context says otherwise), any exit. */
	kubectlRun(...args: string[]): Promise<RunResult>;
	/** kubectl against the simulator; fails the test on a non-zero exit; its stdout. */
	kubectl(...args: string[]): Promise<string>;
	/** One field of an object, as `kubectl get TYPE/NAME -n NAMESPACE -o jsonpath={FIELD}` prints it. */
	jsonpath(target: string, field: string, namespace?: string): Promise<string>;
	/** Writes the object as JSON into the directory and creates it with `kubectl create -f`. */
	create(object: Manifest): Promise<string>;
	/**
	 * Waits until `kubectl rollout history TARGET` lists the revision, and returns the revision numbers it lists.
	 */
	historyWith(target: string, revision: number): Promise<number[]>;
	/** Waits for a pod in the default namespace whose first container runs the image and has restarted. */
	restartedPod(image: string): Promise<StoredObject>;
	/** The dashboard with --kubeconfig and the args, in a new tmux pane (120x40 unless told). */
	dashboard(args?: string[], options?: DashboardOptions): TmuxSession;
	/** Kills every dashboard's tmux server started so far: after each test. */
	killDashboards(): void;
	/** Kills the dashboards, stops the simulator and removes the directory: after the file. */
	close(): Promise<void>;
}

export async function startE2eCluster(options: {speed: number; scenario?: ScenarioName}): Promise<E2eCluster> {
	assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build (npm test does)`);
	const dir = mkdtempSync(path.join(tmpdir(), 'rd-e2e-'));
	const kubeconfig = path.join(dir, 'kubeconfig');
	let sim: Simulator;
	try {
		sim = await startSimulator({
			scenario: options.scenario ?? 'empty',
			speed: options.speed,
			kubeconfigPath: kubeconfig,
		});
	} catch (error) {
		rmSync(dir, {recursive: true, force: true});
		throw error;
	}
	const sessions: TmuxSession[] = [];
	const cacheDir = path.join(dir, 'cache');

	const kubectlRun = (...args: string[]) =>
		runProcess('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], {timeoutMs: 60_000});
	const kubectl = async (...args: string[]) => {
		const result = await kubectlRun(...args);
		assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
		return result.stdout;
	};
	const killDashboards = () => {
		for (const session of sessions.splice(0)) session.kill();
	};

	return {
		sim,
		dir,
		kubeconfig,
		kubectlRun,
		kubectl,
		jsonpath: (target, field, namespace = 'default') =>
			kubectl('get', target, '-n', namespace, '-o', `jsonpath={${field}}`),
		create(object) {
			const file = path.join(dir, `${object.kind.toLowerCase()}-${object.metadata.name}.json`);
			writeFileSync(file, JSON.stringify(object));
			return kubectl('create', '-f', file);
		},
		async historyWith(target, revision) {
			const history = await waitFor(
				async () => {
					const out = await kubectl('rollout', 'history', target);
					return new RegExp(`^${revision}\\s`, 'm').test(out) ? out : undefined;
				},
				{timeout: HISTORY_MS, message: `revision ${revision} in kubectl rollout history ${target}`},
			);
			return revisionNumbers(history);
		},
		restartedPod(image) {
			return waitFor(
				() =>
					sim.store
						.list('pods', 'default')
						.find(
							pod => pod.spec?.containers?.[0]?.image === image && pod.status?.containerStatuses?.[0]?.restartCount > 0,
						),
				{timeout: RESTART_MS, message: `a restarted pod of ${image}`},
			);
		},
		dashboard(args = [], dashboardOptions = {}) {
			const session = new TmuxSession([process.execPath, bundle, '--kubeconfig', kubeconfig, ...args], {
				cwd: repoRoot,
				...dashboardOptions,
			});
			sessions.push(session);
			return session;
		},
		killDashboards,
		async close() {
			killDashboards();
			try {
				await sim.stop();
			} finally {
				rmSync(dir, {recursive: true, force: true});
			}
		},
	};
}

/** A StatefulSet whose pods (label app=NAME) run one container named NAME. */
export function statefulSet(name: string, image: string, replicas: number): Manifest {
	return {
		apiVersion: 'apps/v1',
		kind: 'StatefulSet',
		metadata: {name},
		spec: {serviceName: name, replicas, selector: {matchLabels: {app: name}}, template: podTemplate(name, image)},
	};
}

/** A DaemonSet whose pods (label app=NAME) run one container named NAME. */
export function daemonSet(name: string, image: string): Manifest {
	return {
		apiVersion: 'apps/v1',
		kind: 'DaemonSet',
		metadata: {name},
		spec: {selector: {matchLabels: {app: name}}, template: podTemplate(name, image)},
	};
}

function podTemplate(app: string, image: string) {
	return {metadata: {labels: {app}}, spec: {containers: [{name: app, image}]}};
}

/** The REVISION column of `kubectl rollout history`. */
function revisionNumbers(history: string): number[] {
	return history
		.split('\n')
		.filter(line => /^\d+\s/.test(line))
		.map(line => Number(line.split(/\s+/)[0]));
}

/** Several keys in ONE tmux send-keys call: they reach the dashboard as one burst, as typed. */
export function burst(session: TmuxSession, ...keys: string[]): void {
	session.tmux(['send-keys', '-t', session.name, ...keys]);
}

/** Waits until the dashboard has exited, and returns its exit status. */
export async function exitOf(screen: TmuxSession): Promise<number> {
	// Waits on whether there is a status: 0, the status hoped for, is falsy.
	await waitFor(() => screen.exitStatus() !== undefined, {
		message: () => `the exit; screen:\n${screen.scrollback()}`,
	});
	return screen.exitStatus()!;
}

/** q, then the dashboard exits with status 0. */
export async function quit(screen: TmuxSession): Promise<void> {
	screen.key('q');
	assert.equal(await exitOf(screen), 0, `the exit status after q; screen:\n${screen.scrollback()}`);
}
