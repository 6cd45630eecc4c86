// ClaimPods of the controller ref manager, shared by the ReplicaSet, StatefulSet and DaemonSet controllers.
import {isEmptySelector, selectorMatches} from '../../k8s/selector.js';
import type {Store, StoredObject} from '../store.js';
import {ownerReference} from './history.js';
import {copyJson} from '../json.js';

/**
 * ClaimPods (the controller ref manager): the owner's pods that still match its selector; owned pods that no longer
 * match are released, orphans that match (and pass `canAdopt`) are adopted. Nothing is adopted by an owner being
 * deleted.
 */
export function claimPods(
	store: Store,
	owner: StoredObject,
	orphans: StoredObject[],
	canAdopt: (pod: StoredObject) => boolean = () => true,
): StoredObject[] {
	const selector = owner.spec?.selector;
	const claimed: StoredObject[] = [];
	for (const pod of store.listByOwner('pods', owner.metadata.uid)) {
		if (selectorMatches(selector, pod.metadata.labels) || pod.metadata.deletionTimestamp) {
			claimed.push(pod);
			continue;
		}
		const released = copyJson(pod);
		released.metadata.ownerReferences = pod.metadata.ownerReferences?.filter(ref => ref.uid !== owner.metadata.uid);
		if (released.metadata.ownerReferences?.length === 0) delete released.metadata.ownerReferences;
		store.update('pods', released);
	}
	if (owner.metadata.deletionTimestamp || isEmptySelector(selector)) return claimed;
	for (const orphan of orphans) {
		if (orphan.metadata.deletionTimestamp || !selectorMatches(selector, orphan.metadata.labels) || !canAdopt(orphan))
			continue;
		const adopted = copyJson(orphan);
		adopted.metadata.ownerReferences = [...(orphan.metadata.ownerReferences ?? []), ownerReference(owner)];
		claimed.push(store.update('pods', adopted));
	}
	return claimed;
}
