// The deployment controller's shared steps (sync.go, progress.go): finding or creating the new ReplicaSet with its
// revision, scaling ReplicaSets (with ScalingReplicaSet events), proportional scaling, history clean-up, status
// and the Progressing/Available conditions. One DeploymentSync lives for one sync of one Deployment.
import {ANNOTATIONS, POD_TEMPLATE_HASH_LABEL} from '../../k8s/annotations.js';
import {
	CONDITION,
	REASON,
	getCondition,
	newCondition,
	removeCondition,
	setCondition,
	type DeploymentCondition,
} from '../../k8s/conditions.js';
import {
	MAX_INT32,
	deploymentComplete,
	deploymentProgressing,
	deploymentTimedOut,
	desiredReplicasAnnotation,
	getProportion,
	hasProgressDeadline,
	isRollingUpdate,
	isSaturated,
	maxRevision,
	maxSurge,
	maxUnavailable,
	newRSNewReplicas,
	replicasAnnotations,
	setNewReplicaSetAnnotations,
	setReplicasAnnotations,
	sumSpecReplicas,
	sumStatus,
	type DeploymentStatusLike,
} from '../../k8s/deployment-util.js';
import {
	bySizeNewer,
	bySizeOlder,
	byRevision,
	filterActive,
	findActiveOrLatest,
	findNewReplicaSet,
} from '../../k8s/replicaset-util.js';
import {canonicalJson, computeTemplateHash, equalIgnoreHash} from '../../k8s/template.js';
import {defaultReplicaSet} from '../api/defaults.js';
import {AlreadyExistsError, controllerOf, formatTime, type Store, type StoredObject} from '../store.js';
import type {EventRecorder} from './events.js';
import {copyJson} from '../json.js';

export const COMPONENT = 'deployment-controller';

const replicasOf = (object: StoredObject): number => object.spec?.replicas ?? 0;

export interface DeploymentSyncDeps {
	store: Store;
	events: EventRecorder;
	/** Re-sync this deployment after delayMs (stuck-deployment checks). */
	requeueAfter(delayMs: number): void;
}

export class DeploymentSync {
	/** Our working copy of the deployment; replaced after every write. */
	d: StoredObject;
	/** The deployment's ReplicaSets, replaced in place after each write so later steps see our own changes. */
	rsList: StoredObject[];

	constructor(
		private readonly deps: DeploymentSyncDeps,
		deployment: StoredObject,
		replicaSets: StoredObject[],
	) {
		this.d = copyJson(deployment);
		this.rsList = replicaSets;
	}

	get store(): Store {
		return this.deps.store;
	}

	now(): string {
		return formatTime(this.store.now());
	}

	/** UpdateStatus: status and annotations are ours; spec, labels and generation stay the API server's. */
	updateStatus(): void {
		const latest = this.store.get('deployments', this.d.metadata.namespace, this.d.metadata.name);
		if (!latest || latest.metadata.uid !== this.d.metadata.uid) return;
		const next = copyJson(latest);
		next.metadata.annotations = copyJson(this.d.metadata.annotations);
		if (next.metadata.annotations && Object.keys(next.metadata.annotations).length === 0)
			delete next.metadata.annotations;
		next.status = pruneStatus(this.d.status ?? {});
		this.d = copyJson(this.store.update('deployments', next));
	}

	private replaceRS(rs: StoredObject): StoredObject {
		const index = this.rsList.findIndex(candidate => candidate.metadata.uid === rs.metadata.uid);
		if (index >= 0) this.rsList[index] = rs;
		else this.rsList.push(rs);
		return rs;
	}

	/** A ReplicaSet write as a PUT: generation bumps when the spec changed (replicaset strategy). */
	private writeRS(next: StoredObject, previous: StoredObject): StoredObject {
		if (JSON.stringify(next.spec) !== JSON.stringify(previous.spec))
			next.metadata.generation = (previous.metadata.generation ?? 1) + 1;
		return this.replaceRS(this.store.update('replicasets', next));
	}

	// --- new ReplicaSet and revisions (getAllReplicaSetsAndSyncRevision / getNewReplicaSet) ---

