// JSON patch (RFC 6902) with JSON pointers (RFC 6901). Operations apply in order to a copy;
// any failure rejects the whole patch.
import {copyJson, setMember} from '../json.js';

type Json = any;

export class JsonPatchError extends Error {}

function parsePointer(pointer: string): string[] {
	if (pointer === '') return [];
	if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer "${pointer}"`);
	return pointer
		.slice(1)
		.split('/')
		.map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const isContainer = (value: unknown): value is Json => typeof value === 'object' && value !== null;

function arrayIndex(array: unknown[], token: string, allowEnd: boolean): number {
	if (allowEnd && token === '-') return array.length;
	if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new JsonPatchError(`invalid array index "${token}"`);
	const index = Number(token);
	if (index > array.length || (!allowEnd && index === array.length))
		throw new JsonPatchError(`array index ${index} out of bounds`);
	return index;
}

/** The parent container of the pointer's target and the last token. */
function resolveParent(document: Json, tokens: string[], pointer: string): {parent: Json; key: string} {
	let current = document;
	for (const token of tokens.slice(0, -1)) {
		if (Array.isArray(current)) current = current[arrayIndex(current, token, false)];
		else if (isContainer(current) && Object.hasOwn(current, token)) current = current[token];
		else throw new JsonPatchError(`doc is missing path: "${pointer}"`);
	}
	if (!isContainer(current)) throw new JsonPatchError(`doc is missing path: "${pointer}"`);
	return {parent: current, key: tokens[tokens.length - 1]!};
}

function getValue(document: Json, pointer: string): Json {
	let current = document;
	for (const token of parsePointer(pointer)) {
		if (Array.isArray(current)) current = current[arrayIndex(current, token, false)];
		else if (isContainer(current) && Object.hasOwn(current, token)) current = current[token];
		else throw new JsonPatchError(`doc is missing path: "${pointer}"`);
	}
	return current;
}

function remove(document: Json, pointer: string): {document: Json; removed: Json} {
	const tokens = parsePointer(pointer);
	if (tokens.length === 0) return {document: undefined, removed: document};
	const {parent, key} = resolveParent(document, tokens, pointer);
	if (Array.isArray(parent)) {
		const index = arrayIndex(parent, key, false);
		return {document, removed: parent.splice(index, 1)[0]};
	}
	if (!Object.hasOwn(parent, key)) throw new JsonPatchError(`unable to remove nonexistent key: ${key}: missing value`);
	const removed = parent[key];
	delete parent[key];
	return {document, removed};
}

function add(document: Json, pointer: string, value: Json): Json {
	const tokens = parsePointer(pointer);
	if (tokens.length === 0) return copyJson(value);
	const {parent, key} = resolveParent(document, tokens, pointer);
	if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, copyJson(value));
	else setMember(parent, key, copyJson(value));
	return document;
}

function replace(document: Json, pointer: string, value: Json): Json {
	const tokens = parsePointer(pointer);
	if (tokens.length === 0) return copyJson(value);
	const {parent, key} = resolveParent(document, tokens, pointer);
	if (Array.isArray(parent)) parent[arrayIndex(parent, key, false)] = copyJson(value);
	else {
		if (!Object.hasOwn(parent, key))
			throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${pointer}: missing value`);
		setMember(parent, key, copyJson(value));
	}
	return document;
}

function deepEqual(a: Json, b: Json): boolean {
	if (a === b) return true;
	if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false;
	const keysA = Object.keys(a);
	if (keysA.length !== Object.keys(b).length) return false;
	return keysA.every(key => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
}

/** Applies an RFC 6902 patch (an array of operations); throws JsonPatchError on failure. */
export function applyJsonPatch(target: Json, operations: unknown): Json {
	if (!Array.isArray(operations)) throw new JsonPatchError('json patch must be an array of operations');
	let document = copyJson(target);
	for (const operation of operations) {
		if (!isContainer(operation) || typeof operation.path !== 'string')
			throw new JsonPatchError('operation is missing "path"');
		const {op, path} = operation;
		switch (op) {
			case 'add':
				if (!('value' in operation)) throw new JsonPatchError('missing value');
				document = add(document, path, operation.value);
				break;
			case 'remove':
				document = remove(document, path).document;
				break;
			case 'replace':
				if (!('value' in operation)) throw new JsonPatchError('missing value');
				document = replace(document, path, operation.value);
				break;
			case 'move': {
				if (typeof operation.from !== 'string') throw new JsonPatchError('missing from');
				const {document: without, removed} = remove(document, operation.from);
				document = add(without, path, removed);
				break;
			}
			case 'copy':
				if (typeof operation.from !== 'string') throw new JsonPatchError('missing from');
				document = add(document, path, getValue(document, operation.from));
				break;
			case 'test':
				if (!deepEqual(getValue(document, path), operation.value))
					throw new JsonPatchError(`testing value ${path} failed: test failed`);
				break;
			default:
				throw new JsonPatchError(`Unexpected kind: ${String(op)}`);
		}
	}
	return document;
}
