// The snapshot builder: a pure function of its sources, the previous build and the time. Parts keep their identity
// while what they are computed from is the same object; the whole snapshot when nothing changed.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {memo} from '../source/model/memo.js';
import type {DeploymentJson, EventJson, PodJson, ReplicaSetJson} from '../source/model/objects.js';
import type {StatefulSetJson} from '../source/model/workload-objects.js';
import {
	buildSnapshot,
	connectionState,
	type Built,
	type Collection,
	type SnapshotSources,
	type SourceState,
} from '../source/model/snapshot.js';
import {DEPLOYMENT_UID, deployment, event, pod, replicaSet} from './helpers/model-fixtures.js';

const NOW = new Date('2026-11-23T08:05:00Z');

/** A watch cache as the builder reads it: a new version (and contents) on every set(). */
class FakeCollection<T> implements Collection<T> {
	version = 0;
	listed = true;
	lists = 0;
	constructor(private items: T[]) {}
	list(): T[] {
		this.lists++;
		return [...this.items];
	}
	set(items: T[]): void {
		this.items = items;
		this.version++;
	}
}

/** As the owner index: the same array while nothing changed. */
const NONE: readonly ReplicaSetJson[] = [];

const live: SourceState = {state: 'live', since: new Date('2026-11-23T08:00:00Z')};

function sourcesWith(overrides: Partial<SnapshotSources> = {}): SnapshotSources {
	const deployments = new FakeCollection<DeploymentJson>([deployment({name: 'web'})]);
	return {
		context: 'ctx',
		cluster: 'c',
		server: 'https://127.0.0.1:6443',
		namespace: 'default',
		states: [live, live],
		deployments,
		replicaSetsOf: () => NONE,
		gitOpsOf: () => undefined,
		namespaces: undefined,
		homeNamespace: 'default',
		focus: undefined,
		...overrides,
	};
}

describe('memo', () => {
	it('keeps the value while every input is the same object, recomputes otherwise', () => {
		const a = {};
		let computed = 0;
		const first = memo(undefined, [a, 1], () => ++computed);
		assert.equal(
			memo(first, [a, 1], () => ++computed),
			first,
		);
		assert.equal(memo(first, [{}, 1], () => ++computed).value, 2);
		assert.equal(memo(first, [a, 2], () => ++computed).value, 3);
		assert.equal(memo(first, [a], () => ++computed).value, 4, 'fewer inputs');
	});
});

