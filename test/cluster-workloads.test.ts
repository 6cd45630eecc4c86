// StatefulSets and DaemonSets against kubectl on the same objects from the simulator: the model's status sentence is
// kubectl's `rollout status` line, its history is kubectl's `rollout history`, and undo, restart and pause do what
// kubectl does and print its line, on twins (kubectl acts on `a`, the dashboard on `b`).
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {listControllerRevisionsOf, runAction} from '../source/cluster/actions.js';
import {createSession} from '../source/cluster/session.js';
import {controllerRevisionHistory} from '../source/model/controller-revisions.js';
import {objectPath, type WorkloadKind} from '../source/model/kinds.js';
import type {ActionRequest} from '../source/model/verbs.js';
import type {DaemonSetJson, StatefulSetJson} from '../source/model/workload-objects.js';
import {summarizeWorkload} from '../source/model/workload-summary.js';
import {semanticEqual} from '../source/k8s/template.js';
import {startTestCluster, type TestCluster} from './helpers/model-sim.js';
import {tableRows} from './helpers/lead-process.js';
import {waitFor} from './helpers/wait.js';

let cluster: TestCluster;

before(async () => {
	cluster = await startTestCluster();
});

after(async () => {
	await cluster?.close();
});

type Revisioned = 'StatefulSet' | 'DaemonSet';
const SHORT: Record<Revisioned, string> = {StatefulSet: 'sts', DaemonSet: 'ds'};

function manifest(kind: Revisioned, name: string, image: string, spec: Record<string, unknown> = {}) {
	const template = {metadata: {labels: {app: name}}, spec: {containers: [{name: 'app', image}]}};
	const common = {selector: {matchLabels: {app: name}}, template, ...spec};
	return {
		apiVersion: 'apps/v1',
		kind,
		metadata: {name},
		spec: kind === 'StatefulSet' ? {serviceName: name, replicas: 2, ...common} : common,
	};
}

async function create(kind: Revisioned, name: string, image: string, spec?: Record<string, unknown>) {
	const file = path.join(cluster.dir, `${name}.json`);
	writeFileSync(file, JSON.stringify(manifest(kind, name, image, spec)));
	await cluster.kubectlOk('create', '-f', file);
}

const read = <T>(kind: WorkloadKind, name: string) =>
	cluster.connection.client.request<T>(objectPath(kind, 'default', name));

/** kubectl rollout status --watch=false: its line (stdout or stderr without "error: ") and exit code. */
async function kubectlStatus(kind: Revisioned, name: string) {
	const result = await cluster.kubectl('rollout', 'status', `${SHORT[kind]}/${name}`, '--watch=false');
	return {code: result.code, line: (result.code === 0 ? result.stdout : result.stderr.replace(/^error: /, '')).trim()};
}

/** Reads the object and kubectl's sentence until they agree on one moment (the object may move in between). */
async function sentencesAgree(kind: Revisioned, name: string): Promise<string> {
	let last = '';
	return waitFor(
		async () => {
			const before = await read<StatefulSetJson>(kind, name);
			const theirs = await kubectlStatus(kind, name);
			const after = await read<StatefulSetJson>(kind, name);
			if (before.metadata.resourceVersion !== after.metadata.resourceVersion) return undefined;
			const ours = summarizeWorkload(after, [], new Date()).statusSentence;
			last = `ours ${JSON.stringify(ours)}, kubectl ${JSON.stringify(theirs.line)}`;
			assert.equal(ours, theirs.line);
			return ours;
		},
		{message: () => `one moment to compare (${last})`},
	);
}

async function rolledOut(kind: Revisioned, name: string): Promise<void> {
	await cluster.kubectlOk('rollout', 'status', `${SHORT[kind]}/${name}`, '--timeout=60s');
}

async function setImage(kind: Revisioned, name: string, image: string): Promise<void> {
	await cluster.kubectlOk('set', 'image', `${SHORT[kind]}/${name}`, `app=${image}`);
	await rolledOut(kind, name);
}

/** Twins with three revisions each (1.0, 1.1, 1.2), made alike by kubectl. */
async function twins(kind: Revisioned, prefix: string) {
	const names = [`${prefix}-a`, `${prefix}-b`] as const;
	for (const name of names) {
		await create(kind, name, 'nginx:1.0');
		await rolledOut(kind, name);
		await setImage(kind, name, 'nginx:1.1');
		await setImage(kind, name, 'nginx:1.2');
	}
	return {a: names[0], b: names[1], rename: (text: string) => text.replaceAll(names[0], names[1]).trim()};
}

const request = <V extends ActionRequest['verb']>(kind: Revisioned, name: string, verb: V, args: unknown) =>
	({kind, namespace: 'default', name, verb, args}) as ActionRequest;

