// rbac.authorization.k8s.io/v1 as served: discovery entries, the Table columns a cluster prints
// (printers.go) and validation (pkg/apis/rbac/validation) of Roles, ClusterRoles and bindings.
import type {RbacResource, StoredObject} from '../../store.js';
import type {FieldError} from '../validation.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const info = (resource: RbacResource, kind: string, singular: string, namespaced: boolean) => ({
	resource,
	group: RBAC_GROUP,
	version: 'v1',
	kind,
	listKind: `${kind}List`,
	singular,
	namespaced,
	shortNames: [] as string[],
	categories: [] as string[],
	verbs: VERBS,
	subresources: [],
});

export const RBAC_RESOURCE_INFO = {
	clusterrolebindings: info('clusterrolebindings', 'ClusterRoleBinding', 'clusterrolebinding', false),
	clusterroles: info('clusterroles', 'ClusterRole', 'clusterrole', false),
	rolebindings: info('rolebindings', 'RoleBinding', 'rolebinding', true),
	roles: info('roles', 'Role', 'role', true),
};

interface Column {
	name: string;
	type: string;
	format: string;
	description: string;
	priority: number;
}

const column = (name: string, description: string, type = 'string', priority = 0, format = ''): Column => ({
	name,
	type,
	format,
	description,
	priority,
});

const NAME = column(
	'Name',
	'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
	'string',
	0,
	'name',
);
const CREATED_AT = column(
	'Created At',
	'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
	'date',
);
const AGE = {...CREATED_AT, name: 'Age', type: 'string'};
const BINDING_COLUMNS = [
	NAME,
	column('Role', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.'),
	AGE,
	column('Users', 'Users in the roleBinding', 'string', 1),
	column('Groups', 'Groups in the roleBinding', 'string', 1),
	column('ServiceAccounts', 'ServiceAccounts in the roleBinding', 'string', 1),
];

export const RBAC_COLUMNS: Record<RbacResource, Column[]> = {
	roles: [NAME, CREATED_AT],
	clusterroles: [NAME, CREATED_AT],
	rolebindings: BINDING_COLUMNS,
	clusterrolebindings: BINDING_COLUMNS,
};

function subjectsOfKind(object: StoredObject, kind: string): string {
	const subjects: any[] = (object as any).subjects ?? [];
	return subjects
		.filter(subject => subject.kind === kind)
		.map(subject => (kind === 'ServiceAccount' ? `${subject.namespace ?? ''}:${subject.name}` : subject.name))
		.join(', ');
}

export function rbacCells(resource: RbacResource, object: StoredObject, age: string): unknown[] {
	const {metadata} = object;
	if (resource === 'roles' || resource === 'clusterroles') return [metadata.name, metadata.creationTimestamp];
	const ref = (object as any).roleRef ?? {};
	return [
		metadata.name,
		`${ref.kind ?? ''}/${ref.name ?? ''}`,
		age,
		subjectsOfKind(object, 'User'),
		subjectsOfKind(object, 'Group'),
		subjectsOfKind(object, 'ServiceAccount'),
	];
}

// --- validation ---

function validateName(object: StoredObject, namespaced: boolean, errors: FieldError[]): void {
	const {name, generateName, namespace} = object.metadata;
	if (!name && !generateName)
		errors.push({type: 'Required', field: 'metadata.name', detail: 'name or generateName is required'});
	else if (name === '.' || name === '..')
		errors.push({type: 'Invalid', field: 'metadata.name', value: name, detail: `may not be '${name}'`});
	else
		for (const bad of ['/', '%'])
			if (name?.includes(bad))
				errors.push({type: 'Invalid', field: 'metadata.name', value: name, detail: `may not contain '${bad}'`});
	if (namespaced && !namespace) errors.push({type: 'Required', field: 'metadata.namespace', detail: ''});
}

function validateRules(object: StoredObject, namespaced: boolean, errors: FieldError[]): void {
	const rules: any[] = (object as any).rules ?? [];
	for (const [index, rule] of rules.entries()) {
		const field = `rules[${index}]`;
		if (!rule?.verbs?.length)
			errors.push({type: 'Required', field: `${field}.verbs`, detail: 'verbs must contain at least one value'});
		if (rule?.nonResourceURLs?.length) {
			if (namespaced)
				errors.push({
					type: 'Invalid',
					field: `${field}.nonResourceURLs`,
					value: rule.nonResourceURLs,
					shownValue: `[]string{${rule.nonResourceURLs.map((url: string) => JSON.stringify(url)).join(', ')}}`,
					detail: 'namespaced rules cannot apply to non-resource URLs',
				});
			continue;
		}
		if (!rule?.apiGroups?.length)
			errors.push({
				type: 'Required',
				field: `${field}.apiGroups`,
				detail: 'resource rules must supply at least one api group',
			});
		if (!rule?.resources?.length)
			errors.push({
				type: 'Required',
				field: `${field}.resources`,
				detail: 'resource rules must supply at least one resource',
			});
	}
}

function validateRoleRef(object: StoredObject, namespaced: boolean, errors: FieldError[]): void {
	const ref = (object as any).roleRef ?? {};
	if (ref.apiGroup !== RBAC_GROUP)
		errors.push({
			type: 'NotSupported',
			field: 'roleRef.apiGroup',
			value: ref.apiGroup ?? '',
			detail: `supported values: "${RBAC_GROUP}"`,
		});
	const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
	if (!kinds.includes(ref.kind))
		errors.push({
			type: 'NotSupported',
			field: 'roleRef.kind',
			value: ref.kind ?? '',
			detail: `supported values: ${kinds.map(kind => `"${kind}"`).join(', ')}`,
		});
	if (!ref.name) errors.push({type: 'Required', field: 'roleRef.name', detail: ''});
	const subjects: any[] = (object as any).subjects ?? [];
	for (const [index, subject] of subjects.entries()) {
		const field = `subjects[${index}]`;
		if (!subject?.name) errors.push({type: 'Required', field: `${field}.name`, detail: ''});
		if (!['User', 'Group', 'ServiceAccount'].includes(subject?.kind))
			errors.push({
				type: 'NotSupported',
				field: `${field}.kind`,
				value: subject?.kind ?? '',
				detail: 'supported values: "ServiceAccount", "User", "Group"',
			});
	}
}

const goRoleRef = (ref: any) =>
	`rbac.RoleRef{APIGroup:${JSON.stringify(ref?.apiGroup ?? '')}, Kind:${JSON.stringify(ref?.kind ?? '')}, Name:${JSON.stringify(ref?.name ?? '')}}`;

export function validateRbac(resource: RbacResource, object: StoredObject, previous?: StoredObject): FieldError[] {
	const errors: FieldError[] = [];
	const namespaced = resource === 'roles' || resource === 'rolebindings';
	validateName(object, namespaced, errors);
	if (resource === 'roles' || resource === 'clusterroles') validateRules(object, namespaced, errors);
	else {
		validateRoleRef(object, namespaced, errors);
		const before = (previous as any)?.roleRef;
		const after = (object as any).roleRef;
		if (previous && JSON.stringify(goRoleRef(before)) !== JSON.stringify(goRoleRef(after)))
			errors.push({
				type: 'Invalid',
				field: 'roleRef',
				value: after,
				shownValue: goRoleRef(after),
				detail: 'cannot change roleRef',
			});
	}
	return errors;
}
