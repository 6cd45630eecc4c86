// The bench's simulator process: the API server with the controllers and the scale scenario, in a process of its own
// so that its work is not mixed with the bench's writers and timers. Talks to the bench over IPC (see protocol.ts).
import {startSimulator} from '../sim/index.js';
import {startControllers} from '../sim/controllers/index.js';
import {FOCUS, loadScenario} from '../sim/scenarios/index.js';
import type {StoreEvent} from '../sim/store.js';
import type {SimChildConfig, SimToBench, BenchToSim} from './protocol.js';

const config = JSON.parse(process.argv[2] ?? '{}') as SimChildConfig;
const send = (message: SimToBench) => process.send?.(message);
const now = () => performance.timeOrigin + performance.now();

const started = now();
const sim = await startSimulator({controllers: false, kubeconfigPath: config.kubeconfigPath, speed: config.speed});
const store = sim.store;

// Counts of store events by resource, and of those the dashboard's watches receive (every deployment, ReplicaSet and
// namespace; pods and events of the namespace it focuses).
const counts = {all: 0, deployments: 0, replicasets: 0, pods: 0, events: 0, namespaces: 0, dashboard: 0};
let focusNamespace: string | undefined;

// The focus deployment's rollout: from the template change the scenario writes to the status that says it is done.
let initialGeneration: number | undefined;
let rolloutStartedAt: number | undefined;
let focusUpAt: number | undefined;
let rolloutReported = false;

function onEvent(event: StoreEvent): void {
	counts.all++;
	if (event.resource in counts) counts[event.resource as keyof typeof counts]++;
	const namespace = event.object.metadata.namespace;
	if (event.resource === 'deployments' || event.resource === 'replicasets' || event.resource === 'namespaces')
		counts.dashboard++;
	else if (namespace !== undefined && namespace === focusNamespace) counts.dashboard++;
	if (event.resource === 'deployments' && namespace === FOCUS.namespace && event.object.metadata.name === FOCUS.name)
		watchFocus(event);
}

function watchFocus(event: StoreEvent): void {
	const deployment = event.object;
	const generation = deployment.metadata.generation ?? 0;
	initialGeneration ??= generation;
	const status = deployment.status ?? {};
	const desired = deployment.spec?.replicas ?? 1;
	const done =
		(status.observedGeneration ?? 0) >= generation &&
		(status.updatedReplicas ?? 0) === desired &&
		(status.replicas ?? 0) === desired &&
		(status.availableReplicas ?? 0) >= desired;
	if (generation === initialGeneration) {
		if (done) focusUpAt ??= now();
		return;
	}
	rolloutStartedAt ??= now();
	if (done && !rolloutReported) {
		rolloutReported = true;
		send({
			type: 'rollout',
			focusUpMs: (focusUpAt ?? rolloutStartedAt) - started,
			rolloutMs: now() - rolloutStartedAt,
			replicas: desired,
		});
	}
}

store.subscribe(onEvent);
const controllers = startControllers(store, {speed: config.speed});
const loadStarted = now();
const scenario = loadScenario(store, 'scale', {speed: config.speed, scale: config.scale});
const loadMs = now() - loadStarted;

send({
	type: 'ready',
	url: sim.url,
	token: sim.token,
	kubeconfig: sim.kubeconfig,
	startMs: now() - started,
	loadMs,
	objects: store.resourceVersion,
});

async function stop(): Promise<void> {
	scenario.stop();
	controllers.stop();
	await sim.stop();
	process.disconnect?.();
	process.exit(0);
}

process.on('message', (message: BenchToSim) => {
	switch (message.type) {
		case 'focus':
			focusNamespace = message.namespace;
			return;
		case 'counters':
			send({type: 'counters', id: message.id, counts: {...counts}, cpuMicros: cpuMicros(), at: now()});
			return;
		case 'stop':
			void stop();
			return;
	}
});
// The bench going away takes us with it.
process.on('disconnect', () => void stop());

function cpuMicros(): number {
	const usage = process.cpuUsage();
	return usage.user + usage.system;
}
