// The RBAC authorizer: walks the ClusterRoleBindings, then the RoleBindings of the request's
// namespace, and allows the request when a rule of a bound role matches it. Denials carry the
// reasons a cluster gives (roles a binding names but that do not exist).
import type {Store, StoredObject} from '../../store.js';
import type {PolicyRule, Subject} from './policy.js';

export interface UserInfo {
	name: string;
	groups: string[];
}

/** What a request asks to do, as the API server's RequestInfo and authorizer.Attributes describe it. */
export interface Attributes {
	user: UserInfo;
	verb: string;
	resourceRequest: boolean;
	path: string;
	apiGroup: string;
	apiVersion: string;
	resource: string;
	subresource: string;
	namespace: string;
	name: string;
}

export interface Decision {
	allowed: boolean;
	reason: string;
}

const has = (list: string[] | undefined, value: string) => list?.includes(value) ?? false;

function verbMatches(rule: PolicyRule, verb: string): boolean {
	return has(rule.verbs, '*') || has(rule.verbs, verb);
}

function apiGroupMatches(rule: PolicyRule, group: string): boolean {
	return has(rule.apiGroups, '*') || has(rule.apiGroups, group);
}

function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
	for (const resource of rule.resources ?? []) {
		if (resource === '*' || resource === combined) return true;
		// `*/scale` grants the scale subresource of every resource.
		if (subresource && resource === `*/${subresource}`) return true;
	}
	return false;
}

function resourceNameMatches(rule: PolicyRule, name: string): boolean {
	const names = rule.resourceNames ?? [];
	return names.length === 0 || names.includes(name);
}

function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
	for (const url of rule.nonResourceURLs ?? []) {
		if (url === '*' || url === path) return true;
		if (url.endsWith('*') && path.startsWith(url.slice(0, -1))) return true;
	}
	return false;
}

export function ruleAllows(attributes: Attributes, rule: PolicyRule): boolean {
	if (!verbMatches(rule, attributes.verb)) return false;
	if (!attributes.resourceRequest) return nonResourceURLMatches(rule, attributes.path);
	const combined = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
	return (
		apiGroupMatches(rule, attributes.apiGroup) &&
		resourceMatches(rule, combined, attributes.subresource) &&
		resourceNameMatches(rule, attributes.name)
	);
}

export function subjectApplies(subject: Subject, user: UserInfo, namespace: string): boolean {
	switch (subject.kind) {
		case 'User':
			return subject.name === user.name;
		case 'Group':
			return user.groups.includes(subject.name);
		case 'ServiceAccount': {
			// A RoleBinding may name a service account of its own namespace without qualifying it.
			const saNamespace = subject.namespace || namespace;
			return saNamespace !== '' && user.name === `system:serviceaccount:${saNamespace}:${subject.name}`;
		}
		default:
			return false;
	}
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
	if (subject.kind === 'ServiceAccount') {
		const namespace = subject.namespace || bindingNamespace;
		return `${subject.kind} "${namespace}/${subject.name}"`;
	}
	return `${subject.kind} "${subject.name}"`;
}

/** A bound role's rules, and where they come from (for the allow reason); error when the role does not exist. */
interface BoundRules {
	source: string;
	rules: PolicyRule[];
	error?: string;
}

function roleRules(store: Store, binding: StoredObject): {rules: PolicyRule[]; error?: string} {
	const ref = (binding as any).roleRef ?? {};
	const namespace = binding.metadata.namespace;
	if (ref.kind === 'ClusterRole') {
		const role = store.get('clusterroles', undefined, String(ref.name));
		if (!role) return {rules: [], error: `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found`};
		return {rules: ((role as any).rules ?? []) as PolicyRule[]};
	}
	if (ref.kind === 'Role' && namespace) {
		const role = store.get('roles', namespace, String(ref.name));
		if (!role) return {rules: [], error: `role.rbac.authorization.k8s.io "${ref.name}" not found`};
		return {rules: ((role as any).rules ?? []) as PolicyRule[]};
	}
	return {rules: [], error: `unsupported role reference kind: "${ref.kind}"`};
}

/**
 * Every (binding, subject) that applies to the user, in the authorizer's order: ClusterRoleBindings,
 * then the RoleBindings of `namespace`. Stops early when `visit` returns false.
 */
function visitBoundRules(store: Store, user: UserInfo, namespace: string, visit: (bound: BoundRules) => boolean): void {
	const groups: {kind: string; bindings: StoredObject[]}[] = [
		{kind: 'ClusterRoleBinding', bindings: store.list('clusterrolebindings')},
		{kind: 'RoleBinding', bindings: namespace ? store.list('rolebindings', namespace) : []},
	];
	for (const {kind, bindings} of groups) {
		for (const binding of bindings) {
			const subjects = ((binding as any).subjects ?? []) as Subject[];
			const bindingNamespace = binding.metadata.namespace ?? '';
			const subject = subjects.find(candidate => subjectApplies(candidate, user, bindingNamespace || namespace));
			if (!subject) continue;
			const ref = (binding as any).roleRef ?? {};
			const bindingName =
				kind === 'RoleBinding' ? `${binding.metadata.name}/${bindingNamespace}` : binding.metadata.name;
			const source = `${kind} "${bindingName}" of ${ref.kind} "${ref.name}" to ${describeSubject(subject, bindingNamespace)}`;
			if (!visit({source, ...roleRules(store, binding)})) return;
		}
	}
}

export function authorize(store: Store, attributes: Attributes): Decision {
	const errors: string[] = [];
	let reason = '';
	visitBoundRules(store, attributes.user, attributes.namespace, bound => {
		if (bound.error && !errors.includes(bound.error)) errors.push(bound.error);
		const rule = bound.rules.find(candidate => ruleAllows(attributes, candidate));
		if (!rule) return true;
		reason = `RBAC: allowed by ${bound.source}`;
		return false;
	});
	if (reason) return {allowed: true, reason};
	if (errors.length === 0) return {allowed: false, reason: ''};
	return {allowed: false, reason: `RBAC: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}`};
}

/** The rules that apply to the user in a namespace (SelfSubjectRulesReview), and the errors met finding them. */
export function rulesFor(store: Store, user: UserInfo, namespace: string): {rules: PolicyRule[]; errors: string[]} {
	const rules: PolicyRule[] = [];
	const errors: string[] = [];
	visitBoundRules(store, user, namespace, bound => {
		if (bound.error) errors.push(bound.error);
		rules.push(...bound.rules);
		return true;
	});
	return {rules, errors};
}
