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

// app.kubernetes.io/managed-by values of tools whose next sync or upgrade puts their own template back.
const MANAGED_BY: Record<string, GitOpsOwner['tool']> = {
	helm: 'Helm',
	argocd: 'Argo CD',
	'argo-cd': 'Argo CD',
	flux: 'Flux',
	fluxcd: 'Flux',
	'kustomize-controller': 'Flux',
	'helm-controller': 'Flux',
};

/**
 * Tool-specific labels, annotations and managers first; then the common labels alone: `app.kubernetes.io/managed-by`
 * names the tool (Helm, which Flux's helm-controller and Argo CD also use to install charts), and
 * `app.kubernetes.io/instance` is the label Argo CD tracks its applications by (its default tracking method).
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
	const managedBy = labels['app.kubernetes.io/managed-by'];
	const managingTool = managedBy ? MANAGED_BY[managedBy.toLowerCase()] : undefined;
	if (managingTool) return {tool: managingTool, evidence: `label app.kubernetes.io/managed-by=${managedBy}`};
	const instance = labels['app.kubernetes.io/instance'];
	if (instance)
		return {tool: 'Argo CD', evidence: `label app.kubernetes.io/instance=${instance}, Argo CD's tracking label`};
	return undefined;
}
