// The simulator's JSON copy and equality, against the definitions they replace: structuredClone, and the text of
// the value with its keys sorted (undefined members dropped, as JSON.stringify drops them).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {copyJson, jsonEqual} from '../source/sim/json.js';

/** The JSON text of a value with sorted keys: two values are equal when these are. */
function sortedJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value)
			.filter(([, member]) => member !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${sortedJson(member)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

// Small alphabets, so that random pairs are often equal or nearly so.
const leaf = fc.oneof(fc.constantFrom(0, 1, 'a', 'b', '', true, false, null, undefined));
const json = fc.letrec(tie => ({
	value: fc.oneof({depthSize: 'small'}, leaf, tie('array'), tie('object')),
	array: fc.array(tie('value'), {maxLength: 3}),
	object: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), {maxKeys: 3}),
})).value;

test('jsonEqual agrees with comparing sorted JSON text', () => {
	fc.assert(
		fc.property(json, json, (a, b) => {
			assert.equal(jsonEqual(a, b), sortedJson(a) === sortedJson(b), `${sortedJson(a)} vs ${sortedJson(b)}`);
		}),
		{numRuns: 5000},
	);
	// The same value with its keys in another order, as a patched object has them.
	fc.assert(
		fc.property(json, a => {
			const reordered = JSON.parse(JSON.stringify(a ?? null), (_key, value: unknown) =>
				value && typeof value === 'object' && !Array.isArray(value)
					? Object.fromEntries(Object.entries(value).reverse())
					: value,
			) as unknown;
			assert.equal(jsonEqual(a, reordered), true);
		}),
	);
});

const cases: {name: string; a: unknown; b: unknown; equal: boolean}[] = [
	{name: 'an undefined member is absent', a: {x: 1, y: undefined}, b: {x: 1}, equal: true},
	{name: 'a null member is not absent', a: {x: 1, y: null}, b: {x: 1}, equal: false},
	{name: 'null against an undefined member', a: {y: null}, b: {y: undefined}, equal: false},
	{name: 'a whole undefined is null', a: undefined, b: null, equal: true},
	{name: 'an array is not an object', a: [], b: {}, equal: false},
	{name: 'numbers are not strings', a: {replicas: 1}, b: {replicas: '1'}, equal: false},
	{name: 'arrays keep their order', a: [1, 2], b: [2, 1], equal: false},
	{name: 'an inherited name is not a member', a: {constructor: 1}, b: {}, equal: false},
];
for (const c of cases) {
	test(`jsonEqual: ${c.name}`, () => {
		assert.equal(jsonEqual(c.a, c.b), c.equal);
		assert.equal(jsonEqual(c.b, c.a), c.equal);
	});
}

test('copyJson copies deeply: equal to structuredClone, sharing no object with the original', () => {
	fc.assert(
		fc.property(json, value => {
			const copy = copyJson(value);
			assert.deepEqual(copy, structuredClone(value));
			const originals = new Set<object>();
			const collect = (v: unknown, into: Set<object>) => {
				if (v && typeof v === 'object') {
					into.add(v);
					for (const member of Object.values(v)) collect(member, into);
				}
			};
			collect(value, originals);
			const copies = new Set<object>();
			collect(copy, copies);
			for (const object of copies) assert.equal(originals.has(object), false, 'an object is shared');
		}),
	);
});

test('copyJson copies what is not plain JSON as structuredClone does', () => {
	const at = new Date('2026-12-03T10:00:00Z');
	const copy = copyJson({at, bytes: Buffer.from('ab')});
	assert.ok(copy.at instanceof Date);
	assert.notEqual(copy.at, at);
	assert.equal(copy.at.getTime(), at.getTime());
	assert.deepEqual([...copy.bytes], [97, 98]);
});

test('copyJson keeps a member named __proto__ as data', () => {
	const value = JSON.parse('{"a":{"__proto__":{"polluted":"yes"}}}') as {a: Record<string, unknown>};
	const copy = copyJson(value);
	assert.equal(Object.getPrototypeOf(copy.a), Object.prototype);
	assert.equal(copy.a.polluted, undefined);
	assert.equal(JSON.stringify(copy), JSON.stringify(value));
});
