// What kubectl refuses before any request, in its words: client-go's clientcmd validation of the chosen context,
// its transport's TLS rules, and the request builder's check of the namespace (a path segment: ".." would turn
// /namespaces/../deployments into the all-namespaces list).
import {INSECURE_WITH_CA, type Cluster, type Context, type KubeConfig} from './kubeconfig.js';

/** The context names a user the kubeconfig lacks (clientcmd's "invalid configuration" wording). */
export function missingUserProblem(kubeConfig: KubeConfig, context: Context): string | undefined {
	if (!context.user || kubeConfig.getUsers().some(user => user.name === context.user)) return undefined;
	return `invalid configuration: user "${context.user}" was not found for context "${context.name}"`;
}

export function tlsProblem(cluster: Cluster): string | undefined {
	return cluster.skipTLSVerify && (cluster.caFile || cluster.caData) ? INSECURE_WITH_CA : undefined;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A namespace that cannot be: a path segment client-go refuses ("." / ".." / "/" / "%"), then anything that is not
 * the DNS-1123 label every namespace name is (the API server's words; kubectl would list an empty namespace).
 */
export function namespaceProblem(namespace: string): string | undefined {
	const segment =
		namespace === '.' || namespace === '..'
			? `may not be '${namespace}'`
			: ['/', '%'].filter(character => namespace.includes(character)).map(c => `may not contain '${c}'`)[0];
	if (segment) return `invalid namespace "${namespace}": [${segment}]`;
	if (namespace.length > 63) return `invalid namespace "${namespace}": must be no more than 63 characters`;
	if (!DNS1123_LABEL.test(namespace))
		return `invalid namespace "${namespace}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
	return undefined;
}
