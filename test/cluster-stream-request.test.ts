// The one streaming GET that pod logs and watches share: what it sends, and that it ends exactly once however it ends.
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import type {KubeConfigLike} from '../source/cluster/http.js';
import {streamRequest, type Refusal, type StreamHandlers} from '../source/cluster/stream-request.js';
import {waitFor} from './helpers/wait.js';

interface Seen {
	url: string;
	headers: http.IncomingHttpHeaders;
	response: http.ServerResponse;
	closed: boolean;
}

const seen: Seen[] = [];
let answer: (seen: Seen) => void = () => {};
let server: http.Server;
let port = 0;

before(async () => {
	server = http.createServer((request, response) => {
		const entry: Seen = {url: request.url ?? '', headers: request.headers, response, closed: false};
		seen.push(entry);
		response.on('close', () => (entry.closed = true));
		answer(entry);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as AddressInfo).port;
});

after(() => new Promise<void>(resolve => server.close(() => resolve())));

function kubeConfig(server: string | undefined): KubeConfigLike {
	return {
		getCurrentCluster: () => (server === undefined ? null : {server}),
		applyToHTTPSOptions: async options => {
			options.headers = {...options.headers, 'Impersonate-User': 'jane'};
			options.auth = 'user:secret';
		},
	};
}

/** Handlers that record what they are given; `refused` finishes as the test says. */
function recorder(refused: (refusal: Refusal) => void = ({finish}) => finish(new Error('refused'))) {
	const record = {opened: 0, chunks: [] as string[], done: [] as unknown[], refusals: [] as Refusal[]};
	const handlers: StreamHandlers = {
		open: () => record.opened++,
		chunk: text => record.chunks.push(text),
		refused: refusal => {
			record.refusals.push(refusal);
			refused(refusal);
		},
		done: error => record.done.push(error),
	};
	return {record, handlers};
}

test('sends one GET with the query, Accept, the kubeconfig headers and basic auth; the body in chunks; done once with null', async () => {
	answer = ({response}) => {
		response.writeHead(200, {'Content-Type': 'text/plain'});
		response.write('one\n');
		response.end('two\n');
	};
	const {record, handlers} = recorder();
	const before = seen.length;
	const controller = await streamRequest(
		kubeConfig(`http://127.0.0.1:${port}//`),
		'/api/v1/namespaces/default/pods/web/log',
		{follow: true, container: undefined, tailLines: 100},
		{accept: '*/*'},
		handlers,
	);
	await waitFor(() => record.done.length > 0, {message: 'the end of the stream'});
	const request = seen[before]!;
	assert.equal(request.url, '/api/v1/namespaces/default/pods/web/log?follow=true&tailLines=100');
	assert.equal(request.headers.accept, '*/*');
	assert.equal(request.headers['impersonate-user'], 'jane');
	assert.equal(request.headers.authorization, `Basic ${Buffer.from('user:secret').toString('base64')}`);
	assert.equal(record.opened, 1);
	assert.equal(record.chunks.join(''), 'one\ntwo\n');
	// The response's end and its close both happened: done was still called only once.
	await waitFor(() => request.closed, {message: 'the connection closed'});
	assert.deepEqual(record.done, [null]);
	assert.ok(controller.signal.aborted, 'a finished request holds nothing open');
});

test('abort: done at once with the abort reason, and never again', async () => {
	answer = ({response}) => {
		response.writeHead(200, {'Content-Type': 'application/json'});
		response.write('first\n');
	};
	const {record, handlers} = recorder();
	const before = seen.length;
	const controller = await streamRequest(
		kubeConfig(`http://127.0.0.1:${port}`),
		'/x',
		{},
		{accept: 'application/json', keepAliveMs: 30_000},
		handlers,
	);
	await waitFor(() => record.chunks.length > 0, {message: 'the first chunk'});
	controller.abort();
	assert.equal(record.done.length, 1, 'done is called during abort()');
	assert.equal((record.done[0] as Error).name, 'AbortError');
	const request = seen[before]!;
	await waitFor(() => request.closed, {message: 'the server to see the connection closed'});
	assert.equal(record.done.length, 1);
	assert.deepEqual(record.chunks, ['first\n']);
});

test('an answer other than 200 goes to refused with the Authorization sent; only the first finish counts', async () => {
	answer = ({response}) => {
		response.writeHead(401, {'Content-Type': 'application/json'});
		response.end('{"kind":"Status","code":401}');
	};
	const first = new Error('first');
	const {record, handlers} = recorder(({response, finish}) => {
		response.resume();
		finish(first);
		finish(new Error('second'));
	});
	const before = seen.length;
	await streamRequest(kubeConfig(`http://127.0.0.1:${port}`), '/x', {watch: true}, {accept: '*/*'}, handlers);
	await waitFor(() => record.done.length > 0, {message: 'the refusal'});
	await waitFor(() => seen[before]?.closed, {message: 'the connection closed'});
	assert.equal(record.opened, 0);
	assert.equal(record.refusals.length, 1);
	assert.equal(record.refusals[0]!.status, 401);
	assert.equal(record.refusals[0]!.authorization, `Basic ${Buffer.from('user:secret').toString('base64')}`);
	assert.deepEqual(record.done, [first]);
	assert.deepEqual(record.chunks, []);
});

test('a connection that fails ends the request once with the error', async () => {
	const closed = http.createServer();
	await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
	const deadPort = (closed.address() as AddressInfo).port;
	await new Promise<void>(resolve => closed.close(() => resolve()));
	const {record, handlers} = recorder();
	const controller = await streamRequest(
		kubeConfig(`http://127.0.0.1:${deadPort}`),
		'/x',
		{},
		{accept: '*/*'},
		handlers,
	);
	await waitFor(() => record.done.length > 0, {message: 'the connection error'});
	assert.equal((record.done[0] as {code?: string}).code, 'ECONNREFUSED');
	controller.abort();
	assert.equal(record.done.length, 1, 'an abort after the end changes nothing');
	assert.equal(record.opened, 0);
});

test('no current cluster: rejects before sending anything', async () => {
	const {record, handlers} = recorder();
	const before = seen.length;
	await assert.rejects(
		streamRequest(kubeConfig(undefined), '/x', {}, {accept: '*/*'}, handlers),
		/^Error: no current cluster in the kubeconfig$/,
	);
	assert.equal(seen.length, before);
	assert.deepEqual(record.done, []);
});
