// The review APIs a user asks about their own access with: SelfSubjectAccessReview (`kubectl auth
// can-i VERB RESOURCE`), SelfSubjectRulesReview (`kubectl auth can-i --list`) and
// SelfSubjectReview (`kubectl auth whoami`). Create-only and never stored.
import type {Store} from '../../store.js';
import {decodeBody, type ApiRequest, type ApiResult, type Json} from '../request.js';
import {ApiError, badRequest, methodNotAllowed} from '../status.js';
import {invalid} from '../status.js';
import {authorize, rulesFor, type Attributes, type UserInfo} from './authorizer.js';

const review = (name: string, kind: string) => ({
	name,
	singularName: name.slice(0, -1),
	namespaced: false,
	kind,
	verbs: ['create'],
});

/** Discovery of the review resources, by group-version. */
export const REVIEW_DISCOVERY: Record<string, Json[]> = {
	'authorization.k8s.io/v1': [
		review('selfsubjectaccessreviews', 'SelfSubjectAccessReview'),
		review('selfsubjectrulesreviews', 'SelfSubjectRulesReview'),
	],
	'authentication.k8s.io/v1': [review('selfsubjectreviews', 'SelfSubjectReview')],
};

const REVIEW_PATH = /^\/apis\/(authorization\.k8s\.io|authentication\.k8s\.io)\/v1\/([a-z]+)$/;

/** Whether a path names one of the review resources. */
export function isReviewPath(path: string): boolean {
	const match = REVIEW_PATH.exec(path);
	return Boolean(match && REVIEW_DISCOVERY[`${match[1]}/v1`]?.some(resource => resource.name === match[2]));
}

function decode(request: ApiRequest, kind: string, apiVersion: string): Json {
	const object = decodeBody(request, kind);
	if (object.kind !== undefined && object.kind !== kind)
		throw badRequest(`the kind in the data (${object.kind}) does not match the expected kind (${kind})`);
	if (object.apiVersion !== undefined && object.apiVersion !== apiVersion)
		throw badRequest(
			`the API version in the data (${object.apiVersion}) does not match the expected API version (${apiVersion})`,
		);
	return object;
}

const reviewed = (kind: string, apiVersion: string, spec: Json | undefined, status: Json) => ({
	kind,
	apiVersion,
	metadata: {creationTimestamp: null},
	...(spec ? {spec} : {}),
	status,
});

function accessReview(store: Store, user: UserInfo, request: ApiRequest): ApiResult {
	const apiVersion = 'authorization.k8s.io/v1';
	const body = decode(request, 'SelfSubjectAccessReview', apiVersion);
	const spec: Json = body.spec ?? {};
	const resource: Json | undefined = spec.resourceAttributes;
	const nonResource: Json | undefined = spec.nonResourceAttributes;
	if (Boolean(resource) === Boolean(nonResource)) {
		throw invalid('SelfSubjectAccessReview', 'authorization.k8s.io', '', [
			{
				type: 'Invalid',
				field: 'spec.resourceAttributes',
				value: resource ? 'resourceAttributes' : 'null',
				shownValue: resource ? '"resourceAttributes"' : '"null"',
				detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified',
			},
		]);
	}
	const attributes: Attributes = resource
		? {
				user,
				verb: String(resource.verb ?? ''),
				resourceRequest: true,
				path: '',
				apiGroup: String(resource.group ?? ''),
				apiVersion: String(resource.version ?? ''),
				resource: String(resource.resource ?? ''),
				subresource: String(resource.subresource ?? ''),
				namespace: String(resource.namespace ?? ''),
				name: String(resource.name ?? ''),
			}
		: {
				user,
				verb: String(nonResource!.verb ?? ''),
				resourceRequest: false,
				path: String(nonResource!.path ?? ''),
				apiGroup: '',
				apiVersion: '',
				resource: '',
				subresource: '',
				namespace: '',
				name: '',
			};
	const decision = authorize(store, attributes);
	const status: Json = {allowed: decision.allowed};
	if (decision.reason) status.reason = decision.reason;
	return {code: 201, body: reviewed('SelfSubjectAccessReview', apiVersion, spec, status)};
}

function rulesReview(store: Store, user: UserInfo, request: ApiRequest): ApiResult {
	const apiVersion = 'authorization.k8s.io/v1';
	const body = decode(request, 'SelfSubjectRulesReview', apiVersion);
	const spec: Json = body.spec ?? {};
	const namespace = String(spec.namespace ?? '');
	if (!namespace) throw badRequest('no namespace on request');
	const {rules, errors} = rulesFor(store, user, namespace);
	const resourceRules: Json[] = [];
	const nonResourceRules: Json[] = [];
	for (const rule of rules) {
		if (rule.resources?.length)
			resourceRules.push({
				verbs: rule.verbs,
				...(rule.apiGroups ? {apiGroups: rule.apiGroups} : {}),
				resources: rule.resources,
				...(rule.resourceNames?.length ? {resourceNames: rule.resourceNames} : {}),
			});
		if (rule.nonResourceURLs?.length) nonResourceRules.push({verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs});
	}
	const status: Json = {resourceRules, nonResourceRules, incomplete: false};
	if (errors.length) status.evaluationError = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
	return {code: 201, body: reviewed('SelfSubjectRulesReview', apiVersion, spec, status)};
}

function selfReview(user: UserInfo, request: ApiRequest): ApiResult {
	const apiVersion = 'authentication.k8s.io/v1';
	decode(request, 'SelfSubjectReview', apiVersion);
	return {
		code: 201,
		body: reviewed('SelfSubjectReview', apiVersion, undefined, {userInfo: {username: user.name, groups: user.groups}}),
	};
}

/** Answers a request to one of the review resources (isReviewPath). */
export function handleReview(
	store: Store,
	user: UserInfo,
	path: string,
	request: Omit<ApiRequest, 'target'>,
): ApiResult {
	if (request.method !== 'POST') throw methodNotAllowed();
	const full = request as ApiRequest;
	if (path.endsWith('/selfsubjectaccessreviews')) return accessReview(store, user, full);
	if (path.endsWith('/selfsubjectrulesreviews')) return rulesReview(store, user, full);
	if (path.endsWith('/selfsubjectreviews')) return selfReview(user, full);
	throw new ApiError({
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Failure',
		code: 404,
		reason: 'NotFound',
	});
}
