// kubectl rollout history/undo/pause/resume and a failing image against the simulator, with
// kubectl's own messages (these flows need the controllers; the API must carry them).
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startTestSimulator, type TestSimulator} from './helpers/sim-client.js';

let sim: TestSimulator;

before(async () => {
	sim = await startTestSimulator({speed: 50});
});
after(async () => {
	await sim.close();
});

async function run(...args: string[]) {
	return sim.kubectl(args);
}

async function ok(...args: string[]): Promise<string> {
	const result = await sim.kubectl(args);
	assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
	return result.stdout;
}

test('history, history --revision, undo --to-revision renumbering, and kubectl errors', async () => {
	await ok('create', 'deployment', 'nginx', '--image=nginx:1.16');
	await ok('rollout', 'status', 'deployment/nginx');
	for (const image of ['nginx:1.17', 'nginx:1.18']) {
		assert.equal(
			await ok('set', 'image', 'deployment/nginx', `nginx=${image}`),
			'deployment.apps/nginx image updated\n',
		);
		assert.match(await ok('rollout', 'status', 'deployment/nginx'), /deployment "nginx" successfully rolled out\n$/);
	}
	assert.equal(
		await ok('set', 'image', 'deployment/nginx', 'nginx=nginx:1.18'),
		'',
		'an unchanged image sends no patch and prints nothing',
	);
	assert.equal(
		await ok('rollout', 'history', 'deployment/nginx'),
		'deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n3         <none>\n\n',
	);
	const revision1 = await ok('rollout', 'history', 'deployment/nginx', '--revision=1');
	assert.match(
		revision1,
		/^deployment\.apps\/nginx with revision #1\nPod Template:\n {2}Labels:\tapp=nginx\n\tpod-template-hash=[4-9bcdf]+\n {2}Containers:\n {3}nginx:\n {4}Image:\tnginx:1\.16\n/,
	);

	assert.equal(
		await ok('rollout', 'undo', 'deployment/nginx', '--to-revision=1'),
		'deployment.apps/nginx rolled back\n',
	);
	await ok('rollout', 'status', 'deployment/nginx');
	assert.equal(
		await ok('rollout', 'history', 'deployment/nginx'),
		'deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n4         <none>\n\n',
	);
	assert.equal(
		await ok('rollout', 'undo', 'deployment/nginx', '--to-revision=4'),
		'deployment.apps/nginx skipped rollback (current template already matches revision 4)\n',
	);

	const unknown = await run('rollout', 'undo', 'deployment/nginx', '--to-revision=9');
	assert.deepEqual([unknown.code, unknown.stderr], [1, 'error: unable to find specified revision 9 in history\n']);
	const noRevision = await run('rollout', 'history', 'deployment/nginx', '--revision=9');
	assert.deepEqual([noRevision.code, noRevision.stderr], [1, 'error: unable to find the specified revision\n']);
	const notPaused = await run('rollout', 'resume', 'deployment/nginx');
	assert.deepEqual([notPaused.code, notPaused.stderr], [1, 'error: deployments.apps "nginx" is not paused\n']);

	assert.equal(await ok('rollout', 'pause', 'deployment/nginx'), 'deployment.apps/nginx paused\n');
	const again = await run('rollout', 'pause', 'deployment/nginx');
	assert.deepEqual([again.code, again.stderr], [1, 'error: deployments.apps "nginx" is already paused\n']);
	const undoPaused = await run('rollout', 'undo', 'deployment/nginx');
	assert.deepEqual(
		[undoPaused.code, undoPaused.stderr],
		[
			1,
			"error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n",
		],
	);
	assert.equal(await ok('rollout', 'resume', 'deployment/nginx'), 'deployment.apps/nginx resumed\n');
	assert.equal(sim.store.get('deployments', 'default', 'nginx')!.spec.paused, undefined, 'the SMP null removed paused');

	const missing = await run('rollout', 'status', 'deployment/absent');
	assert.equal(missing.stderr, 'Error from server (NotFound): deployments.apps "absent" not found\n');
});

test('a failing image ends kubectl rollout status with the progress deadline error', async () => {
	await ok('create', 'deployment', 'broken', '--image=nginx:notfound');
	assert.equal(
		await ok('patch', 'deployment', 'broken', '-p', '{"spec":{"progressDeadlineSeconds":2}}'),
		'deployment.apps/broken patched\n',
	);
	const status = await run('rollout', 'status', 'deployment/broken');
	assert.equal(status.code, 1);
	assert.equal(status.stderr, 'error: deployment "broken" exceeded its progress deadline\n');
	const pods = await ok('get', 'pods', '-l', 'app=broken');
	assert.match(
		pods,
		/^NAME +READY +STATUS +RESTARTS +AGE\nbroken-[4-9bcdf]+-[bcdfghjklmnpqrstvwxz2456789]{5} +0\/1 +(ErrImagePull|ImagePullBackOff) +0 +\d+s\n$/,
	);
});
