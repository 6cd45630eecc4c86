// Table-driven tests of the three patch kinds the API server accepts.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {applyJsonPatch, JsonPatchError} from '../source/sim/api/patch-json.js';
import {applyMergePatch} from '../source/sim/api/patch-merge.js';
import {applyStrategicMergePatch} from '../source/sim/api/patch-strategic.js';

const mergeCases: {name: string; target: unknown; patch: unknown; expected: unknown}[] = [
	// RFC 7386 appendix A examples
	{name: 'replace value', target: {a: 'b'}, patch: {a: 'c'}, expected: {a: 'c'}},
	{name: 'add member', target: {a: 'b'}, patch: {b: 'c'}, expected: {a: 'b', b: 'c'}},
	{name: 'null deletes', target: {a: 'b'}, patch: {a: null}, expected: {}},
	{name: 'null deletes one of two', target: {a: 'b', b: 'c'}, patch: {a: null}, expected: {b: 'c'}},
	{name: 'array replaces', target: {a: ['b']}, patch: {a: 'c'}, expected: {a: 'c'}},
	{name: 'value becomes array', target: {a: 'c'}, patch: {a: ['b']}, expected: {a: ['b']}},
	{name: 'nested merge', target: {a: {b: 'c'}}, patch: {a: {b: 'd', c: null}}, expected: {a: {b: 'd'}}},
	{name: 'arrays are not merged', target: {a: [{b: 'c'}]}, patch: {a: [1]}, expected: {a: [1]}},
	{name: 'non-object patch replaces', target: {a: 'foo'}, patch: 'bar', expected: 'bar'},
	{name: 'null inside new object dropped', target: {e: null}, patch: {a: 1}, expected: {e: null, a: 1}},
	{name: 'patch on scalar target', target: ['c'], patch: {a: {bb: {ccc: null}}}, expected: {a: {bb: {}}}},
	{
		name: 'kubectl scale',
		target: {spec: {replicas: 1}, status: {replicas: 1}},
		patch: {spec: {replicas: 5}},
		expected: {spec: {replicas: 5}, status: {replicas: 1}},
	},
];

for (const c of mergeCases) {
	test(`merge patch: ${c.name}`, () => {
		const before = structuredClone(c.target);
		assert.deepEqual(applyMergePatch(c.target, c.patch), c.expected);
		assert.deepEqual(c.target, before, 'the target is not modified');
	});
}

test('every patch kind: a member named __proto__ is data, and no prototype changes', () => {
	const patch = JSON.parse('{"metadata":{"__proto__":{"polluted":"yes"}},"__proto__":{"polluted":"yes"}}');
	const expected = '{"metadata":{"name":"web","__proto__":{"polluted":"yes"}},"__proto__":{"polluted":"yes"}}';
	const results = {
		merge: applyMergePatch({metadata: {name: 'web'}}, patch),
		strategic: applyStrategicMergePatch({metadata: {name: 'web'}}, patch),
		json: applyJsonPatch({metadata: {name: 'web'}}, [
			{op: 'add', path: '/metadata/__proto__', value: {polluted: 'yes'}},
			{op: 'add', path: '/__proto__', value: {polluted: 'yes'}},
		]),
	};
	for (const [kind, result] of Object.entries(results)) {
		assert.equal(({} as Record<string, unknown>).polluted, undefined, `${kind}: Object.prototype is untouched`);
		assert.equal(Object.getPrototypeOf(result), Object.prototype, kind);
		assert.equal(JSON.stringify(result), expected, kind);
	}
});

