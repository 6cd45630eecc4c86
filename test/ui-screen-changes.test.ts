import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {DashboardSnapshot} from '../source/model/types.js';
import {changesScreen, type OnScreen} from '../source/ui/screen-changes.js';
import {initialUiState} from '../source/ui/state.js';
import {deployment, progress, sampleSnapshot, webFocus} from './helpers/ui-fake-session.js';

const NOW = Date.now();

function bigList(): DashboardSnapshot {
	const base = sampleSnapshot();
	const deployments = Array.from({length: 100}, (_, index) =>
		deployment({name: `app-${String(index).padStart(3, '0')}`}),
	);
	return {...base, deployments};
}

/** The snapshot with deployment `index` replaced by a changed copy. */
function replaced(
	snapshot: DashboardSnapshot,
	index: number,
	change: Partial<DashboardSnapshot['deployments'][number]> = {},
): DashboardSnapshot {
	const deployments = [...snapshot.deployments];
	deployments[index] = {...deployments[index]!, progress: progress({ready: 2}), ...change};
	return {...snapshot, deployments};
}

const list: OnScreen = {state: initialUiState, listWindow: {start: 0, end: 20}, now: NOW};

describe('changesScreen', () => {
	const shown = bigList();

	it('the list: a changed row in the window shows, one below it does not', () => {
		assert.equal(changesScreen(shown, replaced(shown, 5), list), true);
		assert.equal(changesScreen(shown, replaced(shown, 50), list), false);
		assert.equal(changesScreen(shown, {...shown}, list), false, 'a new snapshot with the same deployments');
	});

	it('the list: an off-screen change that widens a column, or changes the count, shows', () => {
		assert.equal(
			changesScreen(shown, replaced(shown, 50, {name: 'a-much-longer-name-than-all-the-others'}), list),
			true,
		);
		assert.equal(changesScreen(shown, replaced(shown, 50, {revision: 12345}), list), true);
		assert.equal(changesScreen(shown, {...shown, deployments: shown.deployments.slice(0, 99)}, list), true);
	});

	it('the connection, the cluster, a filter and overlays always count', () => {
		assert.equal(changesScreen(shown, {...replaced(shown, 50), connection: {state: 'connecting'}}, list), true);
		assert.equal(
			changesScreen(shown, {...replaced(shown, 50), cluster: {...shown.cluster, namespace: undefined}}, list),
			true,
		);
		assert.equal(changesScreen(shown, replaced(shown, 50), {...list, state: {...initialUiState, filter: 'app'}}), true);
		assert.equal(changesScreen(shown, replaced(shown, 50), {...list, state: {...initialUiState, mode: 'help'}}), true);
	});

	it('the deployment view: only the open deployment and the focus count', () => {
		const open: OnScreen = {
			...list,
			state: {...initialUiState, view: 'deployment', open: {kind: 'Deployment', namespace: 'default', name: 'app-050'}},
		};
		const focused = {...shown, focus: webFocus()};
		assert.equal(changesScreen(focused, replaced(focused, 5), open), false, 'another deployment changed');
		assert.equal(changesScreen(focused, replaced(focused, 50), open), true, 'the open one changed');
		assert.equal(
			changesScreen(focused, {...focused, focus: webFocus()}, open),
			true,
			'pods, events or history changed',
		);
	});
});
