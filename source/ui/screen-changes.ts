// Does a new snapshot change what is on screen? Every React commit makes Ink redraw the whole frame (about
// 5-10 ms of CPU), so a snapshot whose changes are all off screen (another deployment's rollout while the list
// shows other rows, or while a deployment is open) is taken without a render. The next render uses it anyway.
// What is on screen is screen.ts's answer (the body) and the list's columns are columns.ts's.
import type {DashboardSnapshot} from '../model/types.js';
import {contentWidthsAt, measureStatic} from './columns.js';
import type {ListWindow} from './layout.js';
import {bodyOf} from './screen.js';
import {activeFilter, openDeployment, type UiState} from './state.js';

export interface OnScreen {
	state: UiState;
	/** The list's window, as last drawn. */
	listWindow: ListWindow;
	now: number;
	/** The list shows the wide columns (IMAGE). */
	wide?: boolean;
}

const sameArray = (a: number[], b: number[]) => a.length === b.length && a.every((value, index) => value === b[index]);

export function changesScreen(
	shown: DashboardSnapshot,
	next: DashboardSnapshot,
	{state, listWindow, now, wide = false}: OnScreen,
): boolean {
	if (shown === next) return false;
	const a = shown.cluster;
	const b = next.cluster;
	if (a.context !== b.context || a.cluster !== b.cluster || a.namespace !== b.namespace) return true;
	if (shown.connection !== next.connection) return true;
	switch (bodyOf(state)) {
		// Overlays are short-lived; not worth reasoning about.
		case 'help':
		case 'namespace':
		case 'context':
		case 'container':
		case 'confirm':
		case 'logContainer':
		case 'page':
			return true;
		case 'deployment':
			return openDeployment(state, shown) !== openDeployment(state, next) || shown.focus !== next.focus;
		case 'list':
			return listChanges(shown, next, state, listWindow, now, wide);
	}
}

function listChanges(
	shown: DashboardSnapshot,
	next: DashboardSnapshot,
	state: UiState,
	listWindow: ListWindow,
	now: number,
	wide: boolean,
): boolean {
	// A filtered, sorted or kind-narrowed list has other rows than the snapshot's at the window's indexes.
	if (activeFilter(state).trim() !== '' || state.sort || state.kinds) return true;
	if (shown.deployments === next.deployments) return false;
	if (shown.deployments.length !== next.deployments.length) return true;
	for (let index = listWindow.start; index < Math.min(listWindow.end, next.deployments.length); index++) {
		if (shown.deployments[index] !== next.deployments[index]) return true;
	}
	// Off-screen rows still size the columns.
	const showNamespace = next.cluster.namespace === undefined;
	return !sameArray(
		contentWidthsAt(measureStatic(shown.deployments, showNamespace, wide), now),
		contentWidthsAt(measureStatic(next.deployments, showNamespace, wide), now),
	);
}
