// The kubeconfig that points kubectl and client-node at the simulator.
import {chmodSync, writeFileSync} from 'node:fs';

export const KUBECONFIG_NAME = 'rollout-dash-sim';

export function kubeconfigYaml(server: string, caPem: string, token: string): string {
	const ca = Buffer.from(caPem).toString('base64');
	return [
		'apiVersion: v1',
		'kind: Config',
		'clusters:',
		`- name: ${KUBECONFIG_NAME}`,
		'  cluster:',
		`    server: ${server}`,
		`    certificate-authority-data: ${ca}`,
		'contexts:',
		`- name: ${KUBECONFIG_NAME}`,
		'  context:',
		`    cluster: ${KUBECONFIG_NAME}`,
		`    user: ${KUBECONFIG_NAME}`,
		'    namespace: default',
		`current-context: ${KUBECONFIG_NAME}`,
		'preferences: {}',
		'users:',
		`- name: ${KUBECONFIG_NAME}`,
		'  user:',
		`    token: ${token}`,
		'',
	].join('\n');
}

/** Writes the kubeconfig readable by its owner only (it holds the token). */
export function writeKubeconfig(path: string, text: string): void {
	writeFileSync(path, text, {mode: 0o600});
	chmodSync(path, 0o600);
}
