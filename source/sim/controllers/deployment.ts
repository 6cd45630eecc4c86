// The Deployment controller's syncDeployment (deployment_controller.go) with the RollingUpdate (rolling.go) and
// Recreate (recreate.go) strategies. Shared steps live in deployment-sync.ts.
import {
	deploymentComplete,
	maxUnavailable,
	newRSNewReplicas,
	sumSpecReplicas,
	sumStatus,
} from '../../k8s/deployment-util.js';
import {byCreationTimestamp, filterActive} from '../../k8s/replicaset-util.js';
import {selectorMatches} from '../../k8s/selector.js';
import {controllerOf, type Store, type StoredObject} from '../store.js';
import {COMPONENT, DeploymentSync} from './deployment-sync.js';
import type {EventRecorder} from './events.js';
import {copyJson} from '../json.js';

export interface DeploymentControllerDeps {
	store: Store;
	events: EventRecorder;
	requeueAfter(key: string, delayMs: number): void;
	/** ReplicaSets without a controller in a namespace (adoption candidates), kept by the caller from events. */
	orphanReplicaSets(namespace: string): StoredObject[];
}

export function deploymentKey(namespace: string | undefined, name: string): string {
	return `deployment:${namespace ?? ''}/${name}`;
}

const replicasOf = (object: StoredObject): number => object.spec?.replicas ?? 0;

function selectsEverything(selector: any): boolean {
	if (!selector) return true;
	const labels = Object.keys(selector.matchLabels ?? {}).length;
	const expressions = (selector.matchExpressions ?? []).length;
	return labels === 0 && expressions === 0;
}

export class DeploymentController {
	constructor(private readonly deps: DeploymentControllerDeps) {}

	sync(namespace: string, name: string): void {
		const {store} = this.deps;
		const deployment = store.get('deployments', namespace, name);
		if (!deployment) return;
		const key = deploymentKey(namespace, name);
		const replicaSets = [
			...store.listByOwner('replicasets', deployment.metadata.uid),
			...this.adoptOrphans(deployment),
		];
		const s = new DeploymentSync(
			{store, events: this.deps.events, requeueAfter: delay => this.deps.requeueAfter(key, delay)},
			deployment,
			replicaSets,
		);

		if (selectsEverything(s.d.spec?.selector)) {
			this.deps.events.record(
				s.d,
				'Warning',
				'SelectingAll',
				'This deployment is selecting all pods. A non-empty selector is required.',
				COMPONENT,
			);
			if ((s.d.status?.observedGeneration ?? 0) < (s.d.metadata.generation ?? 0)) {
				s.status().observedGeneration = s.d.metadata.generation;
				s.updateStatus();
			}
			return;
		}
		if (s.d.metadata.deletionTimestamp) {
			const {newRS, oldRSs} = s.allReplicaSetsAndSyncRevision(false);
			s.syncDeploymentStatus(newRS ? [...oldRSs, newRS] : oldRSs, newRS);
			return;
		}
		s.checkPausedConditions();
		if (s.d.spec.paused || s.isScalingEvent()) {
			this.syncOnly(s);
			return;
		}
		if (s.d.spec.strategy?.type === 'Recreate') this.rolloutRecreate(s);
		else this.rolloutRolling(s);
	}

	/** ClaimReplicaSets: orphans whose labels match the selector get this deployment as controller. */
	private adoptOrphans(deployment: StoredObject): StoredObject[] {
		if (deployment.metadata.deletionTimestamp || selectsEverything(deployment.spec?.selector)) return [];
		const adopted: StoredObject[] = [];
		for (const orphan of this.deps.orphanReplicaSets(deployment.metadata.namespace ?? '')) {
			if (
				orphan.metadata.deletionTimestamp ||
				controllerOf(orphan) ||
				!selectorMatches(deployment.spec.selector, orphan.metadata.labels)
			)
				continue;
			const next = copyJson(orphan);
			next.metadata.ownerReferences = [
				...(orphan.metadata.ownerReferences ?? []),
				{
					apiVersion: 'apps/v1',
					kind: 'Deployment',
					name: deployment.metadata.name,
					uid: deployment.metadata.uid,
					controller: true,
					blockOwnerDeletion: true,
				},
			];
			adopted.push(this.deps.store.update('replicasets', next));
		}
		return adopted;
	}

	/** sync(): scaling and clean-up without creating a new ReplicaSet (paused deployments, scaling events). */
	private syncOnly(s: DeploymentSync): void {
		const {newRS, oldRSs} = s.allReplicaSetsAndSyncRevision(false);
		s.scale(newRS, oldRSs);
		if (s.d.spec.paused) s.cleanupDeployment(oldRSs);
		const fresh = (rs: StoredObject) => s.rsList.find(candidate => candidate.metadata.uid === rs.metadata.uid) ?? rs;
		const olds = oldRSs.map(fresh);
		s.syncDeploymentStatus(newRS ? [...olds, fresh(newRS)] : olds, newRS && fresh(newRS));
	}

