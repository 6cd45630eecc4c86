// The demo's StatefulSets and DaemonSets: each created with a short history, then rolled to a new image so that a
// newcomer finds a StatefulSet and a DaemonSet mid-rollout (slowed by minReadySeconds), a partitioned StatefulSet
// holding at its partition, and a surging DaemonSet; every so often the next image is rolled.
import type {Resource, Store} from '../store.js';
import type {ScenarioDriver} from './driver.js';
import {
	createWorkload,
	daemonSetObject,
	setWorkloadImage,
	statefulSetObject,
	type WorkloadInput,
} from './workload-writes.js';

interface DemoWorkload {
	resource: Resource;
	input: WorkloadInput;
	/** Images of revisions 2..N, each rolled once the previous revision is recorded. */
	history: string[];
	/** Images the periodic roller cycles through. */
	next: string[];
}

const WORKLOADS: DemoWorkload[] = [
	{
		resource: 'statefulsets',
		input: {
			name: 'redis',
			namespace: 'default',
			image: 'redis:7.2.4',
			port: 6379,
			readinessDelaySeconds: 3,
			spec: {replicas: 3, minReadySeconds: 10},
		},
		history: ['redis:7.2.5', 'redis:7.4.1'],
		next: ['redis:7.4.2', 'redis:7.4.3'],
	},
	{
		resource: 'statefulsets',
		input: {
			name: 'postgres',
			namespace: 'shop',
			image: 'postgres:16.3',
			port: 5432,
			spec: {
				replicas: 3,
				updateStrategy: {type: 'RollingUpdate', rollingUpdate: {partition: 2}},
				volumeClaimTemplates: [
					{metadata: {name: 'data'}, spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '10Gi'}}}},
				],
			},
		},
		history: ['postgres:16.4'],
		next: [],
	},
	{
		resource: 'daemonsets',
		input: {
			name: 'log-agent',
			namespace: 'default',
			image: 'fluent/fluent-bit:3.0.7',
			container: 'fluent-bit',
			readinessDelaySeconds: 2,
			spec: {minReadySeconds: 15},
		},
		history: ['fluent/fluent-bit:3.1.4'],
		next: ['fluent/fluent-bit:3.1.9', 'fluent/fluent-bit:3.2.2'],
	},
	{
		resource: 'daemonsets',
		input: {
			name: 'node-exporter',
			namespace: 'shop',
			image: 'prom/node-exporter:v1.8.1',
			port: 9100,
			spec: {updateStrategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}},
		},
		history: ['prom/node-exporter:v1.8.2'],
		next: ['prom/node-exporter:v1.9.0'],
	},
];

/** Seconds (simulated) between two automatic rollouts of the StatefulSets and DaemonSets. */
const ROLL_EVERY_SECONDS = 90;

const changeCause = (workload: DemoWorkload, image: string) =>
	`kubectl set image ${workload.resource === 'statefulsets' ? 'statefulset' : 'daemonset'}/${workload.input.name} ${workload.input.container ?? workload.input.name}=${image} --namespace=${workload.input.namespace}`;

function revisionCount(store: Store, workload: DemoWorkload): number {
	const owner = store.get(workload.resource, workload.input.namespace, workload.input.name);
	return owner ? store.listByOwner('controllerrevisions', owner.metadata.uid).length : 0;
}

export function loadDemoWorkloads(store: Store, driver: ScenarioDriver): void {
	for (const workload of WORKLOADS) {
		driver.run(async () => {
			const object =
				workload.resource === 'statefulsets' ? statefulSetObject(workload.input) : daemonSetObject(workload.input);
			createWorkload(store, workload.resource, object);
			for (const [index, image] of workload.history.entries()) {
				// The first revisions are rolled quickly; the last one is left to roll at its own pace.
				await driver.until(() => revisionCount(store, workload) >= index + 1);
				if (index < workload.history.length - 1) await driver.sleep(2);
				setWorkloadImage(
					store,
					workload.resource,
					workload.input.namespace,
					workload.input.name,
					image,
					changeCause(workload, image),
				);
			}
		});
	}
	const rollable = WORKLOADS.filter(workload => workload.next.length);
	driver.run(async () => {
		for (let round = 0; ; round++) {
			await driver.sleep(ROLL_EVERY_SECONDS);
			const workload = rollable[round % rollable.length]!;
			const image = workload.next[Math.floor(round / rollable.length) % workload.next.length]!;
			if (!store.get(workload.resource, workload.input.namespace, workload.input.name)) continue;
			setWorkloadImage(
				store,
				workload.resource,
				workload.input.namespace,
				workload.input.name,
				image,
				changeCause(workload, image),
			);
		}
	});
}
