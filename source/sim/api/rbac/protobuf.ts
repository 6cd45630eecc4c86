// Protobuf field numbers (k8s.io/api rbac/v1, authorization/v1 and authentication/v1 generated.proto)
// of the RBAC objects and the review requests, which kubectl's typed clients send as protobuf.
import {LABEL_SELECTOR, OBJECT_META, type FieldSpec, type Schema} from '../protobuf-schema.js';

const str = (name: string): FieldSpec => ({name, type: 'string'});
const strings = (name: string): FieldSpec => ({name, type: 'string', repeated: true});
const msg = (name: string, message: () => Schema, repeated = false): FieldSpec => ({
	name,
	type: 'message',
	message,
	repeated,
});
const metadata = msg('metadata', () => OBJECT_META);

const POLICY_RULE: Schema = {
	1: strings('verbs'),
	2: strings('apiGroups'),
	3: strings('resources'),
	4: strings('resourceNames'),
	5: strings('nonResourceURLs'),
};
const SUBJECT: Schema = {1: str('kind'), 2: str('apiGroup'), 3: str('name'), 4: str('namespace')};
const ROLE_REF: Schema = {1: str('apiGroup'), 2: str('kind'), 3: str('name')};
const ROLE: Schema = {1: metadata, 2: msg('rules', () => POLICY_RULE, true)};
const CLUSTER_ROLE: Schema = {
	...ROLE,
	3: msg('aggregationRule', () => ({1: msg('clusterRoleSelectors', () => LABEL_SELECTOR, true)})),
};
const BINDING: Schema = {1: metadata, 2: msg('subjects', () => SUBJECT, true), 3: msg('roleRef', () => ROLE_REF)};

const RESOURCE_ATTRIBUTES: Schema = {
	1: str('namespace'),
	2: str('verb'),
	3: str('group'),
	4: str('version'),
	5: str('resource'),
	6: str('subresource'),
	7: str('name'),
};

export const RBAC_SCHEMAS: Record<string, Schema> = {
	'rbac.authorization.k8s.io/v1/Role': ROLE,
	'rbac.authorization.k8s.io/v1/ClusterRole': CLUSTER_ROLE,
	'rbac.authorization.k8s.io/v1/RoleBinding': BINDING,
	'rbac.authorization.k8s.io/v1/ClusterRoleBinding': BINDING,
	'authorization.k8s.io/v1/SelfSubjectAccessReview': {
		1: metadata,
		2: msg('spec', () => ({
			1: msg('resourceAttributes', () => RESOURCE_ATTRIBUTES),
			2: msg('nonResourceAttributes', () => ({1: str('path'), 2: str('verb')})),
		})),
	},
	'authorization.k8s.io/v1/SelfSubjectRulesReview': {1: metadata, 2: msg('spec', () => ({1: str('namespace')}))},
	'authentication.k8s.io/v1/SelfSubjectReview': {1: metadata},
};
