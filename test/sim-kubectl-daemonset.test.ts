// DaemonSets driven by the real kubectl against the simulator: one pod per eligible node placed by the scheduler
// through a metadata.name node affinity, the controller's tolerations, RollingUpdate within maxUnavailable or
// maxSurge, OnDelete, history and undo, nodes that join later, defaults and validation.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startTestSimulator, type TestSimulator, kubectlOk} from './helpers/sim-client.js';

import {ensureNodes} from '../source/sim/controllers/nodes.js';
import {isPodAvailable} from '../source/sim/controllers/pod-util.js';
import type {StoredObject} from '../source/sim/store.js';
import {waitFor} from './helpers/wait.js';

let sim: TestSimulator;

before(async () => {
	sim = await startTestSimulator({speed: 50});
});
after(async () => {
	await sim.close();
});

const ok = (...args: string[]) => kubectlOk(sim, ...args);

async function create(object: unknown) {
	return sim.kubectl(['create', '-f', '-'], {input: JSON.stringify(object)});
}

function daemonSet(name: string, spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}) {
	return {
		apiVersion: 'apps/v1',
		kind: 'DaemonSet',
		metadata: {name},
		spec: {
			selector: {matchLabels: {app: name}},
			template: {
				metadata: {labels: {app: name}},
				spec: {containers: [{name: 'agent', image: 'agent:1'}], ...podSpec},
			},
			...spec,
		},
	};
}

const ds = (name: string) => sim.store.get('daemonsets', 'default', name)!;
const podsOf = (name: string) => sim.store.listByOwner('pods', ds(name).metadata.uid);
const live = (pods: StoredObject[]) => pods.filter(p => !p.metadata.deletionTimestamp);

function statusLines(output: string, name: string): string[] {
	const lines = output.trimEnd().split('\n');
	const sentences = [
		/^Waiting for daemon set spec update to be observed\.\.\.$/,
		new RegExp(
			`^Waiting for daemon set "${name}" rollout to finish: \\d+ out of \\d+ new pods have been updated\\.\\.\\.$`,
		),
		new RegExp(
			`^Waiting for daemon set "${name}" rollout to finish: \\d+ of \\d+ updated pods are available\\.\\.\\.$`,
		),
		new RegExp(`^daemon set "${name}" successfully rolled out$`),
	];
	for (const line of lines)
		assert.ok(
			sentences.some(s => s.test(line)),
			`not a kubectl sentence: ${JSON.stringify(line)}`,
		);
	return lines;
}

/** The most nodes without an available pod of the DaemonSet at any store event while `run` runs. */
async function maxNodesWithoutAvailablePod(
	name: string,
	run: () => Promise<void>,
): Promise<{unavailable: number; doubled: boolean}> {
	let worst = 0;
	let doubled = false;
	const unsubscribe = sim.store.subscribe(event => {
		if (event.resource !== 'pods') return;
		const now = sim.store.now();
		const byNode = new Map<string, StoredObject[]>();
		for (const pod of live(podsOf(name))) {
			const node = pod.spec.nodeName ?? '';
			byNode.set(node, [...(byNode.get(node) ?? []), pod]);
		}
		let missing = 0;
		for (const node of sim.store.list('nodes')) {
			const pods = byNode.get(node.metadata.name) ?? [];
			if (pods.length > 1) doubled = true;
			if (!pods.some(pod => isPodAvailable(pod, 0, now))) missing++;
		}
		worst = Math.max(worst, missing);
	});
	try {
		await run();
	} finally {
		unsubscribe();
	}
	return {unavailable: worst, doubled};
}

