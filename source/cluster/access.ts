// What the user may do, asked of the API server as `kubectl auth can-i` asks it: one SelfSubjectAccessReview
// (can I patch deployments here?) when the dashboard starts and when it changes namespace, so the header can say
// "read-only" before a key is pressed; and, for a namespace-bound user who asked for every namespace, the namespace
// they may list instead of an empty screen.
import {UserError} from '../errors.js';
import type {AccessState} from '../model/types.js';
import {type ApiError, errorLine} from './http.js';

/** What these checks need of ApiClient. */
export interface AccessClient {
	request<T = any>(
		path: string,
		options?: {method?: 'POST' | 'GET'; body?: unknown; query?: Record<string, string | number>; timeoutMs?: number},
	): Promise<T>;
}

const REVIEW_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

/** Whether the user may patch deployments in `namespace` (undefined: in every namespace). */
export async function reviewWriteAccess(client: AccessClient, namespace: string | undefined): Promise<AccessState> {
	const where = namespace === undefined ? 'in every namespace' : `in namespace "${namespace}"`;
	let review: {status?: {allowed?: boolean; denied?: boolean; reason?: string}};
	try {
		review = await client.request(REVIEW_PATH, {
			method: 'POST',
			body: {
				apiVersion: 'authorization.k8s.io/v1',
				kind: 'SelfSubjectAccessReview',
				spec: {
					resourceAttributes: {
						...(namespace === undefined ? {} : {namespace}),
						verb: 'patch',
						group: 'apps',
						resource: 'deployments',
					},
				},
			},
			timeoutMs: 10_000,
		});
	} catch (error) {
		// A server without the review API (or one that forbids it): nothing is claimed; writes answer for themselves.
		return {canWrite: undefined, note: `cannot ask whether deployments may be patched ${where}: ${errorLine(error)}`};
	}
	if (review.status?.allowed === true) return {canWrite: true};
	const reason = review.status?.reason ? ` (${review.status.reason})` : '';
	return {canWrite: false, note: `read-only: you cannot patch deployments ${where}${reason}`};
}

/**
 * The session's view of what the user may do: asked again for each namespace, answers to an older question
 * dropped. Each change is a new object (the snapshot compares parts by identity).
 */
export class AccessTracker {
	state: AccessState = {canWrite: undefined};
	private asked = 0;
	/** Set when every namespace was forbidden: the namespace shown instead and the line that says so. */
	private narrowedTo: {namespace: string; notice: string} | undefined;

	constructor(
		private readonly client: AccessClient,
		private readonly changed: () => void,
	) {}

	review(namespace: string | undefined): void {
		const question = ++this.asked;
		void reviewWriteAccess(this.client, namespace).then(answer => {
			if (question !== this.asked) return;
			this.state = this.withScope(answer, namespace);
			this.changed();
		});
	}

	/** Every namespace was forbidden and `namespace` is shown instead: `notice` says so while it is shown. */
	narrowed(namespace: string, notice: string): void {
		this.narrowedTo = {namespace, notice};
		// What was answered about every namespace says nothing about this one: unknown until it is asked.
		this.asked++;
		this.state = this.withScope({canWrite: undefined}, namespace);
		this.changed();
	}

	/** The answer with what stays true after a switch: "all" stays forbidden; the notice names only its namespace. */
	private withScope(answer: AccessState, namespace: string | undefined): AccessState {
		const rest: AccessState = {canWrite: answer.canWrite, ...(answer.note === undefined ? {} : {note: answer.note})};
		if (this.narrowedTo === undefined) return rest;
		const shown = this.narrowedTo.namespace === namespace;
		return {...rest, allNamespacesForbidden: true, ...(shown ? {scopeNotice: this.narrowedTo.notice} : {})};
	}
}

/** Every namespace was asked for and listing them is forbidden; the context's namespace can be listed instead. */
export class AllNamespacesForbidden extends UserError {
	constructor(
		readonly serverLine: string,
		readonly namespace: string,
	) {
		super(
			`listing deployments in all namespaces is forbidden (${serverLine}); namespace "${namespace}" is allowed: use -n ${namespace}`,
		);
		this.name = 'AllNamespacesForbidden';
	}

	/** The dashboard's line: it shows the allowed namespace instead, and another may be chosen. */
	get notice(): string {
		return `listing all namespaces is forbidden for this user: showing ${this.namespace} (:ns to choose another)`;
	}
}

/**
 * After the cluster-wide list was refused with 403: the AllNamespacesForbidden error that offers the context's
 * namespace when that one can be listed, else the plain forbidden line.
 */
export async function allNamespacesRefused(
	client: AccessClient,
	refused: ApiError,
	contextNamespace: string,
	timeoutMs = 10_000,
): Promise<UserError> {
	const line = refused.apiMessage;
	try {
		await client.request(`/apis/apps/v1/namespaces/${encodeURIComponent(contextNamespace)}/deployments`, {
			query: {limit: 1},
			timeoutMs,
		});
	} catch {
		return new UserError(`forbidden: ${line}`);
	}
	return new AllNamespacesForbidden(line, contextNamespace);
}
