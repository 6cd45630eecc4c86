// What a limited user may do: one SelfSubjectAccessReview says whether deployments may be patched (the session
// exposes it for the header), a namespace-bound user asking for every namespace is told which namespace is allowed
// instead of an empty screen, and every write answers with the server's 403 line.
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {AllNamespacesForbidden, reviewWriteAccess, type AccessClient} from '../source/cluster/access.js';
import {verifyConnection, type Connection} from '../source/cluster/connect.js';
import {ApiError} from '../source/cluster/http.js';
import {createSession, type LiveSession} from '../source/cluster/session.js';
import {UserError} from '../source/errors.js';
import {accessText} from '../source/ui/format.js';
import {createDeployment, startTestCluster, type TestCluster} from './helpers/model-sim.js';
import {waitFor} from './helpers/wait.js';

type Call = {path: string; method?: string; body?: any};

/** An API server that answers by path: a value, or an ApiError to throw. */
function fakeClient(answers: Record<string, unknown>): AccessClient & {calls: Call[]} {
	const calls: Call[] = [];
	return {
		calls,
		async request(path: string, options: {method?: string; body?: unknown} = {}) {
			calls.push({path, method: options.method, body: options.body});
			const answer = answers[path];
			if (answer instanceof Error) throw answer;
			if (answer === undefined) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
			return answer;
		},
	} as AccessClient & {calls: Call[]};
}

const SSAR = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

describe('SelfSubjectAccessReview', () => {
	it('asks once whether deployments may be patched in the namespace', async () => {
		const client = fakeClient({[SSAR]: {status: {allowed: true}}});
		assert.deepEqual(await reviewWriteAccess(client, 'team-a'), {canWrite: true});
		assert.equal(client.calls.length, 1);
		assert.equal(client.calls[0]!.method, 'POST');
		assert.deepEqual(client.calls[0]!.body.spec.resourceAttributes, {
			namespace: 'team-a',
			verb: 'patch',
			group: 'apps',
			resource: 'deployments',
		});
	});

	it('a denial is the read-only line the header shows', async () => {
		const client = fakeClient({[SSAR]: {status: {allowed: false}}});
		assert.deepEqual(await reviewWriteAccess(client, 'default'), {
			canWrite: false,
			note: 'read-only: you cannot patch deployments in namespace "default"',
		});
		const everywhere = await reviewWriteAccess(
			fakeClient({[SSAR]: {status: {allowed: false, reason: 'no RBAC'}}}),
			undefined,
		);
		assert.equal(everywhere.note, 'read-only: you cannot patch deployments in every namespace (no RBAC)');
	});

	it('a server without the review API claims nothing', async () => {
		const access = await reviewWriteAccess(fakeClient({}), 'default');
		assert.equal(access.canWrite, undefined);
		assert.match(access.note ?? '', /^cannot ask whether deployments may be patched in namespace "default": /);
	});
});

describe('a namespace-bound user with -A', () => {
	const forbidden = new ApiError(
		403,
		'Forbidden',
		'deployments.apps is forbidden: User "team-a" cannot list resource "deployments" in API group "apps" at the cluster scope',
	);
	const connection = (client: AccessClient): Connection =>
		({
			client,
			server: 'https://sim',
			context: 'rollout-dash-sim-team-a',
			user: 'team-a',
			namespace: 'team-a',
			allNamespaces: true,
		}) as unknown as Connection;

	it('is told that every namespace is forbidden and which one is allowed', async () => {
		const client = fakeClient({
			'/version': {gitVersion: 'v1.32.0'},
			'/apis/apps/v1/deployments': forbidden,
			'/apis/apps/v1/namespaces/team-a/deployments': {items: []},
		});
		await assert.rejects(verifyConnection(connection(client)), (error: Error) => {
			assert.ok(error instanceof AllNamespacesForbidden);
			assert.equal(error.namespace, 'team-a');
			assert.equal(
				error.message,
				`listing deployments in all namespaces is forbidden (${forbidden.apiMessage}); namespace "team-a" is allowed: use -n team-a`,
			);
			assert.match(error.notice, /^listing deployments in all namespaces is forbidden; showing namespace "team-a"/);
			return true;
		});
	});

	it('without an allowed namespace, the server’s forbidden line', async () => {
		const client = fakeClient({
			'/version': {gitVersion: 'v1.32.0'},
			'/apis/apps/v1/deployments': forbidden,
			'/apis/apps/v1/namespaces/team-a/deployments': forbidden,
		});
		await assert.rejects(verifyConnection(connection(client)), (error: Error) => {
			assert.ok(error instanceof UserError && !(error instanceof AllNamespacesForbidden));
			assert.equal(error.message, `forbidden: ${forbidden.apiMessage}`);
			return true;
		});
	});
});

describe('the session against the simulator', () => {
	let cluster: TestCluster;
	let session: LiveSession;

	before(async () => {
		cluster = await startTestCluster();
		await createDeployment(cluster, 'web', 'nginx:1.17', 1);
		session = createSession(cluster.connection);
		await session.ready();
	});

	after(async () => {
		await session?.close();
		await cluster?.close();
	});

	it('exposes what the review answered', async () => {
		const access = await waitFor(() => session.getSnapshot().access?.note ?? session.getSnapshot().access?.canWrite, {
			timeout: 30_000,
		});
		assert.ok(access !== undefined);
		// The simulator's admin may write (or, without the review API, nothing is claimed).
		assert.notEqual(session.getSnapshot().access?.canWrite, false);
	});

	it('narrowTo shows the allowed namespace and says why', async () => {
		session.narrowTo('default', 'listing deployments in all namespaces is forbidden; showing namespace "default"');
		await waitFor(() => session.getSnapshot().access?.scopeNotice, {timeout: 30_000});
		assert.equal(session.getSnapshot().cluster.namespace, 'default');
	});

	it('a forbidden write answers with the server’s 403 line', async () => {
		cluster.sim.faults.failNextRequests(1, 403, /^PATCH .*\/deployments\/web/);
		const result = await session.run({kind: 'Deployment', namespace: 'default', name: 'web', verb: 'pause', args: {}});
		assert.equal(result.ok, false);
		assert.match(result.message, /^forbidden: /);
	});
});

describe('the header line', () => {
	it('says read-only only when the server said no, and names the namespace shown instead of a forbidden "all"', () => {
		assert.equal(accessText(undefined), undefined);
		assert.equal(accessText({canWrite: true}), undefined);
		assert.equal(accessText({canWrite: undefined, note: 'cannot ask whether …'}), undefined);
		assert.deepEqual(accessText({canWrite: false, note: 'read-only: you cannot patch deployments in namespace "x"'}), {
			text: 'read-only: you cannot patch deployments in namespace "x"',
			color: 'yellow',
		});
		assert.equal(
			accessText({
				canWrite: true,
				scopeNotice: 'listing deployments in all namespaces is forbidden; showing namespace "team-a"',
			})?.text,
			'listing deployments in all namespaces is forbidden; showing namespace "team-a"',
		);
	});
});
