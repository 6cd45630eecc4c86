// What is on screen, decided in one place: the body for each state, the list's rows and window, reuse of what holds.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {bodyOf, screenOf} from '../source/ui/screen.js';
import {initialUiState, type Confirmation, type UiState} from '../source/ui/state.js';
import {deployment, sampleSnapshot, webFocus} from './helpers/ui-fake-session.js';

const web = {kind: 'Deployment', namespace: 'default', name: 'web'} as const;
const confirm: Confirmation = {request: {...web, verb: 'restart', args: {}}, changes: []};

describe('bodyOf', () => {
	const table: [string, Partial<UiState>, string][] = [
		['the list', {}, 'list'],
		['the filter prompt over the list', {mode: 'filter'}, 'list'],
		['an open deployment', {view: 'deployment', open: web}, 'deployment'],
		['the help over a deployment', {view: 'deployment', open: web, mode: 'help'}, 'help'],
		['the namespace picker', {mode: 'namespace'}, 'namespace'],
		['a confirmation', {mode: 'confirm', confirm}, 'confirm'],
		['confirm mode without a confirmation', {mode: 'confirm'}, 'list'],
		['the deployment view without a target', {view: 'deployment'}, 'list'],
	];
	for (const [name, state, body] of table) {
		it(name, () => assert.equal(bodyOf({...initialUiState, ...state}), body));
	}
});

describe('screenOf', () => {
	const many = Array.from({length: 60}, (_, index) => deployment({name: `app-${String(index).padStart(2, '0')}`}));
	const snapshot = {...sampleSnapshot(), deployments: many, focus: webFocus()};

	it('sizes the frame one row short of the terminal and windows the list around the selection', () => {
		const state = {...initialUiState, listIndex: 30};
		const screen = screenOf(state, snapshot, {rows: 20}, undefined);
		assert.deepEqual([screen.height, screen.bodyHeight, screen.listHeight], [19, 16, 15]);
		assert.equal(screen.selected, 30);
		assert.ok(screen.listWindow.start <= 30 && 30 < screen.listWindow.end);
		assert.equal(screen.listWindow.end - screen.listWindow.start, 15);
	});

	it('gives the body the rows a taller footer leaves, the selection still in the window', () => {
		const state = {...initialUiState, listIndex: 59};
		const short = screenOf(state, snapshot, {rows: 20}, undefined);
		const tall = screenOf(state, snapshot, {rows: 20, footerRows: 4}, short);
		assert.deepEqual([tall.height, tall.footerRows, tall.bodyHeight, tall.listHeight], [19, 4, 13, 12]);
		assert.deepEqual(tall.listWindow, {start: 48, end: 60});
	});

	it('keeps the filtered rows while the deployments and the filter are the same', () => {
		const state = {...initialUiState, filter: 'app-1'};
		const first = screenOf(state, snapshot, {rows: 20}, undefined);
		assert.equal(first.visible.length, 10);
		assert.equal(screenOf({...state, listIndex: 3}, snapshot, {rows: 20}, first).visible, first.visible);
		assert.notEqual(screenOf({...state, filter: 'app-2'}, snapshot, {rows: 20}, first).visible, first.visible);
	});

	it("keeps the list's window while the list is covered, so it comes back where it was", () => {
		const list = screenOf({...initialUiState, listIndex: 40}, snapshot, {rows: 20}, undefined);
		const covered = screenOf({...initialUiState, listIndex: 0, mode: 'help'}, snapshot, {rows: 20}, list);
		assert.equal(covered.listWindow, list.listWindow);
	});

	it('reads the open deployment and its revisions, newest first', () => {
		const withWeb = {...sampleSnapshot(), focus: webFocus()};
		const screen = screenOf({...initialUiState, view: 'deployment', open: web}, withWeb, {rows: 30}, undefined);
		assert.equal(screen.body, 'deployment');
		assert.equal(screen.open?.name, 'web');
		assert.deepEqual(
			screen.revisions?.map(r => r.revision),
			[3, 2, 1],
		);
	});
});
