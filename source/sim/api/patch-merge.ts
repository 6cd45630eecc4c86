// JSON merge patch (RFC 7386): objects merge recursively, null deletes, anything else replaces.
import {copyJson, ownMember, setMember} from '../json.js';

type Json = unknown;

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Returns the patched document; the inputs are not modified. */
export function applyMergePatch(target: Json, patch: Json): Json {
	if (!isObject(patch)) return copyJson(patch);
	return mergeInto(isObject(target) ? copyJson(target) : {}, patch);
}

/** Merges `patch` into `result`, a copy the caller owns: the target is copied once, not once per level. */
function mergeInto(result: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) delete result[key];
		else if (!isObject(value)) setMember(result, key, copyJson(value));
		else {
			const current = ownMember(result, key);
			setMember(result, key, mergeInto(isObject(current) ? current : {}, value));
		}
	}
	return result;
}
