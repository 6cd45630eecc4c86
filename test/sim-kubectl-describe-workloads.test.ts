// `d` on a StatefulSet, a DaemonSet and a ControllerRevision against kubectl describe itself: the same objects,
// events and pods from the simulator, printed by kubectl and fetched and printed by the dashboard (cluster/describe.ts
// and the describers), must read the same line for line; the session's describe shows that text with every control
// character made visible.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {connect, type Connection} from '../source/cluster/connect.js';
import {createSession, type LiveSession} from '../source/cluster/session.js';
import {fetchDescribe} from '../source/cluster/describe.js';
import {DESCRIBERS} from '../source/model/describe/describe.js';
import type {ObjectRef} from '../source/model/types.js';
import {visibleLines} from '../source/model/visible.js';
import {kubectlOk, startTestSimulator, type TestSimulator} from './helpers/sim-client.js';
import {waitFor} from './helpers/wait.js';

let sim: TestSimulator;
let connection: Connection;
let session: LiveSession;

before(async () => {
	sim = await startTestSimulator({speed: 50});
	connection = await connect({kubeconfig: sim.kubeconfigPath});
	session = createSession(connection);
	await session.ready();
});
after(async () => {
	await session?.close();
	await sim?.close();
});

const KUBECTL_RESOURCE: Record<ObjectRef['kind'], string> = {
	Deployment: 'deployment',
	StatefulSet: 'statefulset',
	DaemonSet: 'daemonset',
	ReplicaSet: 'replicaset',
	ControllerRevision: 'controllerrevision',
	Pod: 'pod',
};

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * kubectl describe, the describer over what cluster/describe.ts fetched, and the session's describe agree: the
 * first two exactly, the session with kubectl's text made visible (retried: an age can tick between the reads, or an
 * event arrive). Returns the session's lines.
 */
async function assertSameAsKubectl(ref: ObjectRef): Promise<string[]> {
	let last = {kubectl: [] as string[], model: [] as string[], session: [] as string[]};
	const same = (a: string[], b: string[]) => JSON.stringify(a) === JSON.stringify(b);
	await waitFor(
		async () => {
			const result = await sim.kubectl(['-n', ref.namespace, 'describe', KUBECTL_RESOURCE[ref.kind], ref.name]);
			assert.equal(result.code, 0, result.stderr);
			const data = await fetchDescribe(connection.client, ref);
			const model = DESCRIBERS[ref.kind]({...data, now: new Date()});
			const shown = await session.describe(ref);
			last = {kubectl: result.stdout.replace(/\n$/, '').split('\n'), model, session: shown};
			return same(last.kubectl, last.model) && same(last.session, visibleLines(last.kubectl.join('\n')));
		},
		{message: `describe ${ref.kind} ${ref.name} to match`, timeout: 20_000},
	).catch(error => {
		// Nothing compared (kubectl or a fetch kept failing): that failure, not a match of empty lists.
		if (last.kubectl.length === 0) throw error;
		assert.deepEqual(last.model, last.kubectl);
		assert.deepEqual(last.session, visibleLines(last.kubectl.join('\n')));
	});
	for (const line of last.session) assert.doesNotMatch(line, CONTROL, 'no control character reaches the screen');
	return last.session;
}

async function create(object: unknown): Promise<void> {
	const result = await sim.kubectl(['create', '-f', '-'], {input: JSON.stringify(object)});
	assert.equal(result.code, 0, result.stderr);
}

const HOSTILE = '\u001b]0;owned\u0007\u001b[31mred\r\v-\f+';

