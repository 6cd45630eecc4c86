// The schema-driven protobuf decoder: envelope, zero values as unset, pointers kept, negative
// varints, packed and unknown fields, maps, IntOrString, and malformed input.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
	decodeKubernetesProtobuf,
	encodeEnvelope,
	encodeFields,
	ProtobufError,
	type ProtoField,
} from '../source/sim/api/protobuf.js';

const deployment = (fields: ProtoField[]) =>
	decodeKubernetesProtobuf(encodeEnvelope('apps/v1', 'Deployment', encodeFields(fields))) as any;
const intOrString = (value: number | string): ProtoField[] =>
	typeof value === 'number'
		? [
				[1, 0],
				[2, value],
			]
		: [
				[1, 1],
				[3, value],
			];

/** A Deployment whose template has one container with the given fields. */
const podWithContainer = (container: ProtoField[]): ProtoField[] => [[2, [[3, [[2, [[2, container]]]]]]]];
const mapEntry = (field: number, key: string, value: ProtoField[]): ProtoField => [
	field,
	[
		[1, key],
		[2, value],
	],
];

const cases: {name: string; fields: ProtoField[]; expected: Record<string, unknown>}[] = [
	{
		name: 'zero-valued non-pointer scalars are unset',
		fields: [
			[
				1,
				[
					[1, 'web'],
					[2, ''],
					[7, 0],
				],
			],
			[
				2,
				[
					[4, [[1, '']]],
					[5, 0],
					[7, false],
				],
			],
		],
		expected: {metadata: {name: 'web'}, spec: {strategy: {}}},
	},
	{
		name: 'pointer fields keep zero (replicas 0, revisionHistoryLimit 0)',
		fields: [
			[1, [[1, 'web']]],
			[
				2,
				[
					[1, 0],
					[6, 0],
				],
			],
		],
		expected: {metadata: {name: 'web'}, spec: {replicas: 0, revisionHistoryLimit: 0}},
	},
	{
		name: 'maps become objects (labels, annotations, matchLabels)',
		fields: [
			[
				1,
				[
					[1, 'web'],
					[
						11,
						[
							[1, 'app'],
							[2, 'web'],
						],
					],
					[
						11,
						[
							[1, 'tier'],
							[2, ''],
						],
					],
					[
						12,
						[
							[1, 'note'],
							[2, 'x'],
						],
					],
				],
			],
			[
				2,
				[
					[
						2,
						[
							[
								1,
								[
									[1, 'app'],
									[2, 'web'],
								],
							],
						],
					],
				],
			],
		],
		expected: {
			metadata: {name: 'web', labels: {app: 'web', tier: ''}, annotations: {note: 'x'}},
			spec: {selector: {matchLabels: {app: 'web'}}},
		},
	},
	{
		name: 'IntOrString as int and as percent',
		fields: [
			[
				2,
				[
					[
						4,
						[
							[1, 'RollingUpdate'],
							[
								2,
								[
									[1, intOrString(0)],
									[2, intOrString('50%')],
								],
							],
						],
					],
				],
			],
		],
		expected: {spec: {strategy: {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 0, maxSurge: '50%'}}}},
	},
	{
		name: 'negative int32 arrives sign-extended',
		fields: [[2, [[1, -1]]]],
		expected: {spec: {replicas: -1}},
	},
	{
		name: 'repeated messages and strings; probe handler inlined',
		fields: [
			[
				2,
				[
					[
						3,
						[
							[
								2,
								[
									[
										2,
										[
											[1, 'a'],
											[2, 'nginx'],
											[4, 'x'],
											[4, 'y'],
											[
												6,
												[
													[3, 80],
													[4, 'TCP'],
												],
											],
											[6, [[3, 443]]],
											[
												7,
												[
													[1, 'K'],
													[2, 'V'],
												],
											],
											[
												11,
												[
													[
														1,
														[
															[
																2,
																[
																	[1, '/healthz'],
																	[2, intOrString(8080)],
																],
															],
														],
													],
													[2, 5],
												],
											],
										],
									],
									[
										2,
										[
											[1, 'b'],
											[2, 'busybox'],
										],
									],
									[4, 45],
								],
							],
						],
					],
				],
			],
		],
		expected: {
			spec: {
				template: {
					spec: {
						containers: [
							{
								name: 'a',
								image: 'nginx',
								args: ['x', 'y'],
								ports: [{containerPort: 80, protocol: 'TCP'}, {containerPort: 443}],
								env: [{name: 'K', value: 'V'}],
								readinessProbe: {httpGet: {path: '/healthz', port: 8080}, initialDelaySeconds: 5},
							},
							{name: 'b', image: 'busybox'},
						],
						terminationGracePeriodSeconds: 45,
					},
				},
			},
		},
	},
	{
		name: 'unknown fields and the status are skipped',
		fields: [
			[
				1,
				[
					[1, 'web'],
					[99, 'ignored'],
					[98, 7],
				],
			],
			[
				3,
				[
					[1, 5],
					[2, 3],
				],
			],
			[77, [[1, 'x']]],
		],
		expected: {metadata: {name: 'web'}, status: undefined},
	},
	{
		name: 'resource quantities',
		fields: podWithContainer([
			[1, 'a'],
			[2, 'x'],
			[8, [mapEntry(1, 'cpu', [[1, '500m']]), mapEntry(2, 'memory', [[1, '64Mi']])]],
		]),
		expected: {
			spec: {
				template: {
					spec: {containers: [{name: 'a', image: 'x', resources: {limits: {cpu: '500m'}, requests: {memory: '64Mi'}}}]},
				},
			},
		},
	},
];

for (const c of cases) {
	test(`protobuf: ${c.name}`, () => {
		const decoded = deployment(c.fields);
		assert.equal(decoded.apiVersion, 'apps/v1');
		assert.equal(decoded.kind, 'Deployment');
		for (const [key, value] of Object.entries(c.expected)) assert.deepEqual(decoded[key], value, key);
	});
}

test('protobuf: Scale bodies decode', () => {
	const scale = decodeKubernetesProtobuf(
		encodeEnvelope(
			'autoscaling/v1',
			'Scale',
			encodeFields([
				[
					1,
					[
						[1, 'web'],
						[6, '42'],
					],
				],
				[2, [[1, 3]]],
			]),
		),
	) as any;
	assert.deepEqual(scale, {
		apiVersion: 'autoscaling/v1',
		kind: 'Scale',
		metadata: {name: 'web', resourceVersion: '42'},
		spec: {replicas: 3},
	});
});

const malformed: [string, Buffer][] = [
	['no magic', Buffer.from('{"kind":"Deployment"}')],
	['truncated length', Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x10, 0x01])],
	['unknown kind', encodeEnvelope('batch/v1', 'Job', new Uint8Array())],
	['bad wire type', Buffer.concat([encodeEnvelope('apps/v1', 'Deployment', Uint8Array.from([0x0f]))])],
];
for (const [name, body] of malformed) {
	test(`protobuf: ${name} is rejected`, () => assert.throws(() => decodeKubernetesProtobuf(body), ProtobufError));
}
