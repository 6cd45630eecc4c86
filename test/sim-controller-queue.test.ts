import {test} from 'node:test';
import assert from 'node:assert/strict';
import {WorkQueue} from '../source/sim/controllers/queue.js';
import {waitFor} from './helpers/wait.js';

test('work queue: a burst of adds for one key is one sync; first-class keys run first; keys added during a batch wait for the next', async () => {
	const seen: string[][] = [];
	let batch: string[] = [];
	const queue = new WorkQueue(
		key => {
			batch.push(key);
			if (key === 'deployment:a' && seen.length === 0) queue.add('replicaset:late');
		},
		() => {},
		key => key.startsWith('replicaset:'),
	);
	const flushBatch = () =>
		new Promise<void>(resolve =>
			setImmediate(() => {
				seen.push(batch);
				batch = [];
				resolve();
			}),
		);
	for (let i = 0; i < 100; i++) queue.add('deployment:a');
	queue.add('replicaset:x');
	queue.add('deployment:b');
	await flushBatch();
	assert.deepEqual(seen[0], ['replicaset:x', 'deployment:a', 'deployment:b']);
	await flushBatch();
	assert.deepEqual(seen[1], ['replicaset:late']);
	queue.stop();
});

test('work queue: addAfter keeps the earliest delay and failures retry with back-off', async () => {
	const calls: string[] = [];
	let failures = 2;
	const errors: string[] = [];
	const queue = new WorkQueue(
		key => {
			calls.push(key);
			if (key === 'flaky' && failures-- > 0) throw new Error('conflict');
		},
		(key, error) => errors.push(`${key}: ${(error as Error).message}`),
	);
	queue.addAfter('later', 60_000);
	queue.addAfter('later', 5);
	queue.add('flaky');
	await waitFor(() => calls.includes('later') && calls.filter(c => c === 'flaky').length === 3, {
		message: 'later ran and flaky succeeded',
	});
	assert.deepEqual(errors, ['flaky: conflict', 'flaky: conflict']);
	assert.equal(calls.filter(c => c === 'later').length, 1);
	queue.stop();
});
