// ActionRequests as the session runs them: the object is read first (as kubectl's builder does), then a verb its
// kind does not take is refused with kubectl's line, without a write. A client double records every request.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {runAction} from '../source/cluster/actions.js';
import type {ApiClient, RequestOptions} from '../source/cluster/http.js';
import type {ActionRequest} from '../source/model/verbs.js';
import {deployment} from './helpers/model-fixtures.js';

class RecordingClient {
	requests: {path: string; method: string}[] = [];
	constructor(private readonly answer: (path: string, options: RequestOptions) => unknown) {}
	async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
		this.requests.push({path, method: options.method ?? 'GET'});
		return this.answer(path, options) as T;
	}
}

const run = (client: RecordingClient, request: ActionRequest) => runAction(client as unknown as ApiClient, request);

describe('runAction', () => {
	it("pausing a StatefulSet: read, then kubectl's refusal, no PATCH", async () => {
		const client = new RecordingClient(() => ({kind: 'StatefulSet', metadata: {name: 'web', namespace: 'default'}}));
		for (const verb of ['pause', 'resume'] as const) {
			const result = await run(client, {kind: 'StatefulSet', namespace: 'default', name: 'web', verb, args: {}});
			assert.deepEqual(result, {
				ok: false,
				message: `statefulsets.apps "web" ${verb === 'pause' ? 'pausing' : 'resuming'} is not supported`,
			});
		}
		assert.deepEqual(client.requests, [
			{path: '/apis/apps/v1/namespaces/default/statefulsets/web', method: 'GET'},
			{path: '/apis/apps/v1/namespaces/default/statefulsets/web', method: 'GET'},
		]);
	});

	it('pausing a Deployment: read, then the strategic merge patch kubectl sends', async () => {
		const client = new RecordingClient(() => deployment({name: 'web'}));
		const result = await run(client, {kind: 'Deployment', namespace: 'default', name: 'web', verb: 'pause', args: {}});
		assert.deepEqual(result, {ok: true, message: 'deployment.apps/web paused'});
		assert.deepEqual(
			client.requests.map(r => r.method),
			['GET', 'PATCH'],
		);
	});

	it('a failed read is the one-line error, whatever the verb', async () => {
		const client = new RecordingClient(() => {
			throw new Error('connect ECONNREFUSED 127.0.0.1:1');
		});
		const result = await run(client, {kind: 'DaemonSet', namespace: 'default', name: 'agent', verb: 'pause', args: {}});
		assert.equal(result.ok, false);
		assert.match(result.message, /ECONNREFUSED/);
	});
});
