// Summaries reused across snapshots: recomputed only for changed deployments or ReplicaSet lists, deadlines still right.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {SummaryCache, withDeadlineAt} from '../source/model/summary-cache.js';
import {summarizeDeployment} from '../source/model/summary.js';
import type {DeploymentJson, ReplicaSetJson} from '../source/model/objects.js';
import {deployment, progressing, replicaSet} from './helpers/model-fixtures.js';

const NOW = new Date('2026-11-23T08:05:00Z');

function named(name: string, namespace: string, options: Parameters<typeof deployment>[0] = {}): DeploymentJson {
	const d = deployment({name, namespace, ...options});
	d.metadata.uid = `uid-${namespace}-${name}`;
	return d;
}

const NONE: readonly ReplicaSetJson[] = [];

/** As the session's owner index: the same (empty) array while nothing changed. */
function sources(byUid: Map<string, readonly ReplicaSetJson[]>) {
	return {replicaSetsOf: (d: DeploymentJson) => byUid.get(d.metadata.uid ?? '') ?? NONE, gitOpsOf: () => undefined};
}

test('unchanged deployments keep their summary objects and the list its identity; a changed one is recomputed', () => {
	const cache = new SummaryCache();
	const a = named('b-app', 'one', {status: {replicas: 3, updatedReplicas: 3, availableReplicas: 3}});
	const b = named('a-app', 'two');
	const c = named('a-app', 'one');
	const byUid = new Map<string, readonly ReplicaSetJson[]>();
	const first = cache.summaries([a, b, c], sources(byUid), NOW);
	assert.deepEqual(
		first.map(s => `${s.namespace}/${s.name}`),
		['one/a-app', 'one/b-app', 'two/a-app'],
	);
	assert.deepEqual(
		first,
		[c, a, b].map(d => summarizeDeployment(d, [], NOW)),
		'same content as summarizing from scratch',
	);

	const again = cache.summaries([a, b, c], sources(byUid), NOW);
	assert.equal(again, first, 'nothing changed: the same array');

	const a2 = structuredClone(a);
	a2.status = {replicas: 3, updatedReplicas: 1, availableReplicas: 2};
	const changed = cache.summaries([a2, b, c], sources(byUid), NOW);
	assert.notEqual(changed, first);
	assert.equal(changed[0], first[0], 'one/a-app untouched');
	assert.equal(changed[2], first[2], 'two/a-app untouched');
	assert.notEqual(changed[1], first[1]);
	assert.equal(changed[1]!.progress.updated, 1);
});

test('a new ReplicaSet list for a deployment recomputes its summary (surge in use)', () => {
	const cache = new SummaryCache();
	const d = named('web', 'default', {replicas: 3});
	const byUid = new Map<string, readonly ReplicaSetJson[]>();
	const owner = {ownerUid: d.metadata.uid!};
	byUid.set(d.metadata.uid!, [replicaSet({name: 'web-a', hash: 'a', replicas: 3, ...owner})]);
	const first = cache.summaries([d], sources(byUid), NOW);
	assert.equal(first[0]!.progress.surgeInUse, 0);
	byUid.set(d.metadata.uid!, [
		replicaSet({name: 'web-a', hash: 'a', replicas: 3, ...owner}),
		replicaSet({name: 'web-b', hash: 'b', replicas: 1, ...owner}),
	]);
	const second = cache.summaries([d], sources(byUid), NOW);
	assert.equal(second[0]!.progress.surgeInUse, 1);
});

test('membership changes re-sort; removed deployments are forgotten', () => {
	const cache = new SummaryCache();
	const byUid = new Map<string, readonly ReplicaSetJson[]>();
	const x = named('x', 'ns');
	const y = named('y', 'ns');
	assert.deepEqual(
		cache.summaries([y, x], sources(byUid), NOW).map(s => s.name),
		['x', 'y'],
	);
	const z = named('a', 'ns');
	assert.deepEqual(
		cache.summaries([y, x, z], sources(byUid), NOW).map(s => s.name),
		['a', 'x', 'y'],
	);
	assert.deepEqual(
		cache.summaries([x], sources(byUid), NOW).map(s => s.name),
		['x'],
	);
	assert.deepEqual(cache.summaries([], sources(byUid), NOW), []);
});

test('a counting deadline moves with the clock without any change; a stopped one keeps its summary', () => {
	const counting = named('rolling', 'ns', {
		replicas: 3,
		progressDeadlineSeconds: 600,
		status: {
			replicas: 4,
			updatedReplicas: 1,
			availableReplicas: 3,
			conditions: [progressing('ReplicaSetUpdated', '2026-11-23T08:00:00Z')],
		},
	});
	const done = named('done', 'ns', {
		replicas: 3,
		status: {
			replicas: 3,
			updatedReplicas: 3,
			availableReplicas: 3,
			conditions: [progressing('NewReplicaSetAvailable', '2026-11-23T08:00:00Z')],
		},
	});
	const cache = new SummaryCache();
	const byUid = new Map<string, readonly ReplicaSetJson[]>();
	const first = cache.summaries([counting, done], sources(byUid), NOW);
	const rollingFirst = first.find(s => s.name === 'rolling')!;
	assert.equal(rollingFirst.deadline?.remainingSeconds, 300);
	const later = new Date(NOW.getTime() + 10_000);
	const second = cache.summaries([counting, done], sources(byUid), later);
	assert.equal(second.find(s => s.name === 'rolling')!.deadline?.remainingSeconds, 290);
	assert.equal(
		second.find(s => s.name === 'done'),
		first.find(s => s.name === 'done'),
	);
	assert.deepEqual(
		second.find(s => s.name === 'rolling'),
		summarizeDeployment(counting, [], later),
	);
	// Within the same second the countdown object is kept.
	const sameSecond = cache.summaries([counting, done], sources(byUid), new Date(later.getTime() + 200));
	assert.equal(sameSecond, second);
	assert.equal(
		withDeadlineAt(first.find(s => s.name === 'done')!, done, later),
		first.find(s => s.name === 'done'),
	);
});

