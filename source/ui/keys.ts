// The dashboard's one input dispatcher, as a pure function: (state, what is on screen, key) → (state, effects).
// Which key does what is the keymap's (keymap.ts); this file names the key pressed and finds its binding. Keeping it
// free of React lets every key be tested without rendering, and gives Ink a single stable useInput.
import {editPrompt} from './key-commands.js';
import type {KeyPress} from './key-reader.js';
import {KEYMAP, none, usable, whereOf, type KeyContext, type KeyOutcome} from './keymap.js';
import {typeSearch} from './pages.js';
import {isPrompt, previousRevisionIndex, revisionsOf, type UiState} from './state.js';

export * from './state.js';
export type {Effect, KeyContext, KeyOutcome} from './keymap.js';

/** The parts of Ink's Key this dispatcher reads. */
export interface KeyFlags {
	upArrow?: boolean;
	downArrow?: boolean;
	leftArrow?: boolean;
	rightArrow?: boolean;
	shift?: boolean;
	pageUp?: boolean;
	pageDown?: boolean;
	home?: boolean;
	end?: boolean;
	return?: boolean;
	escape?: boolean;
	backspace?: boolean;
	delete?: boolean;
	ctrl?: boolean;
	meta?: boolean;
	tab?: boolean;
}

/** The names a keypress goes by in the keymap. */
export function keyNames(input: string, key: KeyFlags): string[] {
	if (key.ctrl) return /^[a-z]$/.test(input) ? [`Ctrl-${input.toUpperCase()}`] : [];
	const names: string[] = [];
	if (key.upArrow) names.push('↑');
	if (key.downArrow) names.push('↓');
	if (key.leftArrow) names.push('←');
	if (key.rightArrow) names.push('→');
	if (key.tab) names.push(key.shift ? 'Shift-Tab' : 'Tab');
	if (key.pageUp) names.push('PgUp');
	if (key.pageDown) names.push('PgDn');
	if (key.home) names.push('Home');
	if (key.end) names.push('End');
	if (key.return) names.push('Enter');
	// Ink 6 sets meta with escape: Esc is not taken for a meta chord.
	if (key.escape) names.push('Esc');
	if (key.backspace || key.delete) names.push('Backspace');
	if (names.length === 0 && !key.meta && !key.tab && input !== '') names.push(input);
	return names;
}

const readonlyMessage = (name: string) => ({
	ok: false,
	message: `read-only mode: ${name} is disabled (started with --readonly)`,
});

/**
 * Handles one keypress as Ink's useInput delivers it. A run of typed characters comes as one input: in the modes that
 * take single-key commands each character is handled in turn; in a prompt the run is text.
 */
export function handleKey(state: UiState, context: KeyContext, input: string, key: KeyFlags): KeyOutcome {
	const chars = [...input];
	const isPlainRun = chars.length > 1 && !isPrompt(state.mode) && !key.ctrl && !key.meta && !key.escape;
	if (!isPlainRun) return handleOne(state, context, {input, key});
	return handleKeys(
		state,
		context,
		chars.map(char => ({input: char, key: {}})),
	);
}

/** Handles keys in order (a burst split by key-reader.ts), until one quits. */
export function handleKeys(state: UiState, context: KeyContext, presses: readonly KeyPress[]): KeyOutcome {
	let current: KeyOutcome = {state, effects: []};
	for (const press of presses) {
		const next = handleOne(current.state, context, press);
		current = {state: next.state, effects: [...current.effects, ...next.effects]};
		if (next.effects.some(effect => effect.kind === 'quit')) break;
	}
	return current;
}

/** How many keys may wait; those typed beyond are dropped, with a note. */
export const MAX_QUEUED = 256;

/**
 * Whether the first list has arrived: every kind's first list (the ReplicaSets of a large cluster may take seconds
 * more, and the list is usable without them). Until the watches are live the connection says connecting; a failed
 * one (reconnecting, error) brings no list soon, and keys then act at once.
 */
const listArrived = (snapshot: KeyContext['snapshot']) =>
	snapshot.workloadsListed === true || snapshot.connection.state !== 'connecting';

