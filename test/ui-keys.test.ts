import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {
	confirmRevision,
	handleKey,
	initialUiState,
	kubectlCommand,
	MAX_QUEUED,
	settle,
	type KeyContext,
	type KeyFlags,
	type UiState,
} from '../source/ui/keys.js';
import type {TemplateChange} from '../source/model/types.js';
import {sampleSnapshot, webFocus} from './helpers/ui-fake-session.js';

function context(overrides: Partial<KeyContext> = {}): KeyContext {
	return {
		snapshot: {...sampleSnapshot(), focus: webFocus()},
		readonly: false,
		pageSize: 5,
		templateDiff: (): TemplateChange[] => [{field: 'image app', from: 'nginx:1.23', to: 'nginx:1.22'}],
		contexts: ['sim', 'other'],
		...overrides,
	};
}

/** Feeds keys one by one, collecting effects. */
function run(keys: (string | [string, KeyFlags])[], ctx = context(), state: UiState = initialUiState) {
	const effects = [];
	for (const entry of keys) {
		const [input, flags] = typeof entry === 'string' ? [entry, {}] : entry;
		const outcome = handleKey(state, ctx, input, flags);
		state = outcome.state;
		effects.push(...outcome.effects);
	}
	return {state, effects};
}

const enter: [string, KeyFlags] = ['\r', {return: true}];
const escapeKey: [string, KeyFlags] = ['', {escape: true, meta: true}];