test('one pod per node, placed by the scheduler through a metadata.name affinity, with the controller tolerations', async () => {
	assert.equal((await create(daemonSet('agent'))).stdout, 'daemonset.apps/agent created\n');
	const lines = statusLines(await ok('rollout', 'status', 'ds/agent'), 'agent');
	assert.equal(lines.at(-1), 'daemon set "agent" successfully rolled out');
	const pods = podsOf('agent');
	assert.deepEqual(pods.map(p => p.spec.nodeName).sort(), ['sim-node-1', 'sim-node-2', 'sim-node-3']);
	const hash = ds('agent').status && sim.store.listByOwner('controllerrevisions', ds('agent').metadata.uid)[0]!;
	for (const pod of pods) {
		assert.match(pod.metadata.name, /^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
		assert.deepEqual(pod.metadata.labels, {
			app: 'agent',
			'controller-revision-hash': hash.metadata.labels?.['controller-revision-hash'],
			'pod-template-generation': '1',
		});
		assert.deepEqual(pod.spec.affinity, {
			nodeAffinity: {
				requiredDuringSchedulingIgnoredDuringExecution: {
					nodeSelectorTerms: [{matchFields: [{key: 'metadata.name', operator: 'In', values: [pod.spec.nodeName]}]}],
				},
			},
		});
		assert.deepEqual(
			pod.spec.tolerations.map(
				(t: {key: string; operator: string; effect: string}) => `${t.key}:${t.operator}:${t.effect}`,
			),
			[
				'node.kubernetes.io/not-ready:Exists:NoExecute',
				'node.kubernetes.io/unreachable:Exists:NoExecute',
				'node.kubernetes.io/disk-pressure:Exists:NoSchedule',
				'node.kubernetes.io/memory-pressure:Exists:NoSchedule',
				'node.kubernetes.io/pid-pressure:Exists:NoSchedule',
				'node.kubernetes.io/unschedulable:Exists:NoSchedule',
			],
		);
	}
	assert.equal(hash.metadata.name, `agent-${hash.metadata.labels?.['controller-revision-hash']}`);
	const events = await ok(
		'get',
		'events',
		'--field-selector',
		'reason=Scheduled',
		'-o',
		'jsonpath={.items[*].message}',
	);
	for (const pod of pods)
		assert.ok(
			events.includes(`Successfully assigned default/${pod.metadata.name} to ${pod.spec.nodeName}`),
			`Scheduled event for ${pod.metadata.name}`,
		);
	assert.match(
		await ok('get', 'ds', 'agent'),
		/^NAME +DESIRED +CURRENT +READY +UP-TO-DATE +AVAILABLE +NODE SELECTOR +AGE\nagent +3 +3 +3 +3 +3 +<none> +\d+s\n$/,
	);
	assert.match(
		await ok('get', 'ds', 'agent', '-o', 'wide'),
		/^NAME +DESIRED +CURRENT +READY +UP-TO-DATE +AVAILABLE +NODE SELECTOR +AGE +CONTAINERS +IMAGES +SELECTOR\nagent +3 +3 +3 +3 +3 +<none> +\d+s +agent +agent:1 +app=agent\n$/,
	);
	assert.deepEqual(
		{...ds('agent').status},
		{
			currentNumberScheduled: 3,
			numberMisscheduled: 0,
			desiredNumberScheduled: 3,
			numberReady: 3,
			observedGeneration: 1,
			updatedNumberScheduled: 3,
			numberAvailable: 3,
		},
	);
});

test('the API server defaults a DaemonSet as apps/v1 does', () => {
	const stored = ds('agent');
	assert.deepEqual(stored.spec.updateStrategy, {
		type: 'RollingUpdate',
		rollingUpdate: {maxUnavailable: 1, maxSurge: 0},
	});
	assert.equal(stored.spec.revisionHistoryLimit, 10);
	assert.equal(stored.metadata.annotations?.['deprecated.daemonset.template.generation'], '1');
});

test('RollingUpdate with maxUnavailable 1: one node at a time; history, undo renumbering and --revision', async () => {
	const bounds = await maxNodesWithoutAvailablePod('agent', async () => {
		assert.equal(await ok('set', 'image', 'ds/agent', 'agent=agent:2'), 'daemonset.apps/agent image updated\n');
		const lines = statusLines(await ok('rollout', 'status', 'ds/agent'), 'agent');
		assert.equal(lines.at(-1), 'daemon set "agent" successfully rolled out');
		assert.ok(lines.some(line => line.includes('new pods have been updated')));
	});
	assert.equal(bounds.unavailable, 1);
	assert.equal(bounds.doubled, false);
	assert.deepEqual(
		live(podsOf('agent')).map(p => [p.spec.containers[0].image, p.metadata.labels?.['pod-template-generation']]),
		[
			['agent:2', '2'],
			['agent:2', '2'],
			['agent:2', '2'],
		],
	);
	assert.equal(
		await ok('rollout', 'history', 'ds/agent'),
		'daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
	);
	assert.match(
		await ok('rollout', 'history', 'ds/agent', '--revision=1'),
		/^daemonset\.apps\/agent with revision #1\nPod Template:\n {2}Labels:\tapp=agent\n {2}Containers:\n {3}agent:\n {4}Image:\tagent:1\n/,
	);
	assert.equal(await ok('rollout', 'undo', 'ds/agent'), 'daemonset.apps/agent rolled back\n');
	statusLines(await ok('rollout', 'status', 'ds/agent'), 'agent');
	assert.equal(
		await ok('rollout', 'history', 'ds/agent'),
		'daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n',
	);
	assert.equal(
		await ok('rollout', 'undo', 'ds/agent', '--to-revision=3'),
		'daemonset.apps/agent skipped rollback (current template already matches revision 3)\n',
	);
	await waitFor(
		() => live(podsOf('agent')).every(p => p.spec.containers[0].image === 'agent:1' && p.status?.phase === 'Running'),
		{message: 'every pod back on agent:1'},
	);
	assert.equal(ds('agent').metadata.annotations?.['deprecated.daemonset.template.generation'], '3');
	assert.equal(await ok('rollout', 'restart', 'ds/agent'), 'daemonset.apps/agent restarted\n');
	statusLines(await ok('rollout', 'status', 'ds/agent'), 'agent');
	await waitFor(
		() =>
			live(podsOf('agent')).every(
				p => p.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'] && p.status?.phase === 'Running',
			),
		{message: 'every pod restarted'},
	);
	const describe = await ok('describe', 'ds', 'agent');
	for (const line of [
		/^Desired Number of Nodes Scheduled: 3$/m,
		/^Current Number of Nodes Scheduled: 3$/m,
		/^Number of Nodes Scheduled with Up-to-date Pods: 3$/m,
		/^Number of Nodes Misscheduled: 0$/m,
		/^ +Normal +SuccessfulCreate +.* +daemonset-controller +Created pod: agent-[a-z0-9]{5}$/m,
	])
		assert.match(describe, line);
	const paused = await sim.kubectl(['rollout', 'pause', 'ds/agent']);
	assert.deepEqual([paused.code, paused.stderr], [1, 'error: daemonsets.apps "agent" pausing is not supported\n']);
});

test('RollingUpdate with maxSurge 1: a new pod starts beside the old one; no node ever lacks an available pod', async () => {
	const result = await create(
		daemonSet('surge', {updateStrategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}}),
	);
	assert.equal(result.code, 0, result.stderr);
	await ok('rollout', 'status', 'ds/surge');
	const bounds = await maxNodesWithoutAvailablePod('surge', async () => {
		await ok('set', 'image', 'ds/surge', 'agent=agent:2');
		statusLines(await ok('rollout', 'status', 'ds/surge'), 'surge');
		await waitFor(() => podsOf('surge').length === 3, {message: 'old pods gone'});
	});
	assert.equal(bounds.unavailable, 0);
	assert.equal(bounds.doubled, true);
});