const jsonCases: {name: string; target: unknown; patch: unknown; expected?: unknown; error?: RegExp}[] = [
	{
		name: 'add to object',
		target: {foo: 'bar'},
		patch: [{op: 'add', path: '/baz', value: 'qux'}],
		expected: {foo: 'bar', baz: 'qux'},
	},
	{
		name: 'add into array',
		target: {foo: ['bar', 'baz']},
		patch: [{op: 'add', path: '/foo/1', value: 'qux'}],
		expected: {foo: ['bar', 'qux', 'baz']},
	},
	{name: 'append with -', target: {foo: [1]}, patch: [{op: 'add', path: '/foo/-', value: 2}], expected: {foo: [1, 2]}},
	{name: 'remove', target: {baz: 'qux', foo: 'bar'}, patch: [{op: 'remove', path: '/baz'}], expected: {foo: 'bar'}},
	{
		name: 'remove array element',
		target: {foo: ['bar', 'qux', 'baz']},
		patch: [{op: 'remove', path: '/foo/1'}],
		expected: {foo: ['bar', 'baz']},
	},
	{
		name: 'replace',
		target: {baz: 'qux', foo: 'bar'},
		patch: [{op: 'replace', path: '/baz', value: 'boo'}],
		expected: {baz: 'boo', foo: 'bar'},
	},
	{
		name: 'move',
		target: {foo: {bar: 'baz', waldo: 'fred'}, qux: {corge: 'grault'}},
		patch: [{op: 'move', from: '/foo/waldo', path: '/qux/thud'}],
		expected: {foo: {bar: 'baz'}, qux: {corge: 'grault', thud: 'fred'}},
	},
	{name: 'copy', target: {a: {b: 1}}, patch: [{op: 'copy', from: '/a', path: '/c'}], expected: {a: {b: 1}, c: {b: 1}}},
	{
		name: 'test passes',
		target: {a: [1, {b: 2}]},
		patch: [{op: 'test', path: '/a', value: [1, {b: 2}]}],
		expected: {a: [1, {b: 2}]},
	},
	{name: 'test fails', target: {a: 1}, patch: [{op: 'test', path: '/a', value: 2}], error: /test failed/},
	{
		name: 'escaped pointer',
		target: {'a/b': 1, 'm~n': 2},
		patch: [
			{op: 'replace', path: '/a~1b', value: 3},
			{op: 'remove', path: '/m~0n'},
		],
		expected: {'a/b': 3},
	},
	{name: 'replace missing key fails', target: {}, patch: [{op: 'replace', path: '/x', value: 1}], error: /missing/},
	{
		name: 'add under missing parent fails',
		target: {},
		patch: [{op: 'add', path: '/a/b', value: 1}],
		error: /missing path/,
	},
	{name: 'unknown op', target: {}, patch: [{op: 'frobnicate', path: '/a'}], error: /Unexpected kind/},
	{name: 'not an array', target: {}, patch: {op: 'add'}, error: /array/},
	{
		name: 'failure is atomic',
		target: {a: 1},
		patch: [
			{op: 'replace', path: '/a', value: 2},
			{op: 'remove', path: '/zzz'},
		],
		error: /nonexistent/,
	},
	{
		name: 'kubectl rollout undo (creationTimestamp null, resources {})',
		target: {
			metadata: {name: 'nginx', annotations: {'deployment.kubernetes.io/revision': '3', keep: 'no'}},
			spec: {
				template: {metadata: {labels: {app: 'nginx'}}, spec: {containers: [{name: 'nginx', image: 'nginx:1.17'}]}},
			},
		},
		patch: [
			{
				op: 'replace',
				path: '/spec/template',
				value: {
					metadata: {creationTimestamp: null, labels: {app: 'nginx'}},
					spec: {containers: [{name: 'nginx', image: 'nginx:1.16', resources: {}}]},
				},
			},
			{op: 'replace', path: '/metadata/annotations', value: {'deployment.kubernetes.io/revision': '2'}},
		],
		expected: {
			metadata: {name: 'nginx', annotations: {'deployment.kubernetes.io/revision': '2'}},
			spec: {
				template: {
					metadata: {creationTimestamp: null, labels: {app: 'nginx'}},
					spec: {containers: [{name: 'nginx', image: 'nginx:1.16', resources: {}}]},
				},
			},
		},
	},
];

for (const c of jsonCases) {
	test(`json patch: ${c.name}`, () => {
		const before = structuredClone(c.target);
		if (c.error)
			assert.throws(
				() => applyJsonPatch(c.target, c.patch),
				(error: Error) => error instanceof JsonPatchError && c.error!.test(error.message),
			);
		else assert.deepEqual(applyJsonPatch(c.target, c.patch), c.expected);
		assert.deepEqual(c.target, before, 'the target is not modified');
	});
}

const pod = (containers: unknown[]) => ({spec: {template: {spec: {containers}}}});

