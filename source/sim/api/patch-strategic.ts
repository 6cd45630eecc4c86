import {copyJson, ownMember, setMember} from '../json.js';
// Strategic merge patch (apimachinery/pkg/util/strategicpatch) for the kinds the simulator
// serves: lists with a patchMergeKey merge element by element, `$patch: delete|replace`,
// `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`, `$retainKeys`, null deletes.
type JsonMap = Record<string, unknown>;

export class StrategicPatchError extends Error {}

/** patchMergeKey of the lists that merge, by field name (the same names mean the same types here). */
const MERGE_KEYS: Record<string, string> = {
	containers: 'name',
	initContainers: 'name',
	ephemeralContainers: 'name',
	volumes: 'name',
	env: 'name',
	ports: 'containerPort',
	volumeMounts: 'mountPath',
	volumeDevices: 'devicePath',
	imagePullSecrets: 'name',
	ownerReferences: 'uid',
	conditions: 'type',
	hostAliases: 'ip',
	topologySpreadConstraints: 'topologyKey',
	resourceClaims: 'name',
};

/** Lists of scalars with patchStrategy merge (union). */
const MERGING_PRIMITIVE_LISTS = new Set(['finalizers']);

const isMap = (value: unknown): value is JsonMap =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

/** Applies a strategic merge patch to a copy of `original`. */
export function applyStrategicMergePatch(original: unknown, patch: unknown): unknown {
	if (!isMap(patch)) throw new StrategicPatchError('strategic merge patch must be a JSON object');
	const merged = mergeMap(isMap(original) ? copyJson(original) : {}, patch);
	return merged ?? {};
}

function mergeMap(original: JsonMap, patch: JsonMap): JsonMap | undefined {
	const directive = patch.$patch;
	if (directive === 'delete') return undefined;
	if (directive === 'replace') {
		const replacement = copyJson(patch);
		delete replacement.$patch;
		return stripDirectives(replacement) as JsonMap;
	}
	if (directive !== undefined && directive !== 'merge')
		throw new StrategicPatchError(`Unknown patch type: ${String(directive)}`);

	const result = original;
	for (const [key, value] of Object.entries(patch)) {
		if (key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ORDER) || key.startsWith(DELETE_PRIMITIVE))
			continue;
		if (value === null) {
			delete result[key];
			continue;
		}
		const current = ownMember(result, key);
		if (isMap(value)) {
			if (value.$patch === 'delete') {
				delete result[key];
				continue;
			}
			const merged = mergeMap(isMap(current) ? current : {}, value);
			if (merged === undefined) delete result[key];
			else setMember(result, key, merged);
		} else if (Array.isArray(value)) {
			setMember(result, key, mergeList(key, Array.isArray(current) ? current : [], value));
		} else {
			setMember(result, key, value);
		}
	}
	for (const [key, value] of Object.entries(patch)) {
		if (key.startsWith(DELETE_PRIMITIVE) && Array.isArray(value)) {
			const list = key.slice(DELETE_PRIMITIVE.length);
			if (Array.isArray(result[list])) result[list] = (result[list] as unknown[]).filter(item => !value.includes(item));
		}
	}
	for (const [key, order] of Object.entries(patch)) {
		if (key.startsWith(SET_ORDER) && Array.isArray(order)) {
			const list = key.slice(SET_ORDER.length);
			if (Array.isArray(result[list])) result[list] = applyOrder(list, result[list] as unknown[], order);
		}
	}
	if (Array.isArray(patch.$retainKeys)) {
		const keep = new Set(patch.$retainKeys as string[]);
		for (const key of Object.keys(result)) if (!keep.has(key)) delete result[key];
	}
	return result;
}

function mergeList(field: string, original: unknown[], patch: unknown[]): unknown[] {
	const mergeKey = MERGE_KEYS[field];
	const replaceDirective = patch.find(
		item => isMap(item) && item.$patch === 'replace' && Object.keys(item).length === 1,
	);
	if (replaceDirective) return stripDirectives(patch.filter(item => item !== replaceDirective)) as unknown[];
	if (mergeKey && patch.every(isMap)) {
		const result = [...original];
		for (const item of patch as JsonMap[]) {
			if (!(mergeKey in item)) {
				throw new StrategicPatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
			}
			const index = result.findIndex(existing => isMap(existing) && existing[mergeKey] === item[mergeKey]);
			if (item.$patch === 'delete') {
				if (index >= 0) result.splice(index, 1);
				continue;
			}
			if (index >= 0) {
				const merged = mergeMap(result[index] as JsonMap, item);
				if (merged === undefined) result.splice(index, 1);
				else result[index] = merged;
			} else {
				result.push(stripDirectives(copyJson(item)));
			}
		}
		return result;
	}
	if (MERGING_PRIMITIVE_LISTS.has(field)) {
		const result = [...original];
		for (const item of patch) if (!result.includes(item)) result.push(item);
		return result;
	}
	return stripDirectives(copyJson(patch)) as unknown[];
}

/** Orders a merged list by `$setElementOrder`; elements the order does not name keep their place after the named ones. */
function applyOrder(field: string, list: unknown[], order: unknown[]): unknown[] {
	const mergeKey = MERGE_KEYS[field];
	const identity = (item: unknown) => (mergeKey && isMap(item) ? item[mergeKey] : item);
	const wanted = order.map(entry => (mergeKey && isMap(entry) ? entry[mergeKey] : entry));
	const named: unknown[] = [];
	for (const key of wanted) {
		const found = list.find(item => identity(item) === key);
		if (found !== undefined && !named.includes(found)) named.push(found);
	}
	const rest = list.filter(item => !named.includes(item));
	return [...named, ...rest];
}

/** Drops directive keys from values copied from the patch. */
function stripDirectives(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(stripDirectives);
	if (!isMap(value)) return value;
	const result: JsonMap = {};
	for (const [key, inner] of Object.entries(value)) {
		if (key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ORDER) || key.startsWith(DELETE_PRIMITIVE))
			continue;
		if (inner === null) continue;
		result[key] = stripDirectives(inner);
	}
	return result;
}
