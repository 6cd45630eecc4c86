// kubectl's connection flags that change a kubeconfig's choice or every request: --cluster and --user in place of
// the context's, impersonation (--as, --as-group) and a limit on each request (--request-timeout).
import {UserError} from '../errors.js';
import type {ApiClient, KubeConfigLike, RequestOptions} from './http.js';
import type {KubeConfig} from './kubeconfig.js';

export interface ConnectionOverrides {
	/** A kubeconfig cluster to use instead of the context's. */
	cluster?: string;
	/** A kubeconfig user to use instead of the context's. */
	user?: string;
	/** Impersonate-User. */
	as?: string;
	/** Impersonate-Group, one header each. */
	asGroups?: readonly string[];
	/** Every request but watches gives up after this long; 0: never. */
	requestTimeoutMs?: number;
}

/** The longest delay a Node timer takes; longer ones would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Points the current context at another cluster and/or user of the kubeconfig (a copy: the file is not changed). */
export function overrideContext(kubeConfig: KubeConfig, overrides: ConnectionOverrides): void {
	if (overrides.cluster === undefined && overrides.user === undefined) return;
	const name = kubeConfig.getCurrentContext();
	const context = kubeConfig.getContextObject(name);
	if (!context) return;
	if (overrides.cluster !== undefined && !kubeConfig.getClusters().some(c => c.name === overrides.cluster)) {
		throw new UserError(`cluster "${overrides.cluster}" does not exist in the kubeconfig`);
	}
	if (overrides.user !== undefined && !kubeConfig.getUsers().some(u => u.name === overrides.user)) {
		throw new UserError(`user "${overrides.user}" does not exist in the kubeconfig`);
	}
	const replaced = {
		...context,
		...(overrides.cluster === undefined ? {} : {cluster: overrides.cluster}),
		...(overrides.user === undefined ? {} : {user: overrides.user}),
	};
	kubeConfig.contexts = kubeConfig.getContexts().map(c => (c === context ? replaced : c));
}

/** The impersonation headers, set on every request and watch made with this kubeconfig. */
export function impersonate(kubeConfig: KubeConfigLike, overrides: ConnectionOverrides): void {
	const groups = overrides.asGroups ?? [];
	if (overrides.as === undefined && groups.length === 0) return;
	const apply = kubeConfig.applyToHTTPSOptions.bind(kubeConfig);
	kubeConfig.applyToHTTPSOptions = async options => {
		await apply(options);
		const headers: Record<string, string | string[]> = {...(options.headers as Record<string, string | string[]>)};
		if (overrides.as !== undefined) headers['Impersonate-User'] = overrides.as;
		// Node sends an array as one header line per value, which is how the API server reads several groups.
		if (groups.length > 0) headers['Impersonate-Group'] = [...groups];
		options.headers = headers;
	};
}

/** Gives every request of the client (not watches) the --request-timeout, capped at what a timer can wait. */
export function limitRequestTime(client: ApiClient, overrides: ConnectionOverrides): void {
	const limit = overrides.requestTimeoutMs;
	if (limit === undefined) return;
	const request = client.request.bind(client);
	// 0 leaves the socket without a timeout, as kubectl's --request-timeout=0.
	const timeoutMs = Math.min(limit, MAX_TIMER_MS);
	client.request = <T>(path: string, options: RequestOptions = {}) => request<T>(path, {...options, timeoutMs});
}