const strategicCases: {name: string; target: unknown; patch: unknown; expected: unknown}[] = [
	{
		name: 'kubectl set image merges containers by name',
		target: pod([
			{name: 'nginx', image: 'nginx:1.17', ports: [{containerPort: 80}]},
			{name: 'side', image: 'busybox'},
		]),
		patch: {
			spec: {
				template: {
					spec: {
						'$setElementOrder/containers': [{name: 'nginx'}, {name: 'side'}],
						containers: [{image: 'nginx:1.18', name: 'nginx'}],
					},
				},
			},
		},
		expected: pod([
			{name: 'nginx', image: 'nginx:1.18', ports: [{containerPort: 80}]},
			{name: 'side', image: 'busybox'},
		]),
	},
	{
		name: 'new list element is appended',
		target: pod([{name: 'a', image: 'a'}]),
		patch: {spec: {template: {spec: {containers: [{name: 'b', image: 'b'}]}}}},
		expected: pod([
			{name: 'a', image: 'a'},
			{name: 'b', image: 'b'},
		]),
	},
	{
		name: '$setElementOrder reorders',
		target: pod([
			{name: 'a', image: 'a'},
			{name: 'b', image: 'b'},
		]),
		patch: {spec: {template: {spec: {'$setElementOrder/containers': [{name: 'b'}, {name: 'a'}]}}}},
		expected: pod([
			{name: 'b', image: 'b'},
			{name: 'a', image: 'a'},
		]),
	},
	{
		name: '$patch: delete removes a list element',
		target: pod([
			{name: 'a', image: 'a'},
			{name: 'b', image: 'b'},
		]),
		patch: {spec: {template: {spec: {containers: [{name: 'a', $patch: 'delete'}]}}}},
		expected: pod([{name: 'b', image: 'b'}]),
	},
	{
		name: '$patch: replace replaces a list',
		target: pod([
			{name: 'a', image: 'a'},
			{name: 'b', image: 'b'},
		]),
		patch: {spec: {template: {spec: {containers: [{name: 'c', image: 'c'}, {$patch: 'replace'}]}}}},
		expected: pod([{name: 'c', image: 'c'}]),
	},
	{
		name: '$patch: replace on a map',
		target: {spec: {selector: {matchLabels: {a: '1', b: '2'}}}},
		patch: {spec: {selector: {matchLabels: {c: '3', $patch: 'replace'}}}},
		expected: {spec: {selector: {matchLabels: {c: '3'}}}},
	},
	{
		name: '$patch: delete on a map',
		target: {spec: {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1}}}},
		patch: {spec: {strategy: {rollingUpdate: {$patch: 'delete'}}}},
		expected: {spec: {strategy: {type: 'RollingUpdate'}}},
	},
	{
		name: 'null deletes (kubectl rollout resume)',
		target: {spec: {paused: true, replicas: 2}},
		patch: {spec: {paused: null}},
		expected: {spec: {replicas: 2}},
	},
	{
		name: 'ports merge by containerPort, env by name',
		target: pod([
			{
				name: 'a',
				ports: [{containerPort: 80, name: 'http'}],
				env: [
					{name: 'X', value: '1'},
					{name: 'Y', value: '2'},
				],
			},
		]),
		patch: {
			spec: {
				template: {
					spec: {
						containers: [
							{
								name: 'a',
								ports: [{containerPort: 80, protocol: 'TCP'}, {containerPort: 443}],
								env: [{name: 'Y', value: '3'}],
							},
						],
					},
				},
			},
		},
		expected: pod([
			{
				name: 'a',
				ports: [{containerPort: 80, name: 'http', protocol: 'TCP'}, {containerPort: 443}],
				env: [
					{name: 'X', value: '1'},
					{name: 'Y', value: '3'},
				],
			},
		]),
	},
	{
		name: 'lists without a merge key replace (args)',
		target: pod([{name: 'a', args: ['x', 'y']}]),
		patch: {spec: {template: {spec: {containers: [{name: 'a', args: ['z']}]}}}},
		expected: pod([{name: 'a', args: ['z']}]),
	},
	{
		name: 'rollout restart annotation',
		target: {spec: {template: {metadata: {labels: {app: 'x'}}}}},
		patch: {spec: {template: {metadata: {annotations: {'kubectl.kubernetes.io/restartedAt': '2026-11-23T07:56:58Z'}}}}},
		expected: {
			spec: {
				template: {
					metadata: {labels: {app: 'x'}, annotations: {'kubectl.kubernetes.io/restartedAt': '2026-11-23T07:56:58Z'}},
				},
			},
		},
	},
	{
		name: '$retainKeys drops unlisted keys (strategy switch to Recreate)',
		target: {spec: {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1}}}},
		patch: {spec: {strategy: {$retainKeys: ['type'], type: 'Recreate'}}},
		expected: {spec: {strategy: {type: 'Recreate'}}},
	},
	{
		name: '$deleteFromPrimitiveList and finalizers union',
		target: {metadata: {finalizers: ['a', 'b']}},
		patch: {metadata: {finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['a']}},
		expected: {metadata: {finalizers: ['b', 'c']}},
	},
	{name: 'empty patch is a no-op', target: {a: 1}, patch: {}, expected: {a: 1}},
];

for (const c of strategicCases) {
	test(`strategic merge patch: ${c.name}`, () => {
		const before = structuredClone(c.target);
		assert.deepEqual(applyStrategicMergePatch(c.target, c.patch), c.expected);
		assert.deepEqual(c.target, before, 'the target is not modified');
	});
}

test('strategic merge patch: a list element without its merge key is rejected', () => {
	assert.throws(
		() => applyStrategicMergePatch(pod([{name: 'a'}]), {spec: {template: {spec: {containers: [{image: 'x'}]}}}}),
		/merge key: name/,
	);
});
