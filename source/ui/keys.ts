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

// Keys that act at once even while the view's history loads: leaving, quitting.
const NOT_QUEUED = new Set(['Esc', 'q', 'Ctrl-C']);

/** Whether keys must wait: the deployment view is open but its history has not loaded yet. */
const waitsForHistory = (state: UiState, context: KeyContext) =>
	state.mode === 'normal' && state.view === 'deployment' && revisionsOf(state, context.snapshot) === undefined;

function handleOne(state: UiState, context: KeyContext, press: KeyPress): KeyOutcome {
	// The history may have arrived with a snapshot whose settle has not run yet: the keys that waited for it, and the
	// initial selection, come before this key, never after it.
	const settled = settle(state, context);
	if (settled.state !== state) {
		const next = handleOne(settled.state, context, press);
		return {state: next.state, effects: [...settled.effects, ...next.effects]};
	}
	const {input, key} = press;
	const where = whereOf(state);
	const names = keyNames(input, key);
	if (waitsForHistory(state, context) && !names.some(name => NOT_QUEUED.has(name)) && names.length > 0)
		return none({...state, queued: [...(state.queued ?? []), press]});
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
 * What the keys owe a new snapshot: once the open view's history has loaded, the selection is pinned to the
 * previous revision's ReplicaSet (unless one was chosen) and the keys typed while it loaded are applied in order.
 */
export function settle(state: UiState, context: KeyContext): KeyOutcome {
	if (state.view !== 'deployment' || waitsForHistory(state, context)) return none(state);
	const revisions = revisionsOf(state, context.snapshot) ?? [];
	const pinned =
		state.selectedReplicaSet === undefined && revisions.length > 0
			? {...state, selectedReplicaSet: revisions[previousRevisionIndex(revisions)]?.replicaSetName}
			: state;
	const queued = pinned.queued;
	if (!queued || queued.length === 0) return none(pinned);
	return handleKeys({...pinned, queued: undefined}, context, queued);
}