function statefulSet(name: string) {
	const labels = {app: name};
	return {
		apiVersion: 'apps/v1',
		kind: 'StatefulSet',
		metadata: {
			name,
			labels: {...labels, tier: 'data'},
			annotations: {'team.example.com/owner': 'storage', hostile: HOSTILE},
		},
		spec: {
			serviceName: name,
			replicas: 3,
			selector: {matchLabels: labels},
			updateStrategy: {type: 'RollingUpdate', rollingUpdate: {partition: 2}},
			template: {
				metadata: {labels},
				spec: {
					containers: [
						{
							name: 'pg',
							image: 'postgres:16',
							ports: [{containerPort: 5432, name: 'pg'}],
							env: [{name: 'PGDATA', value: '/var/lib/pg/data'}],
							volumeMounts: [
								{name: 'data', mountPath: '/var/lib/pg'},
								{name: 'wal', mountPath: '/var/lib/wal'},
							],
						},
					],
				},
			},
			volumeClaimTemplates: [
				{
					metadata: {name: 'data', labels: {tier: 'data', backup: 'daily'}, annotations: {'example.com/size': 'small'}},
					spec: {accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: {requests: {storage: '1Gi'}}},
				},
				{
					metadata: {name: 'wal', annotations: {'volume.beta.kubernetes.io/storage-class': 'slow'}},
					spec: {accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], resources: {requests: {storage: '512Mi'}}},
				},
			],
		},
	};
}

const revisionsOf = (uid: string) =>
	sim.store
		.list('controllerrevisions', 'default')
		.filter(revision => revision.metadata.ownerReferences?.some(owner => owner.uid === uid))
		.map(revision => revision.metadata.name);

test('a partitioned StatefulSet mid-rollout with volume claims, and its ControllerRevisions', async () => {
	await create(statefulSet('db'));
	await kubectlOk(sim, 'rollout', 'status', 'statefulset/db', '--timeout=120s');
	// A pod its selector lists but it does not control: kubectl does not count it, nor may the dashboard.
	await create({
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name: 'db-stray', labels: {app: 'db'}},
		spec: {containers: [{name: 'pg', image: 'postgres:16'}]},
	});
	await kubectlOk(sim, 'set', 'image', 'statefulset/db', 'pg=postgres:17');
	await waitFor(
		() => {
			const status = sim.store.get('statefulsets', 'default', 'db')?.status;
			return status?.updatedReplicas === 1 && status.readyReplicas === 3 && status.currentReplicas === 2;
		},
		{message: 'db-2 updated, db-0 and db-1 held back by the partition'},
	);
	await waitFor(() => sim.store.get('pods', 'default', 'db-stray')?.status?.phase === 'Running', {
		message: 'the stray pod running',
	});

	const lines = await assertSameAsKubectl({kind: 'StatefulSet', namespace: 'default', name: 'db'});
	assert.ok(
		lines.some(line => /^ {2}Partition: +2$/.test(line)),
		lines.join('\n'),
	);
	// db-stray matches the selector but has no controller: not counted.
	assert.ok(
		lines.some(line => /^Pods Status: +3 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed$/.test(line)),
		lines.join('\n'),
	);
	assert.ok(lines.includes('Volume Claims:'));
	assert.ok(lines.includes('  StorageClass:  slow'), 'the beta annotation names the class');
	assert.ok(
		lines.some(line => line.includes('hostile: ^[]0;owned^G^[[31mred\\r  -')),
		'the hostile annotation is shown, escaped',
	);

	// Events that cannot be listed (forbidden here, for kubectl and the dashboard alike) read as none, as in kubectl.
	sim.faults.failNextRequests(
		2,
		403,
		/^GET \/api\/v1\/namespaces\/default\/events\?fieldSelector=[^&]*involvedObject\.name%3Ddb(%2C|&|$)/,
	);
	const ref: ObjectRef = {kind: 'StatefulSet', namespace: 'default', name: 'db'};
	const withoutEvents = DESCRIBERS.StatefulSet({...(await fetchDescribe(connection.client, ref)), now: new Date()});
	const kubectl = (await kubectlOk(sim, 'describe', 'statefulset', 'db')).replace(/\n$/, '').split('\n');
	assert.match(kubectl.at(-1)!, /^Events: +<none>$/);
	assert.deepEqual(withoutEvents, kubectl);

	const uid = sim.store.get('statefulsets', 'default', 'db')!.metadata.uid;
	const revisions = revisionsOf(uid);
	assert.equal(revisions.length, 2);
	for (const name of revisions) {
		const revision = await assertSameAsKubectl({kind: 'ControllerRevision', namespace: 'default', name});
		assert.ok(revision.some(line => /^ {4}Kind: +StatefulSet$/.test(line)));
		assert.ok(revision.some(line => /^Revision: +[12]$/.test(line)));
	}
});

