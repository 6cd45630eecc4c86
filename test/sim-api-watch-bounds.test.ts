// Watchers that stop reading cost the simulator a bounded amount: each watcher's backlog is capped and a watcher
// that falls behind is closed (it must watch again), while a watcher that reads gets every event. The event history
// kept for resumption is bounded by bytes as well as by count.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {request as httpsRequest} from 'node:https';
import type {ClientRequest} from 'node:http';
import {startTestSimulator} from './helpers/sim-client.js';

import {Store} from '../source/sim/store.js';
import {waitFor, WAIT_MS} from './helpers/wait.js';

const EVENT_BYTES = 32 * 1024;

function eventObject(index: number) {
	return {
		apiVersion: 'v1',
		kind: 'Event',
		metadata: {name: `load-${index}`, namespace: 'default'},
		involvedObject: {kind: 'Pod', name: 'load', namespace: 'default'},
		reason: 'Load',
		message: `${index} `.padEnd(EVENT_BYTES, 'x'),
		type: 'Normal',
		count: 1,
	};
}

test('ten watchers that stop reading are closed with a bounded backlog; a reading watcher gets every event', async t => {
	const sim = await startTestSimulator({controllers: false});
	t.after(() => sim.close());
	const stalled: ClientRequest[] = [];
	t.after(() => {
		for (const request of stalled) request.destroy();
	});
	for (let i = 0; i < 10; i++) {
		const request = httpsRequest(new URL('/api/v1/events?watch=true', sim.url), {
			headers: {Authorization: `Bearer ${sim.token}`},
			ca: sim.caPem,
			agent: false,
		});
		request.on('error', () => {});
		request.on('response', response => response.pause()); // never reads a byte of the stream
		request.end();
		stalled.push(request);
	}
	const reader = await sim.watch('/api/v1/events?watch=true');
	t.after(() => reader.close());
	await waitFor(() => sim.openWatchCount() === 11, {timeout: WAIT_MS});

	// 40 MB of writes, in batches the reading watcher keeps up with.
	const total = 1280;
	for (let index = 0; index < total; ) {
		for (const end = index + 16; index < end; index++) sim.store.create('events', eventObject(index));
		const written = index;
		await reader.until(`${written} events`, events => events.length >= written);
	}
	await waitFor(() => sim.watchStats.closedBehind === 10 && sim.openWatchCount() === 1, {
		timeout: WAIT_MS,
		message: () => JSON.stringify({...sim.watchStats, open: sim.openWatchCount()}),
	});
	// The backlog never went past the limit by more than one event (and its framing).
	assert.ok(
		sim.watchStats.maxBufferedBytes <= 8 * 1024 * 1024 + EVENT_BYTES + 1024,
		`max backlog ${sim.watchStats.maxBufferedBytes}`,
	);
	assert.equal(reader.ended, false, 'the reading watcher is still open');
	assert.deepEqual(
		reader.events.map(event => [event.type, event.object.metadata.name]),
		Array.from({length: total}, (_, index) => ['ADDED', `load-${index}`]),
	);
});

test('a watcher behind for longer than its budget is closed even below the hard limit', async t => {
	const sim = await startTestSimulator({
		controllers: false,
		watchLimits: {behindBytes: 64 * 1024, behindBudgetMs: 0, bufferLimitBytes: 512 * 1024 * 1024},
	});
	t.after(() => sim.close());
	const request = httpsRequest(new URL('/api/v1/events?watch=true', sim.url), {
		headers: {Authorization: `Bearer ${sim.token}`},
		ca: sim.caPem,
		agent: false,
	});
	request.on('error', () => {});
	request.on('response', response => response.pause());
	request.end();
	t.after(() => request.destroy());
	await waitFor(() => sim.openWatchCount() === 1, {timeout: WAIT_MS});
	// Write until the socket's buffers are full and the backlog passes 64 KiB (bounded: 64 MB at most).
	for (let index = 0; index < 2048 && sim.watchStats.closedBehind === 0; index++) {
		sim.store.create('events', eventObject(index));
		if (index % 32 === 31) await new Promise(resolve => setImmediate(resolve));
	}
	assert.equal(sim.watchStats.closedBehind, 1);
	await waitFor(() => sim.openWatchCount() === 0, {timeout: WAIT_MS});
});

test('a watch whose initial events are larger than the limit is not closed for them', async t => {
	const sim = await startTestSimulator({controllers: false});
	t.after(() => sim.close());
	const initial = 400; // 12.8 MB of current objects, sent as the watch's initial ADDED events
	for (let index = 0; index < initial; index++) sim.store.create('events', eventObject(index));
	const from = sim.store.resourceVersion;
	const watch = await sim.watch('/api/v1/events?watch=true');
	t.after(() => watch.close());
	sim.store.create('events', eventObject(initial)); // a live event right behind them
	await watch.until('every event', events => events.length === initial + 1);
	assert.equal(sim.watchStats.closedBehind, 0);
	// A replay from a resourceVersion is the same: it is the watch's own to send.
	const replay = await sim.watch(`/api/v1/events?watch=true&resourceVersion=${from - initial}`);
	t.after(() => replay.close());
	await replay.until('the replayed events and the live one', events => events.length === initial + 1);
	assert.equal(sim.watchStats.closedBehind, 0);
});

test('the event history is bounded by bytes as well as by count; older versions are answered 410', () => {
	const store = new Store({historySize: 1000, historyBytes: 1024 * 1024});
	const first = store.resourceVersion;
	for (let index = 0; index < 200; index++) store.create('events', eventObject(index) as any);
	assert.ok(store.historyByteCount <= 1024 * 1024, `${store.historyByteCount} bytes kept`);
	assert.ok(store.historyByteCount > 1024 * 1024 - 2 * EVENT_BYTES, `${store.historyByteCount} bytes kept`);
	assert.ok(store.historyLength < 40, `${store.historyLength} events kept`);
	assert.equal(store.eventsSince(first), undefined, 'too old: 410 Expired');
	assert.equal(store.eventsSince(store.resourceVersion - 5)?.length, 5);
	// One event larger than the whole budget is still kept: a watch can resume from the current version.
	store.create('events', {...eventObject(999), message: 'y'.repeat(2 * 1024 * 1024)} as any);
	assert.equal(store.historyLength, 1);
	assert.equal(store.eventsSince(store.resourceVersion - 1)?.length, 1);
});
