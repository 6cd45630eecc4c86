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

function resolve(schema: Schema | undefined): Schema | undefined {
	let current = schema;
	for (let depth = 0; current && depth < 10; depth++) {
		const ref = current.$ref ?? current.allOf?.[0]?.$ref;
		if (typeof ref !== 'string') return current;
		current = allDefinitions()[ref.slice(ref.lastIndexOf('/') + 1)];
	}
	return current;
}

function walk(value: unknown, declared: Schema | undefined, json: string, typed: string, out: UnknownField[]): void {
	const schema = resolve(declared);
	if (!schema || value === null || typeof value !== 'object') return;
	if (Array.isArray(value)) {
		if (!schema.items) return;
		const mergeKey = declared?.['x-kubernetes-patch-merge-key'] as string | undefined;
		value.forEach((item, index) => {
			const key =
				mergeKey && item && typeof item === 'object' ? (item as Record<string, unknown>)[mergeKey] : undefined;
			const element = key === undefined ? `[${index}]` : `[${mergeKey}=${JSON.stringify(key)}]`;
			walk(item, schema.items, `${json}[${index}]`, `${typed}${element}`, out);
		});
		return;
	}
	const properties = schema.properties as Record<string, Schema> | undefined;
	for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
		const childJson = json ? `${json}.${key}` : key;
		const childTyped = `${typed}.${key}`;
		if (properties?.[key]) walk(child, properties[key], childJson, childTyped, out);
		else if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
			walk(child, schema.additionalProperties, childJson, childTyped, out);
		else if (properties)
			out.push({json: childJson, typed: childTyped, drop: () => delete (value as Record<string, unknown>)[key]});
		// An object schema without properties is free-form (RawExtension, FieldsV1): anything goes.
	}
}

/** The fields of `object` that the kind's schema does not declare, in document order. */
export function unknownFields(info: ResourceInfo, object: unknown): UnknownField[] {
	const name = definitionNameOf(info.group, info.version, info.kind);
	if (!name) return [];
	const out: UnknownField[] = [];
	walk(object, {$ref: `#/definitions/${name}`}, '', '', out);
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