	private rolloutRolling(s: DeploymentSync): void {
		const statusAtStart = s.d.status ?? {};
		const {newRS, oldRSs} = s.allReplicaSetsAndSyncRevision(true);
		let current = newRS!;
		let olds = oldRSs;
		const all = () => [...olds, current];

		const reconciledNew = this.reconcileNewReplicaSet(s, all(), current);
		current = reconciledNew.rs;
		if (reconciledNew.scaled) {
			s.syncRolloutStatus(all(), current);
			return;
		}
		const reconciledOld = this.reconcileOldReplicaSets(s, all(), filterActive(olds), current);
		olds = olds.map(rs => reconciledOld.updated.get(rs.metadata.uid) ?? rs);
		if (reconciledOld.scaled) {
			s.syncRolloutStatus(all(), current);
			return;
		}
		if (deploymentComplete(s.d, statusAtStart)) s.cleanupDeployment(olds);
		olds = olds.filter(rs => s.rsList.some(candidate => candidate.metadata.uid === rs.metadata.uid));
		s.syncRolloutStatus(all(), current);
	}

	private reconcileNewReplicaSet(
		s: DeploymentSync,
		allRSs: StoredObject[],
		newRS: StoredObject,
	): {scaled: boolean; rs: StoredObject} {
		const replicas = replicasOf(s.d);
		if (replicasOf(newRS) === replicas) return {scaled: false, rs: newRS};
		if (replicasOf(newRS) > replicas) return s.scaleAndRecord(newRS, replicas);
		return s.scaleAndRecord(newRS, newRSNewReplicas(s.d, allRSs, newRS));
	}

	private reconcileOldReplicaSets(
		s: DeploymentSync,
		allRSs: StoredObject[],
		activeOldRSs: StoredObject[],
		newRS: StoredObject,
	): {scaled: boolean; updated: Map<string, StoredObject>} {
		const updated = new Map<string, StoredObject>();
		const oldPodsCount = sumSpecReplicas(activeOldRSs);
		if (oldPodsCount === 0) return {scaled: false, updated};
		const allPodsCount = sumSpecReplicas(allRSs);
		const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
		const newRSUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
		const maxScaledDown = allPodsCount - minAvailable - newRSUnavailable;
		if (maxScaledDown <= 0) return {scaled: false, updated};

		// cleanupUnhealthyReplicas: old RSes with unavailable pods shrink first, oldest first.
		const olds = [...activeOldRSs].sort(byCreationTimestamp);
		let cleanupCount = 0;
		for (let i = 0; i < olds.length; i++) {
			if (cleanupCount >= maxScaledDown) break;
			const rs = olds[i]!;
			const available = rs.status?.availableReplicas ?? 0;
			if (replicasOf(rs) === 0 || replicasOf(rs) === available) continue;
			const scaledDown = Math.min(maxScaledDown - cleanupCount, replicasOf(rs) - available);
			// A stale status can report more available pods than wanted: Go refuses that "scale down" with an
			// error, which reconcileOldReplicaSets swallows (nothing more scaled this sync).
			if (scaledDown < 0) return {scaled: false, updated};
			const result = s.scaleAndRecord(rs, replicasOf(rs) - scaledDown);
			olds[i] = result.rs;
			updated.set(rs.metadata.uid, result.rs);
			cleanupCount += scaledDown;
		}

		// scaleDownOldReplicaSetsForRollingUpdate: never below minAvailable available pods.
		let scaledDownCount = 0;
		const available = sumStatus([...olds, newRS], 'availableReplicas');
		if (available > minAvailable) {
			const totalScaleDown = available - minAvailable;
			for (let i = 0; i < olds.length; i++) {
				if (scaledDownCount >= totalScaleDown) break;
				const rs = olds[i]!;
				if (replicasOf(rs) === 0) continue;
				const scaleDown = Math.min(replicasOf(rs), totalScaleDown - scaledDownCount);
				const result = s.scaleAndRecord(rs, replicasOf(rs) - scaleDown);
				olds[i] = result.rs;
				updated.set(rs.metadata.uid, result.rs);
				scaledDownCount += scaleDown;
			}
		}
		return {scaled: cleanupCount + scaledDownCount > 0, updated};
	}

	private rolloutRecreate(s: DeploymentSync): void {
		const {store} = this.deps;
		const statusAtStart = s.d.status ?? {};
		let {newRS, oldRSs} = s.allReplicaSetsAndSyncRevision(false);
		const all = () => (newRS ? [...oldRSs, newRS] : [...oldRSs]);

		// Scale every active old RS down to zero first.
		let scaledDown = false;
		oldRSs = oldRSs.map(rs => {
			if (replicasOf(rs) === 0) return rs;
			const result = s.scaleAndRecord(rs, 0);
			scaledDown ||= result.scaled;
			return result.rs;
		});
		if (scaledDown) {
			s.syncRolloutStatus(all(), newRS);
			return;
		}
		// Wait until no old pod is running (terminating pods count).
		const oldPodsRunning =
			sumStatus(oldRSs, 'replicas') > 0 ||
			oldRSs.some(rs =>
				store
					.listByOwner('pods', rs.metadata.uid)
					.some(pod => pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded'),
			);
		if (oldPodsRunning) {
			s.syncRolloutStatus(all(), newRS);
			return;
		}
		if (!newRS) {
			newRS = s.allReplicaSetsAndSyncRevision(true).newRS;
			oldRSs = oldRSs.map(rs => s.rsList.find(candidate => candidate.metadata.uid === rs.metadata.uid) ?? rs);
		}
		if (newRS) newRS = s.scaleAndRecord(newRS, replicasOf(s.d)).rs;
		if (deploymentComplete(s.d, statusAtStart)) s.cleanupDeployment(oldRSs);
		oldRSs = oldRSs.filter(rs => s.rsList.some(candidate => candidate.metadata.uid === rs.metadata.uid));
		s.syncRolloutStatus(all(), newRS);
	}
}
