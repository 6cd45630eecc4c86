// Whether a GitOps controller owns a deployment: a manual undo would be reverted by its next sync.
// Read from labels, annotations and managedFields managers (so this must run before managedFields are dropped).
import type {GitOpsOwner} from './types.js';
import type {ObjectMeta} from './objects.js';

const ARGO_ANNOTATIONS = ['argocd.argoproj.io/tracking-id'];
const ARGO_LABELS = ['argocd.argoproj.io/instance'];
const FLUX_LABELS = ['kustomize.toolkit.fluxcd.io/name', 'helm.toolkit.fluxcd.io/name'];
const MANAGERS: Record<string, GitOpsOwner['tool']> = {
	'argocd-controller': 'Argo CD',
	'argocd-application-controller': 'Argo CD',
	'kustomize-controller': 'Flux',
	'helm-controller': 'Flux',
};

/**
 * `app.kubernetes.io/instance` is Argo CD's legacy tracking label, but Helm and plain kustomize set it too, so it
 * only counts together with some other argocd.argoproj.io key.
 */
export function detectGitOps(metadata: ObjectMeta): GitOpsOwner | undefined {
	const labels = metadata.labels ?? {};
	const annotations = metadata.annotations ?? {};
	for (const key of ARGO_ANNOTATIONS)
		if (annotations[key]) return {tool: 'Argo CD', evidence: `annotation ${key}=${annotations[key]}`};
	for (const key of ARGO_LABELS) if (labels[key]) return {tool: 'Argo CD', evidence: `label ${key}=${labels[key]}`};
	for (const key of FLUX_LABELS) if (labels[key]) return {tool: 'Flux', evidence: `label ${key}=${labels[key]}`};
	for (const entry of metadata.managedFields ?? []) {
		const tool = entry.manager ? MANAGERS[entry.manager] : undefined;
		if (tool) return {tool, evidence: `managed by ${entry.manager}`};
	}
	const instance = labels['app.kubernetes.io/instance'];
	const argoHint = [...Object.keys(labels), ...Object.keys(annotations)].find(key =>
		key.startsWith('argocd.argoproj.io/'),
	);
	if (instance && argoHint)
		return {tool: 'Argo CD', evidence: `label app.kubernetes.io/instance=${instance} with ${argoHint}`};
	return undefined;
}
