// What differs between two pod templates, field by field, as a person reads it before an undo.
import {semanticEqual} from '../k8s/template.js';
import {ANNOTATIONS, POD_TEMPLATE_HASH_LABEL} from '../k8s/annotations.js';
import type {TemplateChange} from './types.js';
import type {ContainerJson, EnvVarJson, PodTemplateJson} from './objects.js';

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;
const CONTAINER_FIELDS_SHOWN = new Set<string>(['name', 'image', 'env', 'resources', ...PROBES]);

/** Every change from `from` to `to`: containers and images, env, resources, probes, labels, annotations, other spec. */
export function templateDiff(from: PodTemplateJson | undefined, to: PodTemplateJson | undefined): TemplateChange[] {
	const changes: TemplateChange[] = [];
	changes.push(...containerListDiff(from?.spec?.initContainers, to?.spec?.initContainers, 'init '));
	changes.push(...containerListDiff(from?.spec?.containers, to?.spec?.containers, ''));
	changes.push(...mapDiff('label', withoutHash(from?.metadata?.labels), withoutHash(to?.metadata?.labels)));
	changes.push(...mapDiff('annotation', from?.metadata?.annotations, to?.metadata?.annotations));
	const fromSpec = (from?.spec ?? {}) as Record<string, unknown>;
	const toSpec = (to?.spec ?? {}) as Record<string, unknown>;
	for (const key of unionKeys(fromSpec, toSpec)) {
		if (key === 'containers' || key === 'initContainers') continue;
		if (!semanticEqual(fromSpec[key], toSpec[key])) {
			changes.push(change(`spec.${key}`, compactJson(fromSpec[key]), compactJson(toSpec[key])));
		}
	}
	return changes;
}

function containerListDiff(
	from: ContainerJson[] | undefined,
	to: ContainerJson[] | undefined,
	prefix: string,
): TemplateChange[] {
	const changes: TemplateChange[] = [];
	const before = new Map((from ?? []).map(container => [container.name, container]));
	const after = new Map((to ?? []).map(container => [container.name, container]));
	for (const [name, container] of before) {
		if (!after.has(name)) changes.push(change(`${prefix}container ${name}`, container.image ?? '', undefined));
	}
	for (const [name, container] of after) {
		const old = before.get(name);
		if (!old) {
			changes.push(change(`${prefix}container ${name}`, undefined, container.image ?? ''));
			continue;
		}
		changes.push(...containerDiff(old, container, `${prefix}${name}`));
	}
	return changes;
}

function containerDiff(from: ContainerJson, to: ContainerJson, label: string): TemplateChange[] {
	const changes: TemplateChange[] = [];
	if ((from.image ?? '') !== (to.image ?? '')) changes.push(change(`image ${label}`, from.image, to.image));
	changes.push(...envDiff(from.env, to.env, label));
	if (!semanticEqual(from.resources, to.resources)) {
		changes.push(change(`resources ${label}`, describeResources(from.resources), describeResources(to.resources)));
	}
	for (const probe of PROBES) {
		if (!semanticEqual(from[probe], to[probe]))
			changes.push(change(`${probe} ${label}`, describeProbe(from[probe]), describeProbe(to[probe])));
	}
	for (const key of unionKeys(from, to)) {
		if (CONTAINER_FIELDS_SHOWN.has(key)) continue;
		if (!semanticEqual(from[key], to[key]))
			changes.push(change(`${key} ${label}`, compactJson(from[key]), compactJson(to[key])));
	}
	return changes;
}

function envDiff(from: EnvVarJson[] | undefined, to: EnvVarJson[] | undefined, label: string): TemplateChange[] {
	const before = new Map((from ?? []).map(variable => [variable.name, variable]));
	const after = new Map((to ?? []).map(variable => [variable.name, variable]));
	const changes: TemplateChange[] = [];
	for (const name of new Set([...before.keys(), ...after.keys()])) {
		const old = before.get(name);
		const current = after.get(name);
		if (old && current && semanticEqual(old, current)) continue;
		changes.push(change(`env ${label}.${name}`, old && describeEnv(old), current && describeEnv(current)));
	}
	return changes;
}

function mapDiff(
	kind: string,
	from: Record<string, string> | undefined,
	to: Record<string, string> | undefined,
): TemplateChange[] {
	const changes: TemplateChange[] = [];
	for (const key of unionKeys(from ?? {}, to ?? {})) {
		const old = from?.[key];
		const current = to?.[key];
		if (old !== current) changes.push(change(`${kind} ${key}`, old, current));
	}
	return changes;
}

