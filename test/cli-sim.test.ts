// `rollout-dash sim` as a user runs it: announces its kubeconfig once it serves, kubectl can use it,
// and it exits 0 on SIGINT or SIGTERM.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {runProcess, startCli} from './helpers/lead-process.js';
import {waitFor} from './helpers/wait.js';

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	test(`sim serves kubectl through the kubeconfig it writes, and exits 0 on ${signal}`, async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'rd-sim-'));
		const kubeconfig = path.join(dir, 'sim.kubeconfig');
		const sim = startCli(['sim', '--kubeconfig', kubeconfig, '--scenario', 'empty', '--speed', '20']);
		try {
			await waitFor(() => sim.output().includes(`kubeconfig: ${kubeconfig}\n`), {
				timeout: 60_000,
				message: () => `stdout: ${sim.output()}\nstderr: ${sim.errors()}`,
			});
			assert.equal(statSync(kubeconfig).mode & 0o777, 0o600);
			const config = readFileSync(kubeconfig, 'utf8');
			assert.doesNotMatch(config, /insecure-skip-tls-verify/);
			assert.match(config, /certificate-authority-data/);
			const kubectl = await runProcess('kubectl', [
				'--kubeconfig',
				kubeconfig,
				'--cache-dir',
				path.join(dir, 'cache'),
				'get',
				'namespaces',
				'-o',
				'name',
			]);
			assert.equal(kubectl.code, 0, kubectl.stderr);
			assert.match(kubectl.stdout, /^namespace\/default$/m);
		} finally {
			sim.child.kill(signal);
		}
		assert.equal(await sim.exited, 0);
	});
}
