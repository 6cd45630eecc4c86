// Completion candidates from the kubeconfig and the cluster, read as the command being typed would connect.
import {kindPath} from '../model/kinds.js';
import type {FlagValue} from './flags.js';
import type {CompletionSource} from './complete.js';

const COMPLETION_TIMEOUT_MS = 5000;

function text(flags: Map<string, FlagValue>, name: string): string | undefined {
	const value = flags.get(name);
	return typeof value === 'string' ? value : undefined;
}

async function kubeConfigOf(flags: Map<string, FlagValue>) {
	const {loadKubeConfig} = await import('../cluster/connect.js');
	return loadKubeConfig({kubeconfig: text(flags, 'kubeconfig')});
}

async function connectionOf(flags: Map<string, FlagValue>) {
	const {openConnection} = await import('../cluster/connect.js');
	return openConnection({
		kubeconfig: text(flags, 'kubeconfig'),
		context: text(flags, 'context'),
		namespace: text(flags, 'namespace'),
		cluster: text(flags, 'cluster'),
		user: text(flags, 'user'),
		as: text(flags, 'as'),
		requestTimeoutMs: COMPLETION_TIMEOUT_MS,
	});
}

async function names(flags: Map<string, FlagValue>, path: (namespace: string) => string): Promise<string[]> {
	const connection = await connectionOf(flags);
	const list = await connection.client.request<{items?: {metadata: {name: string}}[]}>(path(connection.namespace));
	return (list.items ?? []).map(item => item.metadata.name).sort();
}

export const clusterCompletionSource: CompletionSource = {
	contexts: async flags => (await kubeConfigOf(flags)).getContexts().map(context => context.name),
	clusters: async flags => (await kubeConfigOf(flags)).getClusters().map(cluster => cluster.name),
	users: async flags => (await kubeConfigOf(flags)).getUsers().map(user => user.name),
	namespaces: flags => names(flags, () => '/api/v1/namespaces'),
	workloads: (kind, flags) => names(flags, namespace => kindPath(kind, namespace)),
};
