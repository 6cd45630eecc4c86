// The log ring buffer (bounds, absolute line numbers, chunked input, search) and the YAML of an object.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {LOG_LINE_MAX_CHARS, LogBuffer} from '../source/model/log-buffer.js';
import {bufferLines, findLine} from '../source/model/text-view.js';
import {objectYaml} from '../source/model/yaml.js';

test('lines split across chunks are joined; CRLF ends a line; finish() keeps a last unterminated line', () => {
	const buffer = new LogBuffer();
	buffer.append('first li');
	buffer.append('ne\r\nsecond\nthi');
	assert.deepEqual(buffer.lines(), ['first line', 'second']);
	buffer.finish();
	assert.deepEqual(buffer.lines(), ['first line', 'second', 'thi']);
});

test('the ring keeps the newest lines by count, with absolute numbers', () => {
	const buffer = new LogBuffer(3, 1_000_000);
	for (let i = 0; i < 10; i++) buffer.appendLines([`line ${i}`]);
	assert.deepEqual(buffer.lines(), ['line 7', 'line 8', 'line 9']);
	assert.equal(buffer.dropped, 7);
	assert.equal(buffer.end, 10);
	assert.equal(buffer.line(8), 'line 8');
	assert.equal(buffer.line(6), undefined, 'dropped');
	assert.deepEqual(buffer.slice(5, 9), ['line 7', 'line 8']);
});

test('the ring keeps the newest lines by characters; an enormous line is cut', () => {
	const buffer = new LogBuffer(1000, 25);
	buffer.appendLines(['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc']);
	assert.deepEqual(buffer.lines(), ['bbbbbbbbbb', 'cccccccccc']);
	const big = new LogBuffer();
	big.append(`${'x'.repeat(LOG_LINE_MAX_CHARS + 10)}\n`);
	assert.equal(big.line(0), `${'x'.repeat(LOG_LINE_MAX_CHARS)} … (10 characters cut)`);
	// An endless line without a newline does not grow without bound either.
	const endless = new LogBuffer();
	for (let i = 0; i < 40; i++) endless.append('y'.repeat(1024));
	assert.ok(endless.length >= 2);
	assert.ok(endless.lines().every(line => line.length <= LOG_LINE_MAX_CHARS + 40));
});

test('an hour of streaming stays within the bounds', () => {
	const buffer = new LogBuffer();
	for (let i = 0; i < 200_000; i++) buffer.append(`INFO request ${i} "GET /api/items/${i} HTTP/1.1" 200 1.2ms\n`);
	assert.equal(buffer.length, 10_000);
	assert.equal(buffer.line(199_999)?.startsWith('INFO request 199999 '), true);
	assert.equal(buffer.dropped, 190_000);
});

test('findLine over a ring: wraps and goes both ways, case-insensitively; count counts kept lines', () => {
	const buffer = new LogBuffer(4, 1_000_000);
	buffer.appendLines(['zero', 'ERROR one', 'two', 'error three', 'four', 'five']);
	assert.deepEqual(buffer.lines(), ['two', 'error three', 'four', 'five']);
	const source = bufferLines(buffer);
	assert.equal(findLine(source, 'ERROR', 3), 3, 'wraps around to the only hit');
	assert.equal(findLine(source, 'f', 3), 4);
	assert.equal(findLine(source, 'f', 4), 5);
	assert.equal(findLine(source, 'f', 5), 4, 'wraps');
	assert.equal(findLine(source, 'f', 4, true), 5, 'backwards wraps');
	assert.equal(findLine(source, 'missing', 2), undefined);
	assert.equal(findLine(source, 'two', 1), 2, 'from before the first kept line');
	assert.equal(buffer.count('E'), 2, '"error three" and "five"');
});

test('objectYaml: keys sorted, managedFields hidden, sequences flush with their key, ambiguous strings quoted', () => {
	const lines = objectYaml({
		kind: 'Pod',
		apiVersion: 'v1',
		metadata: {
			name: 'web',
			creationTimestamp: '2026-11-23T08:00:00Z',
			labels: {version: '1.0', enabled: 'true'},
			managedFields: [{manager: 'kubectl'}],
		},
		spec: {containers: [{name: 'web', image: 'nginx', ports: [{containerPort: 80}]}]},
		status: {conditions: []},
	});
	assert.deepEqual(lines, [
		'apiVersion: v1',
		'kind: Pod',
		'metadata:',
		'  creationTimestamp: "2026-11-23T08:00:00Z"',
		'  labels:',
		'    enabled: "true"',
		'    version: "1.0"',
		'  name: web',
		'spec:',
		'  containers:',
		'  - image: nginx',
		'    name: web',
		'    ports:',
		'    - containerPort: 80',
		'status:',
		'  conditions: []',
	]);
});
