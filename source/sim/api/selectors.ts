// Label and field selectors as the API server parses them from query strings
// (apimachinery/pkg/labels, pkg/fields): `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`,
// `a`, `!a`, joined by commas.
import type {StoredObject} from '../store.js';
import {badRequest} from './status.js';

export type Requirement =
	| {key: string; op: 'eq' | 'neq'; value: string}
	| {key: string; op: 'in' | 'notin'; values: string[]}
	| {key: string; op: 'exists' | 'notexists'};

export type LabelSelector = Requirement[];

/** Splits on commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
	const terms: string[] = [];
	let depth = 0;
	let current = '';
	for (const char of text) {
		if (char === '(') depth++;
		if (char === ')') depth--;
		if (char === ',' && depth === 0) {
			terms.push(current);
			current = '';
		} else current += char;
	}
	terms.push(current);
	return terms.map(term => term.trim()).filter(term => term.length > 0);
}

const KEY = /^([a-z0-9A-Z]([a-z0-9A-Z._/-]*[a-z0-9A-Z])?)$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string, source: string): string {
	if (!KEY.test(key))
		throw badRequest(`unable to parse requirement: found '${key}', expected: identifier in "${source}"`);
	return key;
}

function checkValue(value: string, source: string): string {
	if (!VALUE.test(value) || value.length > 63)
		throw badRequest(`unable to parse requirement: invalid label value: "${value}" in "${source}"`);
	return value;
}

/** Parses a labelSelector query value; throws a 400 ApiError when malformed. */
export function parseLabelSelector(text: string | null | undefined): LabelSelector {
	if (!text) return [];
	const requirements: Requirement[] = [];
	for (const term of splitTerms(text)) {
		let match: RegExpMatchArray | null;
		if ((match = term.match(/^(\S+?)\s+(in|notin)\s*\((.*)\)$/))) {
			const values = match[3]!
				.split(',')
				.map(value => checkValue(value.trim(), text))
				.filter((value, _index, all) => value !== '' || all.length > 1);
			requirements.push({key: checkKey(match[1]!, text), op: match[2] as 'in' | 'notin', values});
		} else if ((match = term.match(/^([^!=\s]+)\s*(==|!=|=)\s*(.*)$/))) {
			requirements.push({
				key: checkKey(match[1]!, text),
				op: match[2] === '!=' ? 'neq' : 'eq',
				value: checkValue(match[3]!.trim(), text),
			});
		} else if ((match = term.match(/^!\s*(\S+)$/))) {
			requirements.push({key: checkKey(match[1]!, text), op: 'notexists'});
		} else if ((match = term.match(/^(\S+)$/))) {
			requirements.push({key: checkKey(match[1]!, text), op: 'exists'});
		} else {
			throw badRequest(
				`unable to parse requirement: found '${term}', expected: ',', '!=', '==', '=', 'in', 'notin' in "${text}"`,
			);
		}
	}
	return requirements;
}

export function labelsMatch(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
	for (const requirement of selector) {
		const has = labels !== undefined && Object.hasOwn(labels, requirement.key);
		const value = has ? labels![requirement.key] : undefined;
		switch (requirement.op) {
			case 'eq':
				if (value !== requirement.value) return false;
				break;
			case 'neq':
				if (value === requirement.value) return false;
				break;
			case 'in':
				if (!has || !requirement.values.includes(value!)) return false;
				break;
			case 'notin':
				if (has && requirement.values.includes(value!)) return false;
				break;
			case 'exists':
				if (!has) return false;
				break;
			case 'notexists':
				if (has) return false;
				break;
		}
	}
	return true;
}

export interface FieldRequirement {
	field: string;
	op: 'eq' | 'neq';
	value: string;
}

/** Fields every resource supports (metadata.name, metadata.namespace) plus a few per kind. */
const FIELD_GETTERS: Record<string, (object: StoredObject) => string | undefined> = {
	'metadata.name': object => object.metadata.name,
	'metadata.namespace': object => object.metadata.namespace ?? '',
	'status.phase': object => object.status?.phase ?? '',
	'spec.nodeName': object => object.spec?.nodeName ?? '',
	'involvedObject.name': object => (object as any).involvedObject?.name,
	'involvedObject.kind': object => (object as any).involvedObject?.kind,
	'involvedObject.uid': object => (object as any).involvedObject?.uid,
	'involvedObject.namespace': object => (object as any).involvedObject?.namespace,
	reason: object => (object as any).reason,
	type: object => (object as any).type,
	'status.replicas': object => String(object.status?.replicas ?? 0),
};

export function parseFieldSelector(text: string | null | undefined, kind: string): FieldRequirement[] {
	if (!text) return [];
	const requirements: FieldRequirement[] = [];
	for (const term of splitTerms(text)) {
		const match = term.match(/^([^!=\s]+)\s*(==|!=|=)\s*(.*)$/);
		if (!match) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
		const field = match[1]!;
		if (!FIELD_GETTERS[field]) throw badRequest(`field label not supported: ${field}`);
		requirements.push({field, op: match[2] === '!=' ? 'neq' : 'eq', value: match[3]!.trim()});
	}
	void kind;
	return requirements;
}

export function fieldsMatch(requirements: FieldRequirement[], object: StoredObject): boolean {
	for (const requirement of requirements) {
		const value = FIELD_GETTERS[requirement.field]!(object) ?? '';
		if ((value === requirement.value) !== (requirement.op === 'eq')) return false;
	}
	return true;
}

/** The value a selector pins metadata.name to, so that lookups can skip scanning. */
export function pinnedName(requirements: FieldRequirement[]): string | undefined {
	return requirements.find(r => r.field === 'metadata.name' && r.op === 'eq')?.value;
}

/** labelSelector text for a metav1.LabelSelector (as kubectl and the Scale status print it). */
export function formatLabelSelector(
	selector:
		| {matchLabels?: Record<string, string>; matchExpressions?: {key: string; operator: string; values?: string[]}[]}
		| undefined,
): string {
	if (!selector) return '';
	const parts: string[] = [];
	for (const [key, value] of Object.entries(selector.matchLabels ?? {}).sort(([a], [b]) =>
		a < b ? -1 : a > b ? 1 : 0,
	))
		parts.push(`${key}=${value}`);
	for (const expression of selector.matchExpressions ?? []) {
		const values = [...(expression.values ?? [])].sort().join(',');
		switch (expression.operator) {
			case 'In':
				parts.push(`${expression.key} in (${values})`);
				break;
			case 'NotIn':
				parts.push(`${expression.key} notin (${values})`);
				break;
			case 'Exists':
				parts.push(expression.key);
				break;
			case 'DoesNotExist':
				parts.push(`!${expression.key}`);
				break;
		}
	}
	return parts.join(',');
}