/** Whether keys must wait: for the first list, or for the open view's history. */
function waitsForData(state: UiState, context: KeyContext): boolean {
	if (state.mode !== 'normal') return false;
	if (state.view === 'deployment') return revisionsOf(state, context.snapshot) === undefined;
	return state.listed === undefined && !listArrived(context.snapshot);
}

/**
 * Keys that act at once while others wait: Ctrl-C; Esc and q (leave the view, quit), except in the list when the keys
 * waiting before them open a prompt, where q is text and Esc cancels it.
 */
function actsAtOnce(state: UiState, context: KeyContext, names: readonly string[]): boolean {
	if (names.includes('Ctrl-C')) return true;
	if (!names.includes('Esc') && !names.includes('q')) return false;
	return state.view !== 'list' || !queuedOpensPrompt(state, context);
}

/** Whether the keys waiting for the first list leave a prompt open: tried on the list as it is, nothing run. */
function queuedOpensPrompt(state: UiState, context: KeyContext): boolean {
	const queued = state.queued ?? [];
	if (queued.length === 0) return false;
	return isPrompt(handleKeys({...state, queued: undefined, listed: true}, context, queued).state.mode);
}

function enqueue(state: UiState, press: KeyPress): UiState {
	const queued = state.queued ?? [];
	if (queued.length >= MAX_QUEUED)
		return {...state, result: {ok: false, message: `typed too far ahead: keys after the first ${MAX_QUEUED} dropped`}};
	return {...state, queued: [...queued, press]};
}

function handleOne(state: UiState, context: KeyContext, press: KeyPress): KeyOutcome {
	// What keys wait for (the first list, the history) may have arrived with a snapshot whose settle has not run yet:
	// the keys that waited for it, and the view's initial selection, come before this key, never after it.
	const settled = settle(state, context);
	if (settled.state !== state) {
		const next = handleOne(settled.state, context, press);
		return {state: next.state, effects: [...settled.effects, ...next.effects]};
	}
	const {input, key} = press;
	const where = whereOf(state);
	const names = keyNames(input, key);
	if (names.length > 0 && waitsForData(state, context) && !actsAtOnce(state, context, names))
		return none(enqueue(state, press));
	const binding = KEYMAP.find(entry => entry.where.includes(where) && entry.keys.some(name => names.includes(name)));
	if (binding) {
		if (!usable(binding, context.readonly)) return none({...state, result: readonlyMessage(binding.name)});
		return binding.run(state, context);
	}
	// The search of a page takes typed text (its draft lives in the page's text view).
	if (where === 'search') {
		const isText = !key.ctrl && !key.meta && !key.tab && !key.upArrow && !key.downArrow && !key.return;
		return isText && input !== '' ? typeSearch(state, input) : none(state);
	}
	return editPrompt(state, input, key);
}

/**
 * What the keys owe a new snapshot: once the first list has arrived, or the open view's history has loaded (then the
 * selection is pinned to the previous revision's ReplicaSet unless one was chosen), the keys typed while it loaded
 * are applied in order.
 */
export function settle(state: UiState, context: KeyContext): KeyOutcome {
	if (waitsForData(state, context)) return none(state);
	const ready = state.view === 'deployment' ? pinPreviousRevision(state, context) : markListed(state, context);
	const queued = ready.queued;
	if (!queued || queued.length === 0) return none(ready);
	return handleKeys({...ready, queued: undefined}, context, queued);
}

/** The state itself when nothing changes: handleOne settles again whenever the state is a new one. */
const markListed = (state: UiState, context: KeyContext): UiState =>
	state.listed || !listArrived(context.snapshot) ? state : {...state, listed: true};

function pinPreviousRevision(state: UiState, context: KeyContext): UiState {
	const revisions = revisionsOf(state, context.snapshot) ?? [];
	return state.selectedReplicaSet === undefined && revisions.length > 0
		? {...state, selectedReplicaSet: revisions[previousRevisionIndex(revisions)]?.replicaSetName}
		: state;
}
