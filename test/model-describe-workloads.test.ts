// The StatefulSet, DaemonSet and generic (ControllerRevision) describers on their own: kubectl's field labels, Go's
// %v of JSON values, the pods counted, the update strategy and volume claims, and kubectl's terminal escaping.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {DESCRIBERS} from '../source/model/describe/describe.js';
import {goValue, smartLabelFor, splitCamelCase} from '../source/model/describe/generic.js';
import {describeVolumeClaimTemplates} from '../source/model/describe/workloads.js';
import {tabwrite} from '../source/model/describe/tabwriter.js';
import {DescribeWriter} from '../source/model/describe/writer.js';

const now = new Date('2026-12-03T10:00:00Z');

test('smartLabelFor: camel case split into title-cased words, acronyms in capitals, other names as they are', () => {
	const cases: Array<[string, string]> = [
		['apiVersion', 'API Version'],
		['blockOwnerDeletion', 'Block Owner Deletion'],
		['uid', 'UID'],
		['dnsPolicy', 'Dns Policy'],
		['hostIPC', 'Host IPC'],
		['PDFLoader', 'PDF Loader'],
		['podIPs', 'Pod I Ps'],
		['selfLink', 'Self Link'],
		['x-forwarded', 'X - Forwarded'],
		['kubernetes.io/os', 'kubernetes.io/os'],
		['$patch', '$patch'],
		['ipv4', 'ipv4'],
		['', ''],
	];
	for (const [field, label] of cases) assert.equal(smartLabelFor(field), label, field);
	assert.deepEqual(splitCamelCase('GL11Version'), ['GL', '11', 'Version']);
	assert.deepEqual(splitCamelCase('BöseÜberraschung'), ['Böse', 'Überraschung']);
});

test("goValue: Go's %v of decoded JSON", () => {
	assert.equal(goValue(null), '<nil>');
	assert.equal(goValue(true), 'true');
	assert.equal(goValue(30), '30');
	assert.equal(goValue(1000000), '1000000', 'a whole number is an int64');
	assert.equal(goValue(-2), '-2');
	assert.equal(goValue(0.5), '0.5');
	assert.equal(goValue(123456.5), '123456.5');
	assert.equal(goValue(1234567.5), '1.2345675e+06');
	assert.equal(goValue(0.0001), '0.0001');
	assert.equal(goValue(0.00001), '1e-05');
	assert.equal(goValue('a b'), 'a b');
	assert.equal(goValue([1, [2, 'a'], {b: 1, a: null}]), '[1 [2 a] map[a:<nil> b:1]]');
});