describe('handleKey', () => {
	it('moves over the list with j/k, arrows, g/G and pages, clamped', () => {
		assert.equal(run(['j', 'j', 'j', 'j']).state.selectedKey, 'default/worker');
		assert.equal(run(['j', ['', {upArrow: true}]]).state.selectedKey, 'default/api');
		assert.equal(run(['G']).state.selectedKey, 'default/worker');
		assert.equal(run(['G', 'g']).state.selectedKey, 'default/api');
		assert.equal(run([['', {pageDown: true}]]).state.selectedKey, 'default/worker');
	});

	it('handles a run of characters as keys, and stops at q', () => {
		assert.equal(run(['jj']).state.selectedKey, 'default/worker');
		const {effects, state} = run(['jqj']);
		assert.deepEqual(effects, [{kind: 'quit'}]);
		assert.equal(state.selectedKey, 'default/web');
	});

	it('takes a run of characters as filter text', () => {
		const {state} = run(['/', 'wor', enter]);
		assert.equal(state.filter, 'wor');
		assert.equal(state.mode, 'normal');
	});

	it('Ctrl-C quits from any mode, even the filter prompt', () => {
		for (const start of [['/'], ['?'], ['n'], ['j', enter, 'u']]) {
			const {effects} = run([...start, ['c', {ctrl: true}]]);
			assert.deepEqual(effects.at(-1), {kind: 'quit'}, JSON.stringify(start));
		}
	});

	it('Escape is not taken for meta (Ink 6 sets both)', () => {
		const {state, effects} = run(['j', enter, escapeKey]);
		assert.equal(state.view, 'list');
		assert.deepEqual(effects, [
			{kind: 'focus', target: {kind: 'Deployment', namespace: 'default', name: 'web'}},
			{kind: 'focus', target: undefined},
		]);
	});

	it('undo goes through the confirmation with the selected revision', () => {
		const {effects, state} = run(['j', enter, 'j', 'j', 'u']);
		assert.equal(state.mode, 'confirm');
		assert.equal(state.confirm && confirmRevision(state.confirm), 1);
		assert.equal(effects.length, 1, 'only focus so far');
		const confirmed = run(['y'], context(), state);
		assert.deepEqual(confirmed.effects, [
			{
				kind: 'action',
				request: {
					kind: 'Deployment',
					namespace: 'default',
					name: 'web',
					verb: 'undo',
					args: {toRevision: 1, basedOnGeneration: 3},
				},
			},
		]);
		assert.match(confirmed.state.pending ?? '', /rolling back deployment\/web to revision 1/);
	});

	it('keeps the revision selection within the history', () => {
		const {state} = run(['j', enter, 'j', 'j', 'j', 'j', 'j']);
		assert.equal(state.revisionIndex, 2);
	});

	it('keeps the selected revision when a rollout adds a newer one', () => {
		const ctx = context();
		const {state} = run(['j', enter, 'j', 'k'], ctx);
		assert.equal(state.selectedReplicaSet, 'web-hash2');
		const focus = webFocus();
		focus.history.push({...focus.history[2]!, revision: 4, replicaSetName: 'web-hash4', isCurrent: true});
		const later = context({snapshot: {...sampleSnapshot(), focus}});
		const {state: after} = run(['u'], later, state);
		assert.equal(after.confirm && confirmRevision(after.confirm), 2);
	});

	it('reports a template diff that fails instead of crashing', () => {
		const failing = context({
			templateDiff: () => {
				throw new Error('revision 7 not found');
			},
		});
		const {state} = run(['j', enter, 'u'], failing);
		assert.equal(state.confirm?.diffError, 'revision 7 not found');
	});

	it('queues keys typed before the history has loaded, and applies them in order once it has', () => {
		const noFocus = context({snapshot: sampleSnapshot()});
		const {state, effects} = run(['j', enter, 'j', 'u'], noFocus);
		assert.equal(state.mode, 'normal');
		assert.deepEqual(
			state.queued?.map(press => press.input),
			['j', 'u'],
		);
		assert.equal(effects.length, 1);
		const settled = settle(state, context());
		assert.equal(settled.state.mode, 'confirm');
		assert.equal(settled.state.queued, undefined);
		// The previous revision (2) was the initial selection; j moved below it.
		assert.equal(settled.state.confirm && confirmRevision(settled.state.confirm), 1);
	});

	it('a key that comes after the history arrived, before its settle ran, goes after the keys that waited', () => {
		const noFocus = context({snapshot: sampleSnapshot()});
		const {state} = run(['j', enter, 'g'], noFocus);
		assert.deepEqual(
			state.queued?.map(press => press.input),
			['g'],
		);
		// The snapshot with the history is there; the settle that follows it has not run yet when d comes.
		const {state: after, effects} = run(['d'], context(), state);
		assert.equal(after.queued, undefined);
		assert.equal(after.selectedReplicaSet, 'web-hash3', 'g, typed first, selected the newest revision');
		assert.deepEqual(effects.at(-1), {
			kind: 'text',
			what: 'describe',
			ref: {kind: 'ReplicaSet', namespace: 'default', name: 'web-hash3'},
		});
	});

	it('drops the queued keys with a note when the view is left before its history loaded', () => {
		const noFocus = context({snapshot: sampleSnapshot()});
		const {state} = run(['j', enter, 'j', 'u', escapeKey], noFocus);
		assert.equal(state.view, 'list');
		assert.equal(state.queued, undefined);
		assert.match(state.result?.message ?? '', /dropped 2 key\(s\) typed before the history loaded: j u/);
	});

	describe('keys typed before the first list', () => {
		const connecting = () =>
			context({snapshot: {...sampleSnapshot(), deployments: [], connection: {state: 'connecting'}}});

		it('wait, then run in order once a snapshot has the list: j j Enter opens the third row', () => {
			const {state, effects} = run(['jj', enter], connecting());
			assert.deepEqual(effects, []);
			assert.deepEqual(
				state.queued?.map(press => press.input),
				['j', 'j', '\r'],
			);
			const settled = settle(state, context());
			assert.equal(settled.state.queued, undefined);
			assert.equal(settled.state.listed, true);
			assert.deepEqual(settled.effects, [
				{kind: 'focus', target: {kind: 'Deployment', namespace: 'default', name: 'worker'}},
			]);
		});

		it('a filter typed ahead applies to the list once it is there, q in it is text', () => {
			const {state, effects} = run(['/', 'q', escapeKey, '/', 'wo', 'q', ['', {backspace: true}], enter], connecting());
			assert.deepEqual(effects, [], 'neither q quits: each is typed in a filter opened before it');
			assert.equal(state.mode, 'normal');
			const {state: after} = run(['j'], context(), state);
			assert.equal(after.filter, 'wo');
			assert.equal(after.selectedKey, 'default/worker');
		});

		it('q with nothing waiting quits at once, Ctrl-C always; Esc leaves the queue as it is', () => {
			assert.deepEqual(run(['q'], connecting()).effects, [{kind: 'quit'}]);
			assert.deepEqual(run(['j', 'q'], connecting()).effects, [{kind: 'quit'}]);
			assert.deepEqual(run(['/', ['c', {ctrl: true}]], connecting()).effects, [{kind: 'quit'}]);
			const {state} = run(['j', escapeKey], connecting());
			assert.deepEqual(
				state.queued?.map(press => press.input),
				['j'],
			);
		});

		it('do not wait once the first list has come, even while a later one loads', () => {
			const listed = settle(initialUiState, context()).state;
			assert.equal(listed.listed, true);
			const {state} = run(['j'], connecting(), listed);
			assert.equal(state.queued, undefined);
		});

		it('act once the workloads are listed, while the ReplicaSets still list (the connection still connecting)', () => {
			const workloadsListed = context({
				snapshot: {...sampleSnapshot(), connection: {state: 'connecting'}, workloadsListed: true},
			});
			assert.equal(run(['j'], workloadsListed).state.selectedKey, 'default/web');
		});

		it('act at once when the connection failed (no list is coming soon)', () => {
			const failing = context({
				snapshot: {...sampleSnapshot(), connection: {state: 'reconnecting', since: new Date(), lastError: 'refused'}},
			});
			assert.equal(run(['j'], failing).state.selectedKey, 'default/web');
		});

		it('are bounded: keys beyond MAX_QUEUED are dropped with a note', () => {
			const {state} = run(['j'.repeat(MAX_QUEUED + 3)], connecting());
			assert.equal(state.queued?.length, MAX_QUEUED);
			assert.match(state.result?.message ?? '', /keys after the first 256 dropped/);
		});
	});

	it('builds the kubectl commands', () => {
		const base = {kind: 'Deployment', namespace: 'shop', name: 'cart'} as const;
		assert.equal(
			kubectlCommand({request: {...base, verb: 'undo', args: {toRevision: 4}}, changes: []}),
			'kubectl rollout undo deployment/cart -n shop --to-revision=4',
		);
		assert.equal(
			kubectlCommand({request: {...base, verb: 'restart', args: {}}, changes: []}),
			'kubectl rollout restart deployment/cart -n shop',
		);
	});
});
