// What is on screen, decided in one place: which body (the list, the deployment view, an overlay), the rows of the
// list and its window, the open deployment and its revisions. App renders it, the clock reads it for what ticks,
// and screen-changes.ts asks it whether a new snapshot would show.
import {memo, type Memo} from '../model/memo.js';
import type {DashboardSnapshot, DeploymentSummary, RevisionEntry} from '../model/types.js';
import {windowAround, type ListWindow} from './layout.js';
import {activeFilter, openDeployment, revisionsOf, selectedIndex, visibleDeployments, type UiState} from './state.js';

export type Body =
	| 'help'
	| 'namespace'
	| 'context'
	| 'container'
	| 'logContainer'
	| 'confirm'
	| 'page'
	| 'deployment'
	| 'list';

/** Rows used by the header; the footer takes one, or as many as its message needs (footer.ts). */
export const HEADER_ROWS = 2;

/** The frame's rows in a terminal of `rows` (see Screen.height). */
export const frameHeight = (rows: number) => Math.max(1, rows - 1);

/** The body a state shows: an overlay covers the view while it is open. */
export function bodyOf(state: UiState): Body {
	if (state.mode === 'help' || state.mode === 'namespace' || state.mode === 'context' || state.mode === 'container')
		return state.mode;
	if (state.mode === 'confirm' && state.confirm !== undefined) return 'confirm';
	if (state.mode === 'logContainer' && state.container !== undefined) return 'logContainer';
	if (state.pages.length > 0) return 'page';
	return state.view === 'deployment' && state.open !== undefined ? 'deployment' : 'list';
}

export interface Screen {
	body: Body;
	/** The frame's rows (one short of the terminal: in Ink 6.8 a frame as tall as the terminal clears it on every update). */
	height: number;
	footerRows: number;
	/** What the header and the footer leave: the body never makes the frame taller than the terminal. */
	bodyHeight: number;
	listHeight: number;
	/** The filter in effect and the deployments it lets through. */
	filter: string;
	visible: DeploymentSummary[];
	selected: number;
	/** The list's rows on screen; kept while the list is covered, so it comes back where it was. */
	listWindow: ListWindow;
	showNamespace: boolean;
	open: DeploymentSummary | undefined;
	/** The open deployment's revisions, newest first, once its focus has loaded. */
	revisions: RevisionEntry[] | undefined;
	memo: {
		visible?: Memo<DeploymentSummary[]>;
		selected?: Memo<number>;
		revisions?: Memo<RevisionEntry[] | undefined>;
	};
}

/** What is on screen for the terminal's rows, with the footer's (1 unless its message wraps, see footer.ts). */
export function screenOf(
	state: UiState,
	snapshot: DashboardSnapshot,
	size: {rows: number; footerRows?: number},
	previous: Screen | undefined,
): Screen {
	const body = bodyOf(state);
	const height = frameHeight(size.rows);
	const footerRows = size.footerRows ?? 1;
	const bodyHeight = Math.max(0, height - HEADER_ROWS - footerRows);
	const listHeight = Math.max(0, bodyHeight - 1);
	const filter = activeFilter(state);
	const old = previous?.memo;
	// Filtering and the selection are worked out again only when what they read changes.
	const visible = memo(old?.visible, [snapshot.deployments, filter, state.kinds, state.sort], () =>
		visibleDeployments(snapshot, filter, state),
	);
	const selected = memo(old?.selected, [visible.value, state.selectedKey, state.listIndex], () =>
		selectedIndex(state, visible.value),
	);
	const revisions = memo(old?.revisions, [state.open, snapshot.focus], () => revisionsOf(state, snapshot));
	const previousStart = previous?.listWindow.start ?? 0;
	const window = windowAround(visible.value.length, selected.value, listHeight, previousStart);
	return {
		body,
		height,
		footerRows,
		bodyHeight,
		listHeight,
		filter,
		visible: visible.value,
		selected: selected.value,
		listWindow: body === 'list' || !previous ? window : previous.listWindow,
		showNamespace: snapshot.cluster.namespace === undefined,
		open: openDeployment(state, snapshot),
		revisions: revisions.value,
		memo: {visible, selected, revisions},
	};
}