test('the generic describer: sorted fields, maps and lists a level deeper, the header fields not repeated', () => {
	const revision = {
		apiVersion: 'apps/v1',
		kind: 'ControllerRevision',
		metadata: {
			name: 'web-5d8f',
			namespace: 'shop',
			labels: {app: 'web'},
			annotations: {note: 'x'},
			managedFields: [{manager: 'kubectl'}],
			ownerReferences: [{apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', controller: true}],
			creationTimestamp: '2026-12-03T09:00:00Z',
		},
		data: {spec: {template: {$patch: 'replace', spec: {containers: [{args: ['a', 'b'], name: 'c'}], volumes: []}}}},
		revision: 3,
	};
	const lines = DESCRIBERS.ControllerRevision({object: revision, events: [], now});
	assert.deepEqual(lines, [
		'Name:         web-5d8f',
		'Namespace:    shop',
		'Labels:       app=web',
		'Annotations:  note: x',
		'API Version:  apps/v1',
		'Data:',
		'  Spec:',
		'    Template:',
		'      $patch:  replace',
		'      Spec:',
		'        Containers:',
		'          Args:',
		'            a',
		'            b',
		'          Name:  c',
		'        Volumes:',
		'Kind:  ControllerRevision',
		'Metadata:',
		'  Creation Timestamp:  2026-12-03T09:00:00Z',
		'  Owner References:',
		'    API Version:  apps/v1',
		'    Controller:   true',
		'    Kind:         StatefulSet',
		'    Name:         web',
		'Revision:         3',
		'Events:           <none>',
	]);
	const withoutEvents = DESCRIBERS.ControllerRevision({object: revision, now});
	assert.equal(withoutEvents.at(-1), 'Revision:         3', 'no Events section without events (--show-events=false)');
});

const owner = (uid: string, controller = true) => [
	{apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'x', uid, controller},
];
const pod = (name: string, phase: string, ownerReferences?: unknown[]) => ({
	metadata: {name, ownerReferences},
	status: {phase},
});

const template = {metadata: {labels: {app: 'db'}}, spec: {containers: [{name: 'pg', image: 'postgres:16'}]}};

test('a StatefulSet: replicas, partition and maxUnavailable, pods it controls by phase, volume claims', () => {
	const set = {
		metadata: {name: 'db', namespace: 'data', uid: 'u1'},
		spec: {
			replicas: 4,
			selector: {matchLabels: {app: 'db'}},
			updateStrategy: {type: 'RollingUpdate', rollingUpdate: {partition: 2, maxUnavailable: '25%'}},
			template,
		},
		status: {replicas: 3},
	};
	const related = [
		pod('db-0', 'Running', owner('u1')),
		pod('db-1', 'Pending', owner('u1')),
		pod('db-2', 'Failed', owner('u1')),
		pod('db-3', 'Unknown', owner('u1')),
		pod('stray', 'Running'),
		pod('other', 'Running', owner('u2')),
		pod('not-controller', 'Running', owner('u1', false)),
	];
	const lines = DESCRIBERS.StatefulSet({object: set, related, now});
	assert.deepEqual(lines.slice(0, 12), [
		'Name:               db',
		'Namespace:          data',
		'CreationTimestamp:  Mon, 01 Jan 0001 00:00:00 +0000',
		'Selector:           app=db',
		'Labels:             <none>',
		'Annotations:        <none>',
		'Replicas:           4 desired | 3 total',
		'Update Strategy:    RollingUpdate',
		'  Partition:        2',
		'  MaxUnavailable:   25%',
		'Pods Status:        1 Running / 1 Waiting / 0 Succeeded / 1 Failed',
		'Pod Template:',
	]);
	assert.equal(lines.at(-1), 'Volume Claims:     <none>', 'aligned with the pod template lines above it');

	const onDelete = {...set, spec: {...set.spec, updateStrategy: {type: 'OnDelete'}}};
	const strategy = DESCRIBERS.StatefulSet({object: onDelete, now}).filter(line => /Update|Partition/.test(line));
	assert.deepEqual(strategy, ['Update Strategy:    OnDelete']);
	const withoutPartition = {
		...set,
		spec: {...set.spec, updateStrategy: {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 1}}},
	};
	assert.ok(
		!DESCRIBERS.StatefulSet({object: withoutPartition, now}).some(line => line.includes('MaxUnavailable')),
		'kubectl shows maxUnavailable only beside a partition',
	);
});

test('volume claims: the class from the beta annotation first, <default> capacity, access modes as Go prints a list', () => {
	const w = new DescribeWriter();
	describeVolumeClaimTemplates(w, [
		{
			metadata: {name: 'data', annotations: {'volume.beta.kubernetes.io/storage-class': ''}},
			spec: {storageClassName: 'fast', accessModes: ['ReadWriteOnce', 'ReadWriteOncePod']},
		},
		{metadata: {name: 'logs', labels: {b: '2', a: '1'}}, spec: {resources: {requests: {storage: '2Gi'}}}},
	]);
	assert.deepEqual(w.lines(), [
		'Volume Claims:',
		'  Name:          data',
		'  StorageClass:  ',
		'  Labels:        <none>',
		'  Annotations:   volume.beta.kubernetes.io/storage-class=',
		'  Capacity:      <default>',
		'  Access Modes:  [ReadWriteOnce ReadWriteOncePod]',
		'  Name:          logs',
		'  StorageClass:  ',
		'  Labels:        a=1',
		'                 b=2',
		'  Annotations:   <none>',
		'  Capacity:      2Gi',
		'  Access Modes:  []',
	]);
});

test('a DaemonSet: node selector, the scheduling counts, pods it controls', () => {
	const daemon = {
		metadata: {name: 'agent', namespace: 'ops', uid: 'd1', labels: {app: 'agent'}},
		spec: {selector: {matchLabels: {app: 'agent'}}, template},
		status: {desiredNumberScheduled: 3, currentNumberScheduled: 2, updatedNumberScheduled: 1, numberAvailable: 1},
	};
	const lines = DESCRIBERS.DaemonSet({
		object: daemon,
		related: [pod('a', 'Running', owner('d1')), pod('b', 'Succeeded', owner('d1')), pod('c', 'Running')],
		now,
	});
	assert.deepEqual(lines.slice(0, 11), [
		'Name:           agent',
		'Selector:       app=agent',
		'Node-Selector:  <none>',
		'Labels:         app=agent',
		'Annotations:    <none>',
		'Desired Number of Nodes Scheduled: 3',
		'Current Number of Nodes Scheduled: 2',
		'Number of Nodes Scheduled with Up-to-date Pods: 1',
		'Number of Nodes Scheduled with Available Pods: 1',
		'Number of Nodes Misscheduled: 0',
		'Pods Status:  1 Running / 0 Waiting / 1 Succeeded / 0 Failed',
	]);
});

test("ESC and CR are written as kubectl's printers write them, before the columns are measured", () => {
	const set = {
		metadata: {name: 'db', annotations: {a: '\u001b[2J\r'}},
		spec: {replicas: 1, selector: {matchLabels: {app: 'db'}}, template},
	};
	const lines = DESCRIBERS.StatefulSet({object: set, now});
	assert.ok(lines.includes('Annotations:        a: ^[[2J\\r'), lines.join('\n'));
	assert.ok(!lines.some(line => /[\u001b\r]/.test(line)));
});

test("tabwriter: a vertical tab ends a cell, a form feed ends a line and every block, as in Go's tabwriter", () => {
	assert.equal(tabwrite('a\tb\vc\nxx\ty\n'), 'a   b  c\nxx  y\n');
	assert.equal(tabwrite('a\tb\nccc\td\n'), 'a    b\nccc  d\n');
	assert.equal(tabwrite('a\tb\fccc\td\n'), 'a  b\nccc  d\n');
	assert.equal(tabwrite('a\tb\nrest'), 'a  b\nrest', 'an unterminated last line stays as it is');
});
