// ControllerRevision history as pkg/controller/history keeps it for StatefulSets and DaemonSets: the revision's data
// is a patch that replaces the owner's pod template, its name is `<owner>-<hash>`, an equal revision is re-used by
// raising its number, a name taken by a different revision bumps collisionCount, and old revisions are trimmed.
import {safeEncodeString} from '../../k8s/template.js';
import {isEmptySelector, selectorMatches} from '../../k8s/selector.js';
import {AlreadyExistsError, controllerOf, type Store, type StoredObject} from '../store.js';
import {copyJson} from '../json.js';

export const REVISION_HASH_LABEL = 'controller-revision-hash';

/** json.Marshal of a decoded object: map keys sorted, no spaces, <, > and & escaped as Go escapes them for HTML. */
export function goJson(value: unknown): string {
	return serialise(value).replace(/[<>&\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function serialise(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(serialise).join(',')}]`;
	if (value && typeof value === 'object') {
		const keys = Object.keys(value).sort();
		const entries: string[] = [];
		for (const key of keys) {
			const inner = (value as Record<string, unknown>)[key];
			if (inner !== undefined) entries.push(`${JSON.stringify(key)}:${serialise(inner)}`);
		}
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/**
 * The revision data both controllers store: `{"spec":{"template":{…,"$patch":"replace"}}}`, its keys in the order
 * json.Marshal writes them, so that the data served is byte for byte what kubectl computes to compare templates.
 */
export function templatePatch(owner: StoredObject): Record<string, unknown> {
	return JSON.parse(goJson({spec: {template: {...(owner.spec?.template ?? {}), $patch: 'replace'}}}));
}

/** HashControllerRevision: FNV-32 of the raw data then the collision count, safe-encoded. */
export function hashControllerRevision(data: unknown, collisionCount?: number): string {
	let hash = 0x811c9dc5;
	const feed = (bytes: Buffer) => {
		for (const byte of bytes) {
			hash = Math.imul(hash, 0x01000193) >>> 0;
			hash = (hash ^ byte) >>> 0;
		}
	};
	feed(Buffer.from(goJson(data), 'utf8'));
	if (collisionCount !== undefined) feed(Buffer.from(String(collisionCount), 'utf8'));
	return safeEncodeString(String(hash >>> 0));
}

/** ControllerRevisionName: the owner's name (at most 223 characters) and the hash. */
export function controllerRevisionName(prefix: string, hash: string): string {
	return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

export const revisionNumber = (revision: StoredObject) => Number((revision as {revision?: number}).revision ?? 0);

/** SortControllerRevisions: by revision, then creation time, then name. */
export function sortRevisions(revisions: StoredObject[]): StoredObject[] {
	return revisions.sort(
		(a, b) =>
			revisionNumber(a) - revisionNumber(b) ||
			Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp) ||
			(a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0),
	);
}

export const equalRevision = (a: StoredObject | undefined, b: StoredObject | undefined) =>
	Boolean(a && b) && goJson(a!.data) === goJson(b!.data);

/** The revisions an owner controls (listed through its owner reference). */
export function controlledRevisions(store: Store, owner: StoredObject): StoredObject[] {
	return sortRevisions(store.listByOwner('controllerrevisions', owner.metadata.uid));
}

/** ClaimControllerRevisions: revisions without a controller whose labels match the owner's selector become its own. */
export function adoptOrphanRevisions(store: Store, owner: StoredObject): void {
	const selector = owner.spec?.selector;
	if (owner.metadata.deletionTimestamp || isEmptySelector(selector)) return;
	for (const revision of store.list('controllerrevisions', owner.metadata.namespace)) {
		if (controllerOf(revision) || !selectorMatches(selector, revision.metadata.labels)) continue;
		const adopted = copyJson(revision);
		adopted.metadata.ownerReferences = [...(revision.metadata.ownerReferences ?? []), ownerReference(owner)];
		store.update('controllerrevisions', adopted);
	}
}

export const nextRevision = (revisions: StoredObject[]) =>
	revisions.reduce((max, revision) => Math.max(max, revisionNumber(revision)), 0) + 1;

export function ownerReference(owner: StoredObject) {
	return {
		apiVersion: owner.apiVersion,
		kind: owner.kind,
		name: owner.metadata.name,
		uid: owner.metadata.uid,
		controller: true,
		blockOwnerDeletion: true,
	};
}

/** NewControllerRevision (unsaved): the template's labels plus the hash label, the owner as controller. */
export function newControllerRevision(
	owner: StoredObject,
	data: Record<string, unknown>,
	revision: number,
	hash: string,
	annotations?: Record<string, string>,
): StoredObject {
	const labels: Record<string, string> = {
		...(owner.spec?.template?.metadata?.labels ?? {}),
		[REVISION_HASH_LABEL]: hash,
	};
	return {
		apiVersion: 'apps/v1',
		kind: 'ControllerRevision',
		metadata: {
			name: controllerRevisionName(owner.metadata.name, hash),
			namespace: owner.metadata.namespace,
			labels,
			...(annotations && Object.keys(annotations).length ? {annotations: {...annotations}} : {}),
			ownerReferences: [ownerReference(owner)],
		} as StoredObject['metadata'],
		data,
		revision,
	};
}

/**
 * CreateControllerRevision: creates the revision under the name its hash gives, re-using an existing equal one,
 * and raising collisionCount (returned) while the name is taken by a different revision.
 */
export function createControllerRevision(
	store: Store,
	owner: StoredObject,
	revision: StoredObject,
	collisionCount: number,
): {revision: StoredObject; collisionCount: number} {
	let count = collisionCount;
	for (;;) {
		const hash = hashControllerRevision(revision.data, count);
		const candidate = copyJson(revision);
		candidate.metadata.name = controllerRevisionName(owner.metadata.name, hash);
		candidate.metadata.labels = {...(candidate.metadata.labels ?? {}), [REVISION_HASH_LABEL]: hash};
		try {
			return {revision: store.create('controllerrevisions', candidate as never), collisionCount: count};
		} catch (error) {
			if (!(error instanceof AlreadyExistsError)) throw error;
			const existing = store.get('controllerrevisions', owner.metadata.namespace, candidate.metadata.name);
			if (existing && equalRevision(existing, candidate)) return {revision: existing, collisionCount: count};
			count++;
		}
	}
}

/** UpdateControllerRevision: an equal old revision becomes the newest by taking the next number. */
export function renumberRevision(store: Store, revision: StoredObject, number: number): StoredObject {
	if (revisionNumber(revision) === number) return revision;
	const next = copyJson(revision) as StoredObject & {revision: number};
	next.revision = number;
	return store.update('controllerrevisions', next);
}