	allReplicaSetsAndSyncRevision(createIfNotExisted: boolean): {newRS?: StoredObject; oldRSs: StoredObject[]} {
		const existing = findNewReplicaSet(this.d.spec.template, this.rsList);
		const oldRSs = this.rsList.filter(rs => rs !== existing);
		const newRS = this.newReplicaSet(existing, oldRSs, createIfNotExisted);
		return {
			newRS,
			oldRSs: this.rsList.filter(rs => rs !== newRS && (!newRS || rs.metadata.uid !== newRS.metadata.uid)),
		};
	}

	private newReplicaSet(
		existing: StoredObject | undefined,
		oldRSs: StoredObject[],
		create: boolean,
	): StoredObject | undefined {
		const newRevision = maxRevision(oldRSs) + 1;
		if (existing) {
			const copy = copyJson(existing);
			const annotationsUpdated = setNewReplicaSetAnnotations(this.d, copy, newRevision, true);
			const minReadySeconds = this.d.spec.minReadySeconds ?? 0;
			if (annotationsUpdated || (copy.spec.minReadySeconds ?? 0) !== minReadySeconds) {
				copy.spec.minReadySeconds = minReadySeconds;
				if (!copy.spec.minReadySeconds) delete copy.spec.minReadySeconds;
				return this.writeRS(copy, existing);
			}
			let needsUpdate = this.setDeploymentRevision(copy.metadata.annotations?.[ANNOTATIONS.revision] ?? '');
			if (hasProgressDeadline(this.d) && !getCondition(this.d.status, CONDITION.progressing)) {
				setCondition(
					this.status(),
					newCondition(
						CONDITION.progressing,
						'True',
						REASON.foundNewReplicaSet,
						`Found new replica set "${copy.metadata.name}"`,
						this.now(),
					),
				);
				needsUpdate = true;
			}
			if (needsUpdate) this.updateStatus();
			return existing;
		}
		if (!create) return undefined;

		const collisionCount = this.d.status?.collisionCount as number | undefined;
		const template = copyJson(this.d.spec.template);
		const hash = computeTemplateHash(template, collisionCount);
		template.metadata ??= {};
		template.metadata.labels = {...template.metadata.labels, [POD_TEMPLATE_HASH_LABEL]: hash};
		const selector = copyJson(this.d.spec.selector ?? {});
		selector.matchLabels = {...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash};
		const candidate: StoredObject = {
			apiVersion: 'apps/v1',
			kind: 'ReplicaSet',
			metadata: {
				name: `${this.d.metadata.name}-${hash}`,
				namespace: this.d.metadata.namespace,
				generation: 1,
				labels: {...template.metadata.labels},
				ownerReferences: [
					{
						apiVersion: 'apps/v1',
						kind: 'Deployment',
						name: this.d.metadata.name,
						uid: this.d.metadata.uid,
						controller: true,
						blockOwnerDeletion: true,
					},
				],
			} as StoredObject['metadata'],
			spec: {replicas: 0, selector, template},
			status: {replicas: 0},
		};
		if (this.d.spec.minReadySeconds) candidate.spec.minReadySeconds = this.d.spec.minReadySeconds;
		const newReplicas = newRSNewReplicas(this.d, [...oldRSs, candidate], candidate);
		candidate.spec.replicas = newReplicas;
		setNewReplicaSetAnnotations(this.d, candidate, newRevision, false);
		defaultReplicaSet(candidate);

		let created: StoredObject;
		let alreadyExisted = false;
		try {
			const {uid: _uid, resourceVersion: _rv, creationTimestamp: _ct, ...metadata} = candidate.metadata;
			created = this.store.create('replicasets', {...candidate, metadata} as never);
		} catch (error) {
			if (!(error instanceof AlreadyExistsError)) {
				const message = `Failed to create new replica set "${candidate.metadata.name}": ${(error as Error).message}`;
				if (hasProgressDeadline(this.d)) {
					setCondition(
						this.status(),
						newCondition(CONDITION.progressing, 'False', REASON.replicaSetCreateError, message, this.now()),
					);
					this.updateStatus();
				}
				this.deps.events.record(this.d, 'Warning', 'FailedCreate', message, COMPONENT);
				throw error;
			}
			const clash = this.store.get('replicasets', this.d.metadata.namespace, candidate.metadata.name)!;
			if (
				controllerOf(clash)?.uid === this.d.metadata.uid &&
				equalIgnoreHash(clash.spec?.template, this.d.spec.template)
			) {
				created = clash;
				alreadyExisted = true;
			} else {
				// A hash collision: count it so that the next attempt hashes differently.
				this.status().collisionCount = (collisionCount ?? 0) + 1;
				this.updateStatus();
				throw error;
			}
		}
		this.replaceRS(created);
		if (!alreadyExisted && newReplicas > 0) {
			this.deps.events.record(
				this.d,
				'Normal',
				'ScalingReplicaSet',
				`Scaled up replica set ${created.metadata.name} to ${newReplicas}`,
				COMPONENT,
			);
		}
		let needsUpdate = this.setDeploymentRevision(String(newRevision));
		if (!alreadyExisted && hasProgressDeadline(this.d)) {
			setCondition(
				this.status(),
				newCondition(
					CONDITION.progressing,
					'True',
					REASON.newReplicaSet,
					`Created new replica set "${created.metadata.name}"`,
					this.now(),
				),
			);
			needsUpdate = true;
		}
		if (needsUpdate) this.updateStatus();
		return created;
	}

