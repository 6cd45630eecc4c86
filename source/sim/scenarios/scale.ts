// The scale scenario for benchmarks: many namespaces × deployments × revisions of history, written directly as
// the deployment controller would have left them (old ReplicaSets scaled to 0), plus one large focus deployment
// that rolls a new image once it is up.
import {ANNOTATIONS, POD_TEMPLATE_HASH_LABEL} from '../../k8s/annotations.js';
import {replicasAnnotations} from '../../k8s/deployment-util.js';
import {computeTemplateHash} from '../../k8s/template.js';
import {defaultReplicaSet} from '../api/defaults.js';
import type {Store, StoredObject} from '../store.js';
import {ScenarioDriver} from './driver.js';
import {createDeployment, deploymentObject, setImage} from './kubectl-writes.js';
import {ensureNamespace, SYSTEM_NAMESPACES} from './namespaces.js';
import {createScaleWorkloads} from './scale-workloads.js';
import {copyJson} from '../json.js';

export interface ScaleOptions {
	namespaces: number;
	deploymentsPerNamespace: number;
	revisions: number;
	focusReplicas: number;
	/** StatefulSets (2 replicas each) and DaemonSets (a pod per node) in each namespace. */
	statefulSetsPerNamespace?: number;
	daemonSetsPerNamespace?: number;
}

export const DEFAULT_SCALE: ScaleOptions = {
	namespaces: 10,
	deploymentsPerNamespace: 100,
	revisions: 10,
	focusReplicas: 1000,
	statefulSetsPerNamespace: 2,
	daemonSetsPerNamespace: 1,
};

export const scaleNamespace = (index: number) => `bench-${String(index).padStart(2, '0')}`;
export const FOCUS = {namespace: 'bench-focus', name: 'focus'} as const;

const imageFor = (app: string, revision: number) => `registry.example/${app}:1.${revision}.0`;

/** A ReplicaSet exactly as the controller leaves it after the rollout of `revision` finished. */
function historicalReplicaSet(
	deployment: StoredObject,
	revision: number,
	replicas: number,
	image: string,
): StoredObject {
	const template = copyJson(deployment.spec.template);
	template.spec.containers[0].image = image;
	const hash = computeTemplateHash(template);
	template.metadata.labels = {...template.metadata.labels, [POD_TEMPLATE_HASH_LABEL]: hash};
	const {desired, max} = replicasAnnotations(deployment);
	const rs = {
		apiVersion: 'apps/v1',
		kind: 'ReplicaSet',
		metadata: {
			name: `${deployment.metadata.name}-${hash}`,
			namespace: deployment.metadata.namespace,
			generation: 1,
			labels: {...template.metadata.labels},
			annotations: {
				[ANNOTATIONS.changeCause]: `kubectl set image deployment/${deployment.metadata.name} app=${image} --record=true`,
				[ANNOTATIONS.desiredReplicas]: desired,
				[ANNOTATIONS.maxReplicas]: max,
				[ANNOTATIONS.revision]: String(revision),
			},
			ownerReferences: [
				{
					apiVersion: 'apps/v1',
					kind: 'Deployment',
					name: deployment.metadata.name,
					uid: deployment.metadata.uid,
					controller: true,
					blockOwnerDeletion: true,
				},
			],
		},
		spec: {
			replicas,
			selector: {matchLabels: {...deployment.spec.selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash}},
			template,
		},
		status: {replicas: 0, observedGeneration: 1},
	} as unknown as StoredObject;
	defaultReplicaSet(rs);
	return rs;
}

/** A deployment at its last revision, with revisions 1..N-1 behind it. */
function deploymentWithHistory(
	store: Store,
	namespace: string,
	name: string,
	replicas: number,
	revisions: number,
): StoredObject {
	const current = imageFor(name, revisions);
	const object = deploymentObject({name, namespace, image: current, replicas});
	object.spec.template.spec.containers[0].name = 'app';
	object.metadata.annotations = {
		[ANNOTATIONS.changeCause]: `kubectl set image deployment/${name} app=${current} --record=true`,
	};
	const deployment = createDeployment(store, object);
	for (let revision = 1; revision <= revisions; revision++) {
		const rs = historicalReplicaSet(
			deployment,
			revision,
			revision === revisions ? replicas : 0,
			imageFor(name, revision),
		);
		if (store.get('replicasets', namespace, rs.metadata.name)) continue;
		store.create('replicasets', rs as never);
	}
	return deployment;
}

export function loadScale(store: Store, options: {speed: number; scale?: Partial<ScaleOptions>}): {stop(): void} {
	const scale = {...DEFAULT_SCALE, ...options.scale};
	for (const namespace of SYSTEM_NAMESPACES) ensureNamespace(store, namespace);
	for (let n = 0; n < scale.namespaces; n++) {
		const namespace = scaleNamespace(n);
		ensureNamespace(store, namespace);
		for (let i = 0; i < scale.deploymentsPerNamespace; i++) {
			const name = `app-${String(i).padStart(3, '0')}`;
			if (!store.get('deployments', namespace, name)) deploymentWithHistory(store, namespace, name, 1, scale.revisions);
		}
		createScaleWorkloads(store, namespace, scale.statefulSetsPerNamespace ?? 0, scale.daemonSetsPerNamespace ?? 0);
	}
	const driver = new ScenarioDriver(store, options.speed);
	if (scale.focusReplicas > 0) {
		ensureNamespace(store, FOCUS.namespace);
		if (!store.get('deployments', FOCUS.namespace, FOCUS.name))
			deploymentWithHistory(store, FOCUS.namespace, FOCUS.name, scale.focusReplicas, scale.revisions);
		driver.run(async () => {
			// Once the focus deployment is up, roll it to a new image: a 1,000-pod rolling update.
			await driver.until(() => {
				const d = store.get('deployments', FOCUS.namespace, FOCUS.name);
				return Boolean(
					d &&
						d.status?.availableReplicas === scale.focusReplicas &&
						d.status?.observedGeneration === d.metadata.generation,
				);
			});
			const image = imageFor(FOCUS.name, scale.revisions + 1);
			setImage(
				store,
				FOCUS.namespace,
				FOCUS.name,
				image,
				`kubectl set image deployment/${FOCUS.name} app=${image} --record=true`,
			);
		});
	}
	return {stop: () => driver.stop()};
}