describe('buildSnapshot', () => {
	it('builds the cluster, connection, summaries and namespaces; the same sources give the same snapshot', () => {
		const sources = sourcesWith();
		const first = buildSnapshot(sources, undefined, NOW);
		assert.deepEqual(first.snapshot.cluster, {
			context: 'ctx',
			cluster: 'c',
			server: 'https://127.0.0.1:6443',
			namespace: 'default',
		});
		assert.deepEqual(first.snapshot.connection, {state: 'live', since: live.state === 'live' ? live.since : undefined});
		assert.deepEqual(
			first.snapshot.deployments.map(d => [d.kind, d.namespace, d.name]),
			[['Deployment', 'default', 'web']],
		);
		assert.deepEqual(first.snapshot.namespaces, ['default']);
		assert.equal(first.snapshot.focus, undefined);
		const again = buildSnapshot(sources, first, NOW);
		assert.equal(again.snapshot, first.snapshot, 'nothing changed: the same snapshot');
		assert.equal((sources.deployments as FakeCollection<DeploymentJson>).lists, 1, 'an unchanged watch is not copied');
		const allNamespaces = buildSnapshot({...sources, namespace: undefined}, first, NOW);
		assert.notEqual(allNamespaces.snapshot, first.snapshot);
		assert.equal(allNamespaces.snapshot.cluster.namespace, undefined);
		assert.equal(allNamespaces.snapshot.deployments, first.snapshot.deployments, 'the summaries kept');
	});

	const connections: [string, SourceState[], string][] = [
		['all live: live since the latest', [live, {state: 'live', since: new Date('2026-11-23T08:01:00Z')}], 'live'],
		['one still listing', [live, {state: 'connecting'}], 'connecting'],
		['one reconnecting', [live, {state: 'reconnecting', since: new Date(0), lastError: 'ECONNRESET'}], 'reconnecting'],
		[
			'one stopped: an error wins',
			[
				{state: 'reconnecting', since: new Date(0), lastError: 'x'},
				{state: 'stopped', error: 'forbidden'},
			],
			'error',
		],
	];
	for (const [name, states, expected] of connections) {
		it(`connection: ${name}`, () => {
			assert.equal(connectionState(states).state, expected);
		});
	}

	it('keeps the connection object while it reads the same', () => {
		const first = buildSnapshot(sourcesWith(), undefined, NOW);
		const equal = buildSnapshot(
			sourcesWith({states: [{state: 'live', since: new Date(live.state === 'live' ? live.since : 0)}]}),
			first,
			NOW,
		);
		assert.equal(equal.snapshot.connection, first.snapshot.connection);
	});

	it('workloadsListed once every kind has its first list, whatever the ReplicaSets', () => {
		const deployments = new FakeCollection<DeploymentJson>([deployment({name: 'web'})]);
		const statefulSets = new FakeCollection<StatefulSetJson>([]);
		statefulSets.listed = false;
		const early = buildSnapshot(sourcesWith({deployments, statefulSets}), undefined, NOW);
		assert.equal(early.snapshot.workloadsListed, undefined);
		statefulSets.listed = true;
		const listed = buildSnapshot(sourcesWith({deployments, statefulSets}), early, NOW);
		assert.equal(listed.snapshot.workloadsListed, true);
		assert.notEqual(listed.snapshot, early.snapshot, 'a new snapshot tells the keys');
	});

	it("namespaces: the cluster's when listed and not empty, else the home namespace and the deployments'", () => {
		const namespaces = new FakeCollection<{metadata: {name: string}}>([
			{metadata: {name: 'b'}},
			{metadata: {name: 'a'}},
		]);
		const deployments = new FakeCollection<DeploymentJson>([
			deployment({name: 'web', namespace: 'shop'}),
			deployment({name: 'api', namespace: 'zoo'}),
		]);
		const listed = buildSnapshot(sourcesWith({namespaces, deployments}), undefined, NOW);
		assert.deepEqual(listed.snapshot.namespaces, ['a', 'b']);
		const again = buildSnapshot(sourcesWith({namespaces, deployments}), listed, NOW);
		assert.equal(again.snapshot.namespaces, listed.snapshot.namespaces);
		namespaces.set([]);
		const empty = buildSnapshot(sourcesWith({namespaces, deployments}), listed, NOW);
		assert.deepEqual(empty.snapshot.namespaces, ['default', 'shop', 'zoo']);
		const forbidden = buildSnapshot(sourcesWith({namespaces: undefined, deployments}), empty, NOW);
		assert.equal(forbidden.snapshot.namespaces, empty.snapshot.namespaces);
		// Only the cluster's own list says which namespaces exist.
		assert.equal(listed.snapshot.namespacesListed, true);
		assert.equal(empty.snapshot.namespacesListed, undefined);
		assert.equal(forbidden.snapshot.namespacesListed, undefined);
		const loading = new FakeCollection<{metadata: {name: string}}>([]);
		loading.listed = false;
		const early = buildSnapshot(sourcesWith({namespaces: loading, deployments}), undefined, NOW);
		assert.equal(early.snapshot.namespacesListed, undefined);
	});

	it('a changed deployment gets a new summary and list; the others keep theirs', () => {
		const web = deployment({name: 'web'});
		web.metadata.uid = 'uid-web';
		const api = deployment({name: 'api'});
		api.metadata.uid = 'uid-api';
		const deployments = new FakeCollection<DeploymentJson>([web, api]);
		const sources = sourcesWith({deployments});
		const first = buildSnapshot(sources, undefined, NOW);
		const changed = structuredClone(web);
		changed.spec.replicas = 7;
		deployments.set([changed, api]);
		const second = buildSnapshot(sources, first, NOW);
		assert.notEqual(second.snapshot.deployments, first.snapshot.deployments);
		assert.equal(second.snapshot.deployments[0], first.snapshot.deployments[0], 'api (sorted first) kept');
		assert.notEqual(second.snapshot.deployments[1], first.snapshot.deployments[1]);
		assert.equal(second.snapshot.deployments[1]?.progress.desired, 7);
	});

	describe('focus', () => {
		const web = deployment({name: 'web'});
		const owned = [
			replicaSet({name: 'web-aaa', hash: 'aaa', revision: 1, image: 'nginx:1.16', ownerUid: DEPLOYMENT_UID}),
			replicaSet({name: 'web-bbb', hash: 'bbb', revision: 2, image: 'nginx:1.17', ownerUid: DEPLOYMENT_UID}),
		];
		const focusOf = (
			replicaSets: Collection<ReplicaSetJson> | undefined,
			pods: Collection<PodJson> | undefined,
			events: Collection<EventJson> | undefined,
			workload: DeploymentJson | undefined = web,
		) =>
			sourcesWith({
				focus: {target: {kind: 'Deployment', namespace: 'default', name: 'web'}, workload, replicaSets, pods, events},
			});

		it('is empty and loading until the workload is known, and carries its kind', () => {
			const built = buildSnapshot(focusOf(undefined, undefined, undefined, undefined), undefined, NOW);
			assert.deepEqual(built.snapshot.focus, {
				kind: 'Deployment',
				namespace: 'default',
				name: 'web',
				history: [],
				pods: [],
				events: [],
				loading: true,
			});
		});

		it('is loading while the ReplicaSets are not listed: an empty history then is not known yet', () => {
			assert.equal(
				buildSnapshot(focusOf(undefined, undefined, undefined), undefined, NOW).snapshot.focus?.loading,
				true,
			);
			const listed = new FakeCollection(owned);
			assert.equal(
				buildSnapshot(focusOf(listed, undefined, undefined), undefined, NOW).snapshot.focus?.loading,
				undefined,
			);
		});

		it('history, pods and events, each recomputed only when its own source changed', () => {
			const replicaSets = new FakeCollection(owned);
			const pods = new FakeCollection([pod('web-bbb-x', {phase: 'Running'}, {labels: {'pod-template-hash': 'bbb'}})]);
			const events = new FakeCollection([
				event('Deployment', 'web', 'ScalingReplicaSet', 'Scaled up replica set web-bbb to 1', '2026-11-23T08:01:00Z'),
				event('Deployment', 'other', 'ScalingReplicaSet', 'Scaled up replica set other-1 to 1', '2026-11-23T08:01:00Z'),
			]);
			const sources = focusOf(replicaSets, pods, events);
			const first: Built = buildSnapshot(sources, undefined, NOW);
			const focus = first.snapshot.focus!;
			assert.deepEqual(
				focus.history.map(h => [h.kind, h.revision, h.replicaSetName, h.isCurrent]),
				[
					['Deployment', 1, 'web-aaa', false],
					['Deployment', 2, 'web-bbb', true],
				],
			);
			assert.deepEqual(
				focus.pods.map(p => p.name),
				['web-bbb-x'],
			);
			assert.deepEqual(
				focus.events.map(e => e.involvedName),
				['web'],
				'only the focused deployment and what it owns',
			);
			const reads = [replicaSets.lists, pods.lists, events.lists];
			const same = buildSnapshot(sources, first, NOW);
			assert.equal(same.snapshot, first.snapshot);
			assert.deepEqual([replicaSets.lists, pods.lists, events.lists], reads, 'nothing listed again');

			pods.set([...pods.list(), pod('web-bbb-y', {phase: 'Pending'}, {labels: {'pod-template-hash': 'bbb'}})]);
			const morePods = buildSnapshot(sources, same, NOW);
			assert.notEqual(morePods.snapshot.focus, focus);
			assert.equal(morePods.snapshot.focus?.history, focus.history, 'history kept');
			assert.equal(morePods.snapshot.focus?.pods.length, 2);
			assert.equal(morePods.snapshot.deployments, first.snapshot.deployments, 'summaries kept');
		});

		it('a write to a ReplicaSet that keeps its owners re-reads the history, not the events', () => {
			const replicaSets = new FakeCollection(owned);
			const events = new FakeCollection([
				event('ReplicaSet', 'web-bbb', 'SuccessfulCreate', 'Created pod: web-bbb-x', '2026-11-23T08:01:00Z'),
			]);
			const sources = focusOf(replicaSets, new FakeCollection<PodJson>([]), events);
			const first = buildSnapshot(sources, undefined, NOW);
			const annotated = structuredClone(owned);
			annotated[0]!.metadata.annotations = {...annotated[0]!.metadata.annotations, 'kubernetes.io/change-cause': 'x'};
			replicaSets.set(annotated);
			const eventReads = events.lists;
			const second = buildSnapshot(sources, first, NOW);
			assert.equal(second.snapshot.focus?.history[0]?.changeCause, 'x', 'history re-read');
			assert.equal(events.lists, eventReads, 'events not listed again');
			assert.equal(second.snapshot.focus?.events, first.snapshot.focus?.events);

			replicaSets.set(annotated.slice(0, 1));
			const third = buildSnapshot(sources, second, NOW);
			assert.equal(events.lists, eventReads + 1, 'an owner gone: the events are read again');
			assert.deepEqual(third.snapshot.focus?.events, [], 'the gone ReplicaSet no longer owns its events');
		});

		it('history waits for the full ReplicaSets to be listed', () => {
			const replicaSets = new FakeCollection(owned);
			replicaSets.listed = false;
			const built = buildSnapshot(focusOf(replicaSets, undefined, undefined), undefined, NOW);
			assert.deepEqual(built.snapshot.focus?.history, []);
			assert.equal(replicaSets.lists, 0);
		});
	});
});
