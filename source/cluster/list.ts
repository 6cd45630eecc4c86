// One-shot paged LISTs for the headless commands (plain JSON, like the watches' lists).
import type {ApiClient, Query} from './http.js';

export async function listAll<T>(client: ApiClient, path: string, query: Query = {}): Promise<T[]> {
	const items: T[] = [];
	let continueToken: string | undefined;
	do {
		const page = await client.request<{items?: T[]; metadata?: {continue?: string}}>(path, {
			query: {...query, limit: 500, continue: continueToken},
		});
		items.push(...(page.items ?? []));
		continueToken = page.metadata?.continue || undefined;
	} while (continueToken);
	return items;
}

export function collectionPath(group: 'apps' | 'core', resource: string, namespace: string | undefined): string {
	const base = group === 'apps' ? '/apis/apps/v1' : '/api/v1';
	return namespace === undefined
		? `${base}/${resource}`
		: `${base}/namespaces/${encodeURIComponent(namespace)}/${resource}`;
}