/** Sources that also say which owners' ReplicaSets changed, as the session's owner index does. */
function trackedSources(byUid: Map<string, readonly ReplicaSetJson[]>) {
	const log: string[] = [];
	const source = {};
	let asked = 0;
	return {
		log,
		asked: () => asked,
		set(uid: string, list: readonly ReplicaSetJson[]) {
			byUid.set(uid, list);
			log.push(uid);
		},
		sources: {
			replicaSetsOf: (d: DeploymentJson) => {
				asked++;
				return byUid.get(d.metadata.uid ?? '') ?? NONE;
			},
			gitOpsOf: () => undefined,
			replicaSetChangesSince: (mark: {source: object; count: number} | undefined) => ({
				owners: mark?.source === source ? log.slice(mark.count) : undefined,
				mark: {source, count: log.length},
			}),
		},
	};
}

test('with the changes known, one ReplicaSet write looks at its owner and the countdowns only', () => {
	const rolling = named('rolling', 'ns', {
		replicas: 3,
		progressDeadlineSeconds: 600,
		status: {replicas: 3, updatedReplicas: 1, conditions: [progressing('ReplicaSetUpdated', '2026-11-23T08:00:00Z')]},
	});
	const many = Array.from({length: 50}, (_, index) => named(`app-${index}`, 'ns', {replicas: 3}));
	const workloads = [rolling, ...many];
	const byUid = new Map<string, readonly ReplicaSetJson[]>();
	const tracked = trackedSources(byUid);
	const cache = new SummaryCache();
	const first = cache.summaries(workloads, tracked.sources, NOW);
	const target = many[7]!;
	const owner = {ownerUid: target.metadata.uid!, namespace: 'ns'};
	tracked.set(target.metadata.uid!, [replicaSet({name: 'app-7-b', hash: 'b', replicas: 1, ...owner})]);
	const before = tracked.asked();
	const second = cache.summaries(workloads, tracked.sources, new Date(NOW.getTime() + 10_000));
	assert.equal(tracked.asked() - before, 2, 'the changed owner and the counting deadline, not all 51');
	const position = second.findIndex(s => s.name === 'app-7');
	assert.deepEqual(second[position], summarizeDeployment(target, byUid.get(target.metadata.uid!)!, NOW));
	assert.equal(second.find(s => s.name === 'rolling')!.deadline?.remainingSeconds, 290);
	const untouched = second.filter((s, index) => s === first[index]).length;
	assert.equal(untouched, 49, 'every other summary keeps its identity');
	assert.equal(cache.summaries(workloads, tracked.sources, new Date(NOW.getTime() + 10_000)), second);
});

test('the incremental passes agree with summarizing from scratch through random changes', () => {
	let seed = 7;
	const random = (n: number) => {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		return seed % n;
	};
	const byUid = new Map<string, readonly ReplicaSetJson[]>();
	const tracked = trackedSources(byUid);
	const cache = new SummaryCache();
	let workloads = Array.from({length: 12}, (_, index) => named(`w-${index}`, `ns-${index % 3}`, {replicas: 4}));
	for (let step = 0; step < 300; step++) {
		const now = new Date(NOW.getTime() + step * 1000);
		const choice = random(10);
		const victim = workloads[random(workloads.length)]!;
		if (choice < 6) {
			const owner = {ownerUid: victim.metadata.uid!, namespace: victim.metadata.namespace!};
			const list = Array.from({length: random(3)}, (_, n) =>
				replicaSet({name: `${victim.metadata.name}-${step}-${n}`, hash: `h${n}`, replicas: random(5), ...owner}),
			);
			tracked.set(victim.metadata.uid!, list);
		} else if (choice < 8) {
			// A workload written: a new list (its identity changes), a full pass.
			const changed = structuredClone(victim);
			changed.status = {replicas: random(5), updatedReplicas: random(5), availableReplicas: random(5)};
			workloads = workloads.map(w => (w === victim ? changed : w));
		} else if (choice === 8) {
			// Deleted and created again under its name: another uid.
			const again = structuredClone(victim);
			again.metadata.uid = `${victim.metadata.uid}-${step}`;
			workloads = workloads.map(w => (w === victim ? again : w));
		}
		const incremental = cache.summaries(workloads, tracked.sources, now);
		const scratch = new SummaryCache().summaries(
			workloads,
			{replicaSetsOf: tracked.sources.replicaSetsOf, gitOpsOf: () => undefined},
			now,
		);
		assert.deepEqual(incremental, scratch, `step ${step}`);
	}
});