async function kubectlLine(rename: (text: string) => string, ...args: string[]) {
	const result = await cluster.kubectl(...args);
	return {
		ok: result.code === 0,
		message: rename(result.code === 0 ? result.stdout : result.stderr.replace(/^error: /, '')),
	};
}

async function historyOf(kind: Revisioned, name: string) {
	const workload = await read<StatefulSetJson | DaemonSetJson>(kind, name);
	const revisions = await listControllerRevisionsOf(cluster.connection.client, workload);
	return controllerRevisionHistory(kind, workload, revisions);
}

async function kubectlHistory(kind: Revisioned, name: string): Promise<string[][]> {
	const [, ...table] = (await cluster.kubectlOk('rollout', 'history', `${SHORT[kind]}/${name}`)).split('\n');
	return tableRows(table.join('\n'));
}

const template = async (kind: Revisioned, name: string) => (await read<StatefulSetJson>(kind, name)).spec.template;

for (const kind of ['StatefulSet', 'DaemonSet'] as const) {
	const short = SHORT[kind];
	test(`${kind}: the status sentence is kubectl's, during and after a rollout`, async () => {
		const name = `status-${short}`;
		await create(kind, name, 'nginx:1.0', {minReadySeconds: 2});
		const seen = new Set<string>();
		seen.add(await sentencesAgree(kind, name));
		await rolledOut(kind, name);
		await cluster.kubectlOk('set', 'image', `${short}/${name}`, 'app=nginx:1.1');
		seen.add(await sentencesAgree(kind, name));
		await rolledOut(kind, name);
		const done = await sentencesAgree(kind, name);
		assert.equal(
			done,
			kind === 'StatefulSet'
				? 'partitioned roll out complete: 2 new pods have been updated...'
				: `daemon set "${name}" successfully rolled out`,
		);
		assert.ok(seen.size >= 1);
	});

	test(`${kind}: history is kubectl's; undo to a revision sends what kubectl sends and renumbers alike`, async () => {
		const pair = await twins(kind, `undo-${short}`);
		const ours = await historyOf(kind, pair.b);
		assert.deepEqual(
			ours.map(entry => [String(entry.revision), entry.changeCause ?? '<none>']),
			await kubectlHistory(kind, pair.b),
		);
		assert.deepEqual(
			ours.map(entry => entry.images[0]?.image),
			['nginx:1.0', 'nginx:1.1', 'nginx:1.2'],
		);
		assert.equal(ours.find(entry => entry.isCurrent)?.revision, 3);
		const theirs = await kubectlLine(pair.rename, 'rollout', 'undo', `${short}/${pair.a}`, '--to-revision=1');
		const generation = (await read<StatefulSetJson>(kind, pair.b)).metadata.generation;
		const result = await runAction(
			cluster.connection.client,
			request(kind, pair.b, 'undo', {toRevision: 1, basedOnGeneration: generation}),
		);
		assert.deepEqual(result, theirs);
		assert.deepEqual(result, {ok: true, message: `${kind.toLowerCase()}.apps/${pair.b} rolled back`});
		const templateA = JSON.parse(pair.rename(JSON.stringify(await template(kind, pair.a))));
		const templateB = await template(kind, pair.b);
		assert.ok(semanticEqual(templateA, templateB), JSON.stringify({templateA, templateB}));
		await rolledOut(kind, pair.a);
		await rolledOut(kind, pair.b);
		const after = await waitFor(async () => {
			const rows = await kubectlHistory(kind, pair.b);
			return rows.length === 3 && rows[2]![0] === '4' ? rows : undefined;
		});
		assert.deepEqual(after, await kubectlHistory(kind, pair.a), 'kubectl renumbered both alike');
		const history = await historyOf(kind, pair.b);
		assert.deepEqual(
			history.map(entry => entry.revision),
			[2, 3, 4],
		);
		const restored = history.find(entry => entry.revision === 4)!;
		assert.equal(restored.images[0]?.image, 'nginx:1.0');
		// Creation times have whole seconds: a revision made in the same second as the re-used one does not count as
		// younger, so the label may name a later revision; it is true either way.
		assert.match(restored.derivedCause ?? '', /^restored \(recorded before revision [23]\)/);
		// The same revision again: kubectl's skip line.
		const skipTheirs = await kubectlLine(pair.rename, 'rollout', 'undo', `${short}/${pair.a}`, '--to-revision=4');
		const skip = await runAction(cluster.connection.client, request(kind, pair.b, 'undo', {toRevision: 4}));
		assert.deepEqual(skip, skipTheirs);
		const missingTheirs = await kubectlLine(pair.rename, 'rollout', 'undo', `${short}/${pair.a}`, '--to-revision=9');
		const missing = await runAction(cluster.connection.client, request(kind, pair.b, 'undo', {toRevision: 9}));
		assert.deepEqual(missing, missingTheirs);
	});

	test(`${kind}: an undo decided on an older generation is refused, not sent`, async () => {
		const name = `stale-${short}`;
		await create(kind, name, 'nginx:1.0');
		await rolledOut(kind, name);
		await setImage(kind, name, 'nginx:1.1');
		const seen = (await read<StatefulSetJson>(kind, name)).metadata.generation ?? 0;
		await cluster.kubectlOk('set', 'image', `${short}/${name}`, 'app=nginx:1.9');
		const result = await runAction(
			cluster.connection.client,
			request(kind, name, 'undo', {toRevision: 1, basedOnGeneration: seen}),
		);
		assert.equal(result.ok, false);
		assert.match(result.message, new RegExp(`^${kind.toLowerCase()} "${name}" was changed by someone else`));
		const containers = (await template(kind, name))?.spec?.containers ?? [];
		assert.equal(containers[0]?.image, 'nginx:1.9');
	});

	test(`${kind}: restart patches the template's restartedAt as kubectl does; pause and resume get kubectl's refusal`, async () => {
		const a = `restart-${short}-a`;
		const b = `restart-${short}-b`;
		const rename = (text: string) => text.replaceAll(a, b).trim();
		for (const name of [a, b]) {
			await create(kind, name, 'nginx:1.0');
			await rolledOut(kind, name);
		}
		const theirs = await kubectlLine(rename, 'rollout', 'restart', `${short}/${a}`);
		const ours = await runAction(cluster.connection.client, request(kind, b, 'restart', {}));
		assert.deepEqual(ours, theirs);
		const stamp = (await template(kind, b))?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'];
		assert.match(stamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
		for (const verb of ['pause', 'resume'] as const) {
			const refusal = await kubectlLine(rename, 'rollout', verb, `${short}/${a}`);
			const answer = await runAction(cluster.connection.client, request(kind, b, verb, {}));
			assert.deepEqual(answer, refusal, `${verb} answers as kubectl`);
		}
	});
}

test('OnDelete: kubectl refuses rollout status with its sentence, and so does the model', async () => {
	await create('StatefulSet', 'ondelete', 'nginx:1.0', {updateStrategy: {type: 'OnDelete'}});
	const theirs = await kubectlStatus('StatefulSet', 'ondelete');
	assert.equal(theirs.code, 1);
	const ours = summarizeWorkload(await read<StatefulSetJson>('StatefulSet', 'ondelete'), [], new Date());
	assert.equal(ours.statusSentence, theirs.line);
	assert.equal(ours.statusSentence, 'rollout status is only available for RollingUpdate strategy type');
});

test('the live session lists every kind and focuses a StatefulSet (history, pods) and a DaemonSet (nodes)', async () => {
	await create('StatefulSet', 'live-sts', 'nginx:1.0');
	await create('DaemonSet', 'live-ds', 'nginx:1.0');
	await rolledOut('StatefulSet', 'live-sts');
	await rolledOut('DaemonSet', 'live-ds');
	await setImage('StatefulSet', 'live-sts', 'nginx:1.1');
	const session = createSession(cluster.connection, {
		timing: {stallMs: 3000, backoff: {initialMs: 50, maxMs: 500, jitter: 0.3}},
	});
	try {
		await session.ready();
		const kinds = (name: string) =>
			session
				.getSnapshot()
				.deployments.filter(d => d.name === name)
				.map(d => d.kind);
		await waitFor(() => kinds('live-sts').length === 1 && kinds('live-ds').length === 1);
		assert.deepEqual([kinds('live-sts'), kinds('live-ds')], [['StatefulSet'], ['DaemonSet']]);
		session.focus({kind: 'StatefulSet', namespace: 'default', name: 'live-sts'});
		const focus = await waitFor(() => {
			const f = session.getSnapshot().focus;
			return f?.history.length === 2 && f.pods.length === 2 ? f : undefined;
		});
		assert.deepEqual(
			focus.history.map(entry => [entry.revision, entry.images[0]?.image, entry.isCurrent]),
			[
				[1, 'nginx:1.0', false],
				[2, 'nginx:1.1', true],
			],
		);
		const current = focus.history.find(entry => entry.isCurrent)!;
		// A StatefulSet's pods carry the ControllerRevision's whole name as their controller-revision-hash.
		assert.deepEqual(
			focus.pods.map(pod => pod.controllerRevisionHash),
			focus.pods.map(() => current.replicaSetName),
		);
		assert.deepEqual(session.templateDiff('default', 'live-sts', 1, 'StatefulSet'), [
			{field: 'image app', from: 'nginx:1.1', to: 'nginx:1.0'},
		]);
		session.focus({kind: 'DaemonSet', namespace: 'default', name: 'live-ds'});
		const nodes = await waitFor(() => session.getSnapshot().focus?.nodes);
		const names = (await cluster.kubectlOk('get', 'nodes', '-o', 'name')).trim().split('\n');
		assert.deepEqual(
			nodes.map(node => `node/${node.name}`),
			names,
		);
	} finally {
		await session.close();
	}
});