	private setDeploymentRevision(revision: string): boolean {
		const annotations = (this.d.metadata.annotations ??= {});
		if (annotations[ANNOTATIONS.revision] === revision) return false;
		annotations[ANNOTATIONS.revision] = revision;
		return true;
	}

	status(): DeploymentStatusLike {
		return (this.d.status ??= {});
	}

	// --- scaling ---

	/** scaleReplicaSetAndRecordEvent: only when the size differs. */
	scaleAndRecord(rs: StoredObject, newScale: number): {scaled: boolean; rs: StoredObject} {
		if (replicasOf(rs) === newScale) return {scaled: false, rs};
		return this.scaleReplicaSet(rs, newScale);
	}

	/** scaleReplicaSet: writes when the size or the desired/max-replicas annotations differ. */
	scaleReplicaSet(rs: StoredObject, newScale: number): {scaled: boolean; rs: StoredObject} {
		const oldScale = replicasOf(rs);
		const sizeNeedsUpdate = oldScale !== newScale;
		const {desired, max} = replicasAnnotations(this.d);
		const annotations = rs.metadata.annotations ?? {};
		const annotationsNeedUpdate =
			annotations[ANNOTATIONS.desiredReplicas] !== desired || annotations[ANNOTATIONS.maxReplicas] !== max;
		if (!sizeNeedsUpdate && !annotationsNeedUpdate) return {scaled: false, rs};
		const copy = copyJson(rs);
		copy.spec.replicas = newScale;
		setReplicasAnnotations(copy, this.d);
		const updated = this.writeRS(copy, rs);
		if (sizeNeedsUpdate) {
			const direction = oldScale < newScale ? 'up' : 'down';
			this.deps.events.record(
				this.d,
				'Normal',
				'ScalingReplicaSet',
				`Scaled ${direction} replica set ${rs.metadata.name} to ${newScale} from ${oldScale}`,
				COMPONENT,
			);
		}
		return {scaled: sizeNeedsUpdate, rs: updated};
	}

	/** isScalingEvent: an active RS is annotated with a different desired size than the deployment's. */
	isScalingEvent(): boolean {
		const {newRS, oldRSs} = this.allReplicaSetsAndSyncRevision(false);
		const replicas = replicasOf(this.d);
		for (const rs of filterActive([...oldRSs, newRS])) {
			const desired = desiredReplicasAnnotation(rs);
			if (desired !== undefined && desired !== replicas) return true;
		}
		return false;
	}

