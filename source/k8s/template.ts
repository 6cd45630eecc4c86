// Pod template comparison and hashing as the deployment controller needs them.
import {POD_TEMPLATE_HASH_LABEL} from './annotations.js';

export interface PodTemplateLike {
	metadata?: {labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown};
	spec?: unknown;
}

/** Semantic deep equality: null, undefined, "", {} and [] count as "unset" and are equal to each other. */
export function semanticEqual(a: unknown, b: unknown): boolean {
	if (isUnset(a) && isUnset(b)) return true;
	if (a instanceof Date || b instanceof Date) return timeValue(a) === timeValue(b);
	if (Array.isArray(a) || Array.isArray(b)) {
		if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
		return a.every((item, index) => semanticEqual(item, b[index]));
	}
	if (isPlainObject(a) && isPlainObject(b)) {
		const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
		for (const key of keys) if (!semanticEqual(a[key], b[key])) return false;
		return true;
	}
	return a === b;
}

/** EqualIgnoreHash: templates equal once the pod-template-hash label is removed from both. */
export function equalIgnoreHash(a: PodTemplateLike | undefined, b: PodTemplateLike | undefined): boolean {
	return semanticEqual(withoutHashLabel(a), withoutHashLabel(b));
}

function withoutHashLabel(template: PodTemplateLike | undefined): unknown {
	if (!template?.metadata?.labels || !(POD_TEMPLATE_HASH_LABEL in template.metadata.labels)) return template;
	const {[POD_TEMPLATE_HASH_LABEL]: _hash, ...labels} = template.metadata.labels;
	return {...template, metadata: {...template.metadata, labels}};
}

// The apimachinery SafeEncodeString alphabet: a decimal hash maps onto [4-9bcdf].
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function safeEncodeString(value: string): string {
	let out = '';
	for (let i = 0; i < value.length; i++) out += SAFE_ALPHABET[value.charCodeAt(i) % SAFE_ALPHABET.length];
	return out;
}

/**
 * A stable FNV-1a 32 hash of the template (canonical JSON, hash label ignored) plus the collision count, encoded
 * like ComputeHash's result. Values differ from Go's (they hash go-spew output) but keep its alphabet and length.
 */
export function computeTemplateHash(template: PodTemplateLike, collisionCount?: number): string {
	let hash = 0x811c9dc5;
	const feed = (byte: number) => {
		hash ^= byte;
		hash = Math.imul(hash, 0x01000193) >>> 0;
	};
	for (const byte of Buffer.from(canonicalJson(withoutHashLabel(template)), 'utf8')) feed(byte);
	if (collisionCount !== undefined && collisionCount !== null) {
		const bytes = Buffer.alloc(8);
		bytes.writeUInt32LE(collisionCount >>> 0, 0);
		for (const byte of bytes) feed(byte);
	}
	return safeEncodeString(String(hash >>> 0));
}

/** JSON with sorted keys and unset values dropped, so that semantically equal templates hash alike. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(canonical(value)) ?? 'null';
}

function canonical(value: unknown): unknown {
	if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
	if (Array.isArray(value)) return value.map(canonical);
	if (isPlainObject(value)) {
		const out: Record<string, unknown> = {};
		for (const key of Object.keys(value).sort()) {
			if (isUnset(value[key])) continue;
			out[key] = canonical(value[key]);
		}
		return out;
	}
	return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isUnset(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	if (isPlainObject(value)) return Object.values(value).every(isUnset);
	return false;
}

function timeValue(value: unknown): number | undefined {
	if (value instanceof Date) return Math.floor(value.getTime() / 1000);
	if (typeof value === 'string') return Math.floor(Date.parse(value) / 1000);
	return undefined;
}
