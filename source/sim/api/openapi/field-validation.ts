// Server-side field validation (the fieldValidation query parameter: Strict, Warn — the default — or Ignore):
// fields the schema does not declare, found by walking a request's object against the OpenAPI definitions, and
// reported in the API server's words for each way an object arrives:
// - create and replace (a strict JSON decode): 400 `<Kind> in version "<v>" cannot be handled as a <Kind>:
//   strict decoding error: unknown field "spec.foo"`;
// - patch: 422 ` "" is invalid: patch: Invalid value: "<patch>": strict decoding error: unknown field "spec.foo"`;
// - server-side apply (structured-merge-diff, whatever the directive): `failed to create typed patch object
//   (<ns>/<name>; <gvk>): .spec.foo: field not declared in schema`.
import {ApiError, badRequest, invalid, statusForCode} from '../status.js';
import type {ResourceInfo} from '../resources.js';
import {allDefinitions, definitionNameOf, type Schema} from './documents.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidationOf(query: URLSearchParams): FieldValidation {
	const value = query.get('fieldValidation');
	return value === 'Strict' || value === 'Ignore' ? value : 'Warn';
}

interface UnknownField {
	/** Go's JSON path: spec.template.spec.containers[0].foo */
	json: string;
	/** structured-merge-diff's path: .spec.template.spec.containers[name="app"].foo */
	typed: string;
	/** Drops the field, as decoding into the API types does. */
	drop: () => void;
}

const resolved = new Map<string, Schema | undefined>();

function resolve(schema: Schema | undefined): Schema | undefined {
	let current = schema;
	for (let depth = 0; current && depth < 10; depth++) {
		const ref: unknown = current.$ref ?? current.allOf?.[0]?.$ref;
		if (typeof ref !== 'string') return current;
		if (!resolved.has(ref)) resolved.set(ref, allDefinitions()[ref.slice(ref.lastIndexOf('/') + 1)]);
		current = resolved.get(ref);
	}
	return current;
}

/** A step of the path walked: a field name, or a list index with the item's merge key (if the list has one). */
type Step = {field: string} | {index: number; mergeKey?: string; key?: unknown};

function paths(steps: Step[]): {json: string; typed: string} {
	let json = '';
	let typed = '';
	for (const step of steps) {
		if ('field' in step) {
			json += json ? `.${step.field}` : step.field;
			typed += `.${step.field}`;
		} else {
			json += `[${step.index}]`;
			typed += step.key === undefined ? `[${step.index}]` : `[${step.mergeKey}=${JSON.stringify(step.key)}]`;
		}
	}
	return {json, typed};
}

// Paths are built only for the fields reported: the walk runs on every write.
function walk(value: unknown, declared: Schema | undefined, steps: Step[], out: UnknownField[]): void {
	if (value === null || typeof value !== 'object') return;
	const schema = resolve(declared);
	if (!schema) return;
	if (Array.isArray(value)) {
		if (!schema.items) return;
		const mergeKey = declared?.['x-kubernetes-patch-merge-key'] as string | undefined;
		for (let index = 0; index < value.length; index++) {
			const item = value[index];
			const key =
				mergeKey && item && typeof item === 'object' ? (item as Record<string, unknown>)[mergeKey] : undefined;
			steps.push({index, mergeKey, key});
			walk(item, schema.items, steps, out);
			steps.pop();
		}
		return;
	}
	const properties = schema.properties as Record<string, Schema> | undefined;
	const additional = schema.additionalProperties && typeof schema.additionalProperties === 'object';
	const object = value as Record<string, unknown>;
	for (const key in object) {
		const child = object[key];
		const declaredChild = properties?.[key] ?? (additional ? schema.additionalProperties : undefined);
		if (declaredChild) {
			if (child !== null && typeof child === 'object') {
				steps.push({field: key});
				walk(child, declaredChild, steps, out);
				steps.pop();
			}
		} else if (properties) {
			steps.push({field: key});
			out.push({...paths(steps), drop: () => delete object[key]});
			steps.pop();
		}
		// An object schema without properties is free-form (RawExtension, FieldsV1): anything goes.
	}
}

/** The fields of `object` that the kind's schema does not declare, in document order. */
export function unknownFields(info: ResourceInfo, object: unknown): UnknownField[] {
	const name = definitionNameOf(info.group, info.version, info.kind);
	if (!name) return [];
	const out: UnknownField[] = [];
	walk(object, {$ref: `#/definitions/${name}`}, [], out);
	return out;
}

const strictText = (fields: UnknownField[]) =>
	`strict decoding error: ${fields.map(field => `unknown field "${field.json}"`).join(', ')}`;

/** Strict: throws; otherwise the unknown fields are dropped, and for Warn the warnings returned. */
function handle(directive: FieldValidation, fields: UnknownField[], strictError: () => ApiError): string[] {
	if (fields.length && directive === 'Strict') throw strictError();
	for (const field of fields) field.drop();
	return directive === 'Warn' ? fields.map(field => `unknown field "${field.json}"`) : [];
}

/** A create or replace body. Returns the warnings to send. */
export function validateDecoded(info: ResourceInfo, query: URLSearchParams, object: unknown): string[] {
	const fields = unknownFields(info, object);
	return handle(fieldValidationOf(query), fields, () =>
		badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${strictText(fields)}`),
	);
}

/** A patched object; `patch` is the patch as sent (shown in the error, as Go prints the decoded map). */
export function validatePatched(
	info: ResourceInfo,
	query: URLSearchParams,
	patched: unknown,
	patch: unknown,
): string[] {
	const fields = unknownFields(info, patched);
	return handle(fieldValidationOf(query), fields, () =>
		invalid('', '', '', [
			{type: 'Invalid', field: 'patch', shownValue: JSON.stringify(goValue(patch)), detail: strictText(fields)},
		]),
	);
}

/** A server-side apply configuration: structured-merge-diff refuses fields it cannot type, whatever the directive. */
export function validateApplied(
	info: ResourceInfo,
	namespace: string | undefined,
	name: string,
	applied: unknown,
): void {
	const fields = unknownFields(info, applied);
	if (fields.length === 0) return;
	const errors = fields.map(field => `${field.typed}: field not declared in schema`);
	const text = errors.length === 1 ? errors[0] : `errors:\n  ${errors.join('\n  ')}`;
	const gvk = `${info.group ? `${info.group}/` : '/'}${info.version}, Kind=${info.kind}`;
	// A plain error in the API server: 500 with no reason, which kubectl prints as `Error from server: …`.
	const status = statusForCode(
		500,
		`failed to create typed patch object (${namespace ?? ''}/${name}; ${gvk}): ${text}`,
	);
	throw new ApiError({...status, reason: undefined} as never);
}

/** Go's %+v of a decoded JSON value: map[k:v …] with sorted keys, [a b] for slices, floats as %g. */
export function goValue(value: unknown): string {
	if (value === null || value === undefined) return '<nil>';
	if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
	if (typeof value === 'object') {
		const keys = Object.keys(value).sort();
		return `map[${keys.map(key => `${key}:${goValue((value as Record<string, unknown>)[key])}`).join(' ')}]`;
	}
	if (typeof value === 'number') {
		if (Number.isInteger(value) && Math.abs(value) < 1e21) {
			if (Math.abs(value) < 1e6) return String(value);
			const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
			const sign = exponent.startsWith('-') ? '-' : '+';
			return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
		}
		return String(value);
	}
	return String(value);
}