test('OnDelete: rollout status refuses the strategy and pods change only when deleted', async () => {
	assert.equal((await create(daemonSet('ondel', {updateStrategy: {type: 'OnDelete'}}))).code, 0);
	await waitFor(() => ds('ondel').status?.numberAvailable === 3, {message: 'three pods'});
	const refused = await sim.kubectl(['rollout', 'status', 'ds/ondel']);
	assert.deepEqual(
		[refused.code, refused.stderr],
		[1, 'error: rollout status is only available for RollingUpdate strategy type\n'],
	);
	await ok('set', 'image', 'ds/ondel', 'agent=agent:2');
	await waitFor(() => ds('ondel').status.observedGeneration === 2, {message: 'observed'});
	assert.ok(live(podsOf('ondel')).every(p => p.spec.containers[0].image === 'agent:1'));
	const victim = podsOf('ondel')[0]!;
	await ok('delete', 'pod', victim.metadata.name, '--wait=false');
	await waitFor(
		() =>
			live(podsOf('ondel')).some(
				p => p.spec.nodeName === victim.spec.nodeName && p.spec.containers[0].image === 'agent:2',
			),
		{message: 'a new pod on the same node at agent:2'},
	);
	await waitFor(() => ds('ondel').status.updatedNumberScheduled === 1, {message: 'one updated'});
});

