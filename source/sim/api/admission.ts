// What the API server's admission plugins add to every new pod: the ServiceAccount plugin's service account and its
// kube-api-access-<suffix> projected token volume mounted into each container, and DefaultTolerationSeconds's two
// 300-second tolerations of not-ready and unreachable nodes. Applied once: a pod that has them is left alone.
import {randomInt} from 'node:crypto';

type Json = Record<string, any>;

const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const DEFAULT_TOLERATION_SECONDS = 300;

function randomSuffix(length = 5): string {
	let text = '';
	for (let i = 0; i < length; i++) text += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
	return text;
}

function tokenVolume(name: string): Json {
	return {
		name,
		projected: {
			sources: [
				{serviceAccountToken: {expirationSeconds: 3607, path: 'token'}},
				{configMap: {name: 'kube-root-ca.crt', items: [{key: 'ca.crt', path: 'ca.crt'}]}},
				{
					downwardAPI: {
						items: [{path: 'namespace', fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.namespace'}}],
					},
				},
			],
			defaultMode: 420,
		},
	};
}

function mountsToken(container: Json): boolean {
	return (container.volumeMounts ?? []).some((mount: Json) => mount?.mountPath === TOKEN_MOUNT_PATH);
}

/** ServiceAccount admission: the default service account and its API token volume. */
function admitServiceAccount(spec: Json): void {
	if (spec.serviceAccountName && spec.serviceAccount === undefined) spec.serviceAccount = spec.serviceAccountName;
	if (spec.serviceAccountName === undefined) {
		spec.serviceAccountName = spec.serviceAccount ?? 'default';
		spec.serviceAccount = spec.serviceAccountName;
	}
	if (spec.automountServiceAccountToken === false) return;
	const containers: Json[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].filter(
		container => container && typeof container === 'object',
	);
	const volumes: Json[] = Array.isArray(spec.volumes) ? spec.volumes : [];
	if (volumes.some(volume => String(volume?.name ?? '').startsWith('kube-api-access-'))) return;
	if (containers.length === 0 || containers.every(mountsToken)) return;
	const name = `kube-api-access-${randomSuffix()}`;
	spec.volumes = [...volumes, tokenVolume(name)];
	for (const container of containers) {
		if (mountsToken(container)) continue;
		container.volumeMounts = [...(container.volumeMounts ?? []), {name, readOnly: true, mountPath: TOKEN_MOUNT_PATH}];
	}
}

/** DefaultTolerationSeconds admission: tolerate a not-ready or unreachable node for five minutes. */
function admitTolerations(spec: Json): void {
	const tolerations: Json[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
	const additions: Json[] = [];
	for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
		const tolerated = tolerations.some(
			t => (t?.key === key || (!t?.key && t?.operator === 'Exists')) && (!t?.effect || t.effect === 'NoExecute'),
		);
		if (!tolerated)
			additions.push({key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS});
	}
	if (additions.length > 0) spec.tolerations = [...tolerations, ...additions];
}

/** Both plugins, for a pod being created. */
export function admitPod(spec: Json): void {
	admitServiceAccount(spec);
	admitTolerations(spec);
}