function change(field: string, from: string | undefined, to: string | undefined): TemplateChange {
	const result: TemplateChange = {field};
	if (from !== undefined) result.from = from;
	if (to !== undefined) result.to = to;
	return result;
}

function withoutHash(labels: Record<string, string> | undefined): Record<string, string> | undefined {
	if (!labels || !(POD_TEMPLATE_HASH_LABEL in labels)) return labels;
	const {[POD_TEMPLATE_HASH_LABEL]: _hash, ...rest} = labels;
	return rest;
}

function unionKeys(a: object, b: object): string[] {
	return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}

function describeEnv(variable: EnvVarJson): string {
	if (variable.value !== undefined) return variable.value;
	if (variable.valueFrom) return `from ${compactJson(variable.valueFrom)}`;
	return '';
}

/** e.g. "requests cpu=100m,memory=64Mi; limits memory=128Mi". */
export function describeResources(resources: ContainerJson['resources']): string | undefined {
	if (!resources) return undefined;
	const parts: string[] = [];
	for (const kind of ['requests', 'limits'] as const) {
		const values = resources[kind];
		if (!values || Object.keys(values).length === 0) continue;
		parts.push(
			`${kind} ${Object.keys(values)
				.sort()
				.map(key => `${key}=${values[key]}`)
				.join(',')}`,
		);
	}
	return parts.length > 0 ? parts.join('; ') : undefined;
}

/** e.g. "http-get :8080/healthz delay=5s period=10s". */
export function describeProbe(probe: unknown): string | undefined {
	if (!probe || typeof probe !== 'object') return undefined;
	const p = probe as Record<string, any>;
	let action = 'probe';
	if (p['httpGet']) action = `http-get ${p['httpGet'].host ?? ''}:${p['httpGet'].port ?? ''}${p['httpGet'].path ?? ''}`;
	else if (p['tcpSocket']) action = `tcp-socket :${p['tcpSocket'].port ?? ''}`;
	else if (p['exec']) action = `exec [${(p['exec'].command ?? []).join(' ')}]`;
	else if (p['grpc']) action = `grpc :${p['grpc'].port ?? ''}`;
	const timing: string[] = [];
	if (p['initialDelaySeconds'] !== undefined) timing.push(`delay=${p['initialDelaySeconds']}s`);
	if (p['timeoutSeconds'] !== undefined) timing.push(`timeout=${p['timeoutSeconds']}s`);
	if (p['periodSeconds'] !== undefined) timing.push(`period=${p['periodSeconds']}s`);
	if (p['failureThreshold'] !== undefined) timing.push(`#failure=${p['failureThreshold']}`);
	return [action, ...timing].join(' ');
}

function compactJson(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/**
 * A short label for what a revision changed against the one before it, e.g. "image nginx:1.17 → nginx:1.18",
 * "restart", "env web.LOG_LEVEL debug → info", "3 changes".
 */
export function deriveCause(
	previous: PodTemplateJson | undefined,
	current: PodTemplateJson | undefined,
): string | undefined {
	if (!previous || !current) return undefined;
	const changes = templateDiff(previous, current);
	if (changes.length === 0) return undefined;
	const images = changes.filter(c => c.field.startsWith('image '));
	if (images.length > 0) {
		const text = images.map(c => `image ${c.from ?? '∅'} → ${c.to ?? '∅'}`).join(', ');
		const rest = changes.length - images.length;
		return rest > 0 ? `${text} (+${rest} more)` : text;
	}
	if (changes.length === 1 && changes[0]!.field === `annotation ${ANNOTATIONS.restartedAt}`) return 'restart';
	if (changes.length === 1) return describeChange(changes[0]!);
	const first = changes.find(c => c.field !== `annotation ${ANNOTATIONS.restartedAt}`) ?? changes[0]!;
	return `${describeChange(first)} (+${changes.length - 1} more)`;
}

export function describeChange(c: TemplateChange): string {
	if (c.from === undefined && c.to === undefined) return `${c.field} changed`;
	if (c.from === undefined) return `${c.field} added: ${c.to}`;
	if (c.to === undefined) return `${c.field} removed`;
	return `${c.field} ${c.from} → ${c.to}`;
}