test('nodeSelector, taints and cordoned nodes; a node that joins later gets its pod', async () => {
	await ok('label', 'node', 'sim-node-2', 'disk=ssd');
	assert.equal((await create(daemonSet('ssd', {}, {nodeSelector: {disk: 'ssd'}}))).code, 0);
	await ok('rollout', 'status', 'ds/ssd');
	assert.deepEqual(
		podsOf('ssd').map(p => p.spec.nodeName),
		['sim-node-2'],
	);
	assert.match(await ok('get', 'ds', 'ssd'), /\nssd +1 +1 +1 +1 +1 +disk=ssd +\d+s\n$/);

	await ok('taint', 'node', 'sim-node-3', 'dedicated=db:NoSchedule');
	await ok('cordon', 'sim-node-1');
	assert.equal((await create(daemonSet('tainted'))).code, 0);
	await ok('rollout', 'status', 'ds/tainted');
	assert.deepEqual(
		podsOf('tainted')
			.map(p => p.spec.nodeName)
			.sort(),
		['sim-node-1', 'sim-node-2'],
		'cordoned is fine, untolerated taint is not',
	);
	await ok('taint', 'node', 'sim-node-3', 'dedicated=db:NoSchedule-');
	await waitFor(() => podsOf('tainted').some(p => p.spec.nodeName === 'sim-node-3'), {
		message: 'a pod on sim-node-3 once the taint is gone',
	});
	await ok('uncordon', 'sim-node-1');

	ensureNodes(sim.store, 4);
	await waitFor(
		() =>
			['agent', 'tainted'].every(name =>
				podsOf(name).some(p => p.spec.nodeName === 'sim-node-4' && p.status?.phase === 'Running'),
			),
		{message: 'the new node runs a pod of each DaemonSet that selects it'},
	);
	assert.ok(!podsOf('ssd').some(p => p.spec.nodeName === 'sim-node-4'));
	await ok('label', 'node', 'sim-node-2', 'disk-');
	await waitFor(() => live(podsOf('ssd')).length === 0, {message: 'the ssd pod goes with the label'});
	await waitFor(() => ds('ssd').status.desiredNumberScheduled === 0, {message: 'status says so'});
});

test('validation: the API server messages for surge and unavailability and a selector mismatch', async () => {
	const both = await create(
		daemonSet('both', {updateStrategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1, maxUnavailable: 1}}}),
	);
	assert.equal(both.code, 1);
	assert.equal(
		both.stderr,
		'The DaemonSet "both" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero\n',
	);
	const none = await create(
		daemonSet('none', {updateStrategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}}),
	);
	assert.equal(
		none.stderr,
		'The DaemonSet "none" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0\n',
	);
	const mismatch = daemonSet('mismatch');
	mismatch.spec.template.metadata.labels = {app: 'other'};
	const created = await create(mismatch);
	assert.equal(
		created.stderr,
		'The DaemonSet "mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`\n',
	);
	const immutable = await sim.kubectl([
		'patch',
		'ds',
		'agent',
		'-p',
		'{"spec":{"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":{"labels":{"app":"x"}}}}}',
	]);
	assert.equal(
		immutable.stderr,
		'The DaemonSet "agent" is invalid: spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: x,},MatchExpressions:[]LabelSelectorRequirement{},}: field is immutable\n',
	);
	assert.equal(await ok('delete', 'ds', 'surge', '--wait=false'), 'daemonset.apps "surge" deleted\n');
	await waitFor(() => !sim.store.list('pods', 'default').some(p => p.metadata.name.startsWith('surge-')), {
		message: 'its pods gone',
	});
});