	/** scale(): resize for a replica change, proportionally across active ReplicaSets during a rollout. */
	scale(newRS: StoredObject | undefined, oldRSs: StoredObject[]): void {
		const replicas = replicasOf(this.d);
		const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
		if (activeOrLatest) {
			if (replicasOf(activeOrLatest) !== replicas) this.scaleAndRecord(activeOrLatest, replicas);
			return;
		}
		if (isSaturated(this.d, newRS)) {
			for (const old of filterActive(oldRSs)) this.scaleAndRecord(old, 0);
			return;
		}
		if (!isRollingUpdate(this.d)) return;
		const allRSs = filterActive([...oldRSs, newRS]);
		const allowedSize = replicas > 0 ? replicas + maxSurge(this.d) : 0;
		const toAdd = allowedSize - sumSpecReplicas(allRSs);
		if (toAdd > 0) allRSs.sort(bySizeNewer);
		else if (toAdd < 0) allRSs.sort(bySizeOlder);
		const sizes = new Map<string, number>();
		let added = 0;
		for (const rs of allRSs) {
			let size = replicasOf(rs);
			if (toAdd !== 0) {
				const proportion = getProportion(rs, this.d, toAdd, added);
				size += proportion;
				added += proportion;
			}
			sizes.set(rs.metadata.name, size);
		}
		allRSs.forEach((rs, index) => {
			let size = sizes.get(rs.metadata.name)!;
			// Leftovers go to the first (largest) ReplicaSet.
			if (index === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
			this.scaleReplicaSet(rs, size);
		});
	}

	// --- history clean-up ---

	cleanupDeployment(oldRSs: StoredObject[]): void {
		const limit = this.d.spec.revisionHistoryLimit as number | undefined;
		if (limit === undefined || limit === null || limit === MAX_INT32) return;
		const cleanable = oldRSs.filter(rs => !rs.metadata.deletionTimestamp);
		const diff = cleanable.length - limit;
		if (diff <= 0) return;
		cleanable.sort(byRevision);
		for (const rs of cleanable.slice(0, diff)) {
			const status = rs.status ?? {};
			if (
				(status.replicas ?? 0) !== 0 ||
				replicasOf(rs) !== 0 ||
				(rs.metadata.generation ?? 0) > (status.observedGeneration ?? 0)
			)
				continue;
			this.store.delete('replicasets', rs.metadata.namespace, rs.metadata.name, rs.metadata.uid);
			this.rsList = this.rsList.filter(candidate => candidate.metadata.uid !== rs.metadata.uid);
		}
	}

	// --- status and conditions ---

	calculateStatus(allRSs: StoredObject[], newRS: StoredObject | undefined): DeploymentStatusLike {
		const availableReplicas = sumStatus(allRSs, 'availableReplicas');
		const status: DeploymentStatusLike = {
			observedGeneration: this.d.metadata.generation ?? 0,
			replicas: sumStatus(allRSs, 'replicas'),
			updatedReplicas: newRS?.status?.replicas ?? 0,
			readyReplicas: sumStatus(allRSs, 'readyReplicas'),
			availableReplicas,
			unavailableReplicas: Math.max(0, sumSpecReplicas(allRSs) - availableReplicas),
			conditions: copyJson(this.d.status?.conditions ?? []),
		};
		if (this.d.status?.collisionCount !== undefined) status.collisionCount = this.d.status.collisionCount;
		const now = this.now();
		if (availableReplicas >= replicasOf(this.d) - maxUnavailable(this.d)) {
			setCondition(
				status,
				newCondition(
					CONDITION.available,
					'True',
					REASON.minimumReplicasAvailable,
					'Deployment has minimum availability.',
					now,
				),
			);
		} else {
			setCondition(
				status,
				newCondition(
					CONDITION.available,
					'False',
					REASON.minimumReplicasUnavailable,
					'Deployment does not have minimum availability.',
					now,
				),
			);
		}
		return status;
	}

	/** syncDeploymentStatus: counts and Available only. */
	syncDeploymentStatus(allRSs: StoredObject[], newRS: StoredObject | undefined): void {
		const newStatus = this.calculateStatus(allRSs, newRS);
		if (sameStatus(this.d.status, newStatus)) return;
		this.d.status = newStatus;
		this.updateStatus();
	}

	/** syncRolloutStatus: counts, Available, Progressing (with the deadline) and ReplicaFailure. */
	syncRolloutStatus(allRSs: StoredObject[], newRS: StoredObject | undefined): void {
		const newStatus = this.calculateStatus(allRSs, newRS);
		const withDeadline = hasProgressDeadline(this.d);
		if (!withDeadline) removeCondition(newStatus, CONDITION.progressing);
		const current = getCondition(this.d.status, CONDITION.progressing);
		const complete = newStatus.replicas === newStatus.updatedReplicas && current?.reason === REASON.newRSAvailable;
		if (withDeadline && !complete) {
			const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${this.d.metadata.name}"`;
			const now = this.now();
			if (deploymentComplete(this.d, newStatus)) {
				setCondition(
					newStatus,
					newCondition(
						CONDITION.progressing,
						'True',
						REASON.newRSAvailable,
						`${subject} has successfully progressed.`,
						now,
					),
				);
			} else if (deploymentProgressing(this.d, newStatus)) {
				const condition = newCondition(
					CONDITION.progressing,
					'True',
					REASON.replicaSetUpdated,
					`${subject} is progressing.`,
					now,
				);
				if (current) {
					if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
					removeCondition(newStatus, CONDITION.progressing);
				}
				setCondition(newStatus, condition);
			} else if (deploymentTimedOut(this.d, newStatus, this.store.now())) {
				setCondition(
					newStatus,
					newCondition(CONDITION.progressing, 'False', REASON.timedOut, `${subject} has timed out progressing.`, now),
				);
			}
		}
		const failure = replicaFailure(allRSs, newRS);
		if (failure) setCondition(newStatus, failure);
		else removeCondition(newStatus, CONDITION.replicaFailure);

		if (sameStatus(this.d.status, newStatus)) {
			this.requeueStuckDeployment(newStatus);
			return;
		}
		this.d.status = newStatus;
		this.updateStatus();
	}

	/** requeueStuckDeployment: check again when the progress deadline would pass. */
	private requeueStuckDeployment(newStatus: DeploymentStatusLike): void {
		const current = getCondition(this.d.status, CONDITION.progressing);
		if (!hasProgressDeadline(this.d) || !current) return;
		if (deploymentComplete(this.d, newStatus) || current.reason === REASON.timedOut) return;
		const lastUpdate = current.lastUpdateTime ? new Date(current.lastUpdateTime).getTime() : Number.NaN;
		if (Number.isNaN(lastUpdate)) return;
		const after = lastUpdate + (this.d.spec.progressDeadlineSeconds as number) * 1000 - this.store.now().getTime();
		// The condition's timestamps have second precision: check a second after the deadline.
		this.deps.requeueAfter(after < 1000 ? 1000 : after + 1000);
	}

	/** checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed. */
	checkPausedConditions(): void {
		if (!hasProgressDeadline(this.d)) return;
		const current = getCondition(this.d.status, CONDITION.progressing);
		if (current?.reason === REASON.timedOut) return;
		const pausedConditionExists = current?.reason === REASON.paused;
		const now = this.now();
		if (this.d.spec.paused && !pausedConditionExists) {
			setCondition(
				this.status(),
				newCondition(CONDITION.progressing, 'Unknown', REASON.paused, 'Deployment is paused', now),
			);
		} else if (!this.d.spec.paused && pausedConditionExists) {
			setCondition(
				this.status(),
				newCondition(CONDITION.progressing, 'Unknown', REASON.resumed, 'Deployment is resumed', now),
			);
		} else {
			return;
		}
		this.updateStatus();
	}
}

/** The first ReplicaFailure condition of the new RS, else of any old one, as a deployment condition. */
function replicaFailure(allRSs: StoredObject[], newRS: StoredObject | undefined): DeploymentCondition | undefined {
	const ordered = newRS ? [newRS, ...allRSs.filter(rs => rs !== newRS)] : allRSs;
	for (const rs of ordered) {
		const condition = (rs.status?.conditions as DeploymentCondition[] | undefined)?.find(
			c => c.type === CONDITION.replicaFailure,
		);
		if (condition) {
			return {
				type: condition.type,
				status: condition.status,
				lastUpdateTime: condition.lastTransitionTime,
				lastTransitionTime: condition.lastTransitionTime,
				reason: condition.reason,
				message: condition.message,
			};
		}
	}
	return undefined;
}

/** Go omits zero counters (omitempty); so do we, so that stored status looks like a real one. */
export function pruneStatus(status: DeploymentStatusLike): DeploymentStatusLike {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(status)) {
		if (value === 0 || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
		out[key] = value;
	}
	return out as DeploymentStatusLike;
}

function sameStatus(a: DeploymentStatusLike | undefined, b: DeploymentStatusLike): boolean {
	return canonicalJson(pruneStatus(a ?? {})) === canonicalJson(pruneStatus(b));
}
