// What a limited user may do: one SelfSubjectAccessReview says whether deployments may be patched (the session
// exposes it for the header), a namespace-bound user asking for every namespace is told which namespace is allowed
// instead of an empty screen, and every write answers with the server's 403 line.
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {AccessTracker, AllNamespacesForbidden, reviewWriteAccess, type AccessClient} from '../source/cluster/access.js';
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
			assert.equal(
				error.notice,
				'listing all namespaces is forbidden for this user: showing team-a (:ns to choose another)',
			);
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

describe('AccessTracker after every namespace was forbidden', () => {
	const notice = 'listing all namespaces is forbidden for this user: showing team-a (:ns to choose another)';

	it('keeps the notice while the namespace offered is shown, and "all" forbidden after a switch', async () => {
		let changes = 0;
		const tracker = new AccessTracker(fakeClient({[SSAR]: {status: {allowed: true}}}), () => changes++);
		tracker.review(undefined);
		tracker.narrowed('team-a', notice);
		assert.deepEqual(tracker.state, {canWrite: undefined, scopeNotice: notice, allNamespacesForbidden: true});
		tracker.review('team-a');
		await waitFor(() => tracker.state.canWrite, {timeout: 5000});
		assert.deepEqual(tracker.state, {canWrite: true, scopeNotice: notice, allNamespacesForbidden: true});
		// Another namespace chosen with :ns: the notice no longer says what is shown; "all" is still forbidden.
		const before = changes;
		tracker.review('team-b');
		await waitFor(() => changes > before, {timeout: 5000});
		assert.deepEqual(tracker.state, {canWrite: true, allNamespacesForbidden: true});
	});

	it('an answer about every namespace that came before the narrowing is not shown for the namespace offered', async () => {
		const tracker = new AccessTracker(fakeClient({[SSAR]: {status: {allowed: false}}}), () => {});
		tracker.review(undefined);
		await waitFor(() => tracker.state.canWrite === false, {timeout: 5000});
		tracker.narrowed('team-a', notice);
		assert.deepEqual(tracker.state, {canWrite: undefined, scopeNotice: notice, allNamespacesForbidden: true});
		assert.equal(accessText(tracker.state)?.text, notice);
	});

	it('an answer to the question about every namespace, arriving late, does not undo the narrowing', async () => {
		const tracker = new AccessTracker(fakeClient({[SSAR]: {status: {allowed: false}}}), () => {});
		tracker.narrowed('team-a', notice);
		tracker.review(undefined);
		await waitFor(() => tracker.state.canWrite === false, {timeout: 5000});
		assert.equal(tracker.state.allNamespacesForbidden, true);
		assert.equal(tracker.state.scopeNotice, undefined);
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
