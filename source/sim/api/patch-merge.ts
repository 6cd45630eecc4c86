// JSON merge patch (RFC 7386): objects merge recursively, null deletes, anything else replaces.
type Json = unknown;

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Returns the patched document; the inputs are not modified. */
export function applyMergePatch(target: Json, patch: Json): Json {
	if (!isObject(patch)) return structuredClone(patch);
	const result: Record<string, unknown> = isObject(target) ? structuredClone(target) : {};
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) delete result[key];
		else result[key] = applyMergePatch(result[key], value);
	}
	return result;
}