test('a DaemonSet after an update, and its ControllerRevisions', async () => {
	const labels = {app: 'agent'};
	await create({
		apiVersion: 'apps/v1',
		kind: 'DaemonSet',
		metadata: {name: 'agent', labels: {...labels, team: 'platform'}, annotations: {'example.com/why': 'logs'}},
		spec: {
			// kubectl orders a selector's requirements by key, whichever list they come from.
			selector: {
				matchLabels: labels,
				matchExpressions: [{key: 'agent-tier', operator: 'In', values: ['node', 'edge']}],
			},
			updateStrategy: {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '50%'}},
			template: {
				metadata: {labels: {...labels, 'agent-tier': 'node'}, annotations: {'prometheus.io/scrape': 'true'}},
				spec: {
					nodeSelector: {'kubernetes.io/os': 'linux'},
					tolerations: [{key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule'}],
					containers: [
						{
							name: 'agent',
							image: 'fluent-bit:3.0',
							args: ['--config', '/etc/agent.conf'],
							resources: {limits: {memory: '64Mi'}},
							volumeMounts: [{name: 'varlog', mountPath: '/var/log', readOnly: true}],
						},
					],
					volumes: [{name: 'varlog', hostPath: {path: '/var/log'}}],
				},
			},
		},
	});
	await kubectlOk(sim, 'rollout', 'status', 'daemonset/agent', '--timeout=120s');
	await kubectlOk(sim, 'set', 'image', 'daemonset/agent', 'agent=fluent-bit:3.1');
	await kubectlOk(sim, 'rollout', 'status', 'daemonset/agent', '--timeout=120s');

	const lines = await assertSameAsKubectl({kind: 'DaemonSet', namespace: 'default', name: 'agent'});
	assert.ok(lines.includes('Node-Selector:  kubernetes.io/os=linux'), lines.join('\n'));
	assert.ok(lines.some(line => /^Pods Status: +[1-9]\d* Running \/ 0 Waiting/.test(line)));

	const uid = sim.store.get('daemonsets', 'default', 'agent')!.metadata.uid;
	const revisions = revisionsOf(uid);
	assert.equal(revisions.length, 2);
	for (const name of revisions) await assertSameAsKubectl({kind: 'ControllerRevision', namespace: 'default', name});
});

test('a ControllerRevision made by hand: field labels and every kind of JSON value as kubectl prints them', async () => {
	await create({
		apiVersion: 'apps/v1',
		kind: 'ControllerRevision',
		metadata: {name: 'by-hand', labels: {made: 'by-hand'}},
		data: {
			podIPs: ['10.0.0.1', '10.0.0.2'],
			hostIPC: true,
			PDFLoader: 'x',
			'x-forwarded': 'y',
			ipv4: 4,
			selfLink: null,
			whole: 2.0,
			half: 0.5,
			large: 1234567.5,
			huge: 100000000000000000000,
			small: 0.00001,
			nested: [[1, 'a'], {b: [true], a: {c: null}}, 'text with  spaces'],
			empty: {},
			none: [],
			ünïcode: 'ä',
			multi: 'first line\nsecond line',
		},
		revision: 7,
	});
	const lines = await assertSameAsKubectl({kind: 'ControllerRevision', namespace: 'default', name: 'by-hand'});
	assert.ok(lines.some(line => /^ {2}Pod I Ps:$/.test(line)));
});
