// The dashboard's one input dispatcher, as a pure function: (state, what is on screen, key) → (state, effects).
// Which key does what is the keymap's (keymap.ts); this file names the key pressed and finds its binding. Keeping it
// free of React lets every key be tested without rendering, and gives Ink a single stable useInput.
import {KEYMAP, none, typeText, usable, whereOf, type KeyContext, type KeyOutcome} from './keymap.js';
import {typeSearch} from './pages.js';
import type {UiState} from './state.js';

export * from './state.js';
export type {Effect, KeyContext, KeyOutcome} from './keymap.js';

/** The parts of Ink's Key this dispatcher reads. */
export interface KeyFlags {
	upArrow?: boolean;
	downArrow?: boolean;
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
	shift?: boolean;
}

/** The names a keypress goes by in the keymap. */
export function keyNames(input: string, key: KeyFlags): string[] {
	if (key.ctrl) return input === 'c' ? ['Ctrl-C'] : [];
	const names: string[] = [];
	if (key.upArrow) names.push('↑');
	if (key.downArrow) names.push('↓');
	if (key.pageUp) names.push('PgUp');
	if (key.pageDown) names.push('PgDn');
	if (key.home) names.push('Home');
	if (key.end) names.push('End');
	if (key.return) names.push('Enter');
	// Ink 6 sets meta with escape: Esc is not taken for a meta chord.
	if (key.escape) names.push('Esc');
	if (key.backspace || key.delete) names.push('Backspace');
	if (key.tab) names.push(key.shift ? 'Shift-Tab' : 'Tab');
	if (names.length === 0 && !key.meta && input !== '') names.push(input);
	return names;
}

const readonlyMessage = (name: string) => ({
	ok: false,
	message: `read-only mode: ${name} is disabled (started with --readonly)`,
});

/** Keys written inside a burst of typed text (a paste, or `/FATAL` then Enter in one write). */
const KEYS_IN_TEXT: Record<string, KeyFlags> = {'\r': {return: true}, '\n': {return: true}, '\t': {tab: true}};

/** A burst cut into pieces: runs of text, and the keys in between. */
function pieces(input: string): {text: string; key?: KeyFlags}[] {
	const out: {text: string; key?: KeyFlags}[] = [];
	let text = '';
	for (const char of input) {
		const key = KEYS_IN_TEXT[char];
		if (!key) {
			text += char;
			continue;
		}
		if (text) out.push({text});
		text = '';
		out.push({text: '', key});
	}
	if (text) out.push({text});
	return out;
}

/**
 * Handles one keypress. Ink delivers a run of typed characters as one input: in the modes that take single-key
 * commands, each character is handled in turn; in a prompt (filter, search) the run is text. A return or a tab
 * inside the run is that key, in its place.
 */
export function handleKey(state: UiState, context: KeyContext, input: string, key: KeyFlags): KeyOutcome {
	const isPlainRun = [...input].length > 1 && !key.ctrl && !key.meta && !key.escape;
	if (!isPlainRun) return handleOne(state, context, input, key);
	let current: KeyOutcome = {state, effects: []};
	const apply = (text: string, flags: KeyFlags): boolean => {
		const next = handleOne(current.state, context, text, flags);
		current = {state: next.state, effects: [...current.effects, ...next.effects]};
		return next.effects.some(effect => effect.kind === 'quit');
	};
	for (const piece of pieces(input)) {
		if (piece.key) {
			if (apply('', piece.key)) break;
			continue;
		}
		const typing = current.state.mode === 'filter' || current.state.mode === 'search';
		if (typing) {
			if (apply(piece.text, {})) break;
			continue;
		}
		const chars = [...piece.text];
		let quit = false;
		for (let index = 0; index < chars.length && !quit; index++) {
			// A command may open a prompt (`/`): the rest of the run is its text.
			if (current.state.mode === 'filter' || current.state.mode === 'search') {
				quit = apply(chars.slice(index).join(''), {});
				break;
			}
			quit = apply(chars[index]!, {});
		}
		if (quit) break;
	}
	return current;
}

function handleOne(state: UiState, context: KeyContext, input: string, key: KeyFlags): KeyOutcome {
	const where = whereOf(state);
	const names = keyNames(input, key);
	const binding = KEYMAP.find(entry => entry.where.includes(where) && entry.keys.some(name => names.includes(name)));
	if (binding) {
		if (!usable(binding, context.readonly)) return none({...state, result: readonlyMessage(binding.name)});
		return binding.run(state, context);
	}
	const isText =
		(where === 'filter' || where === 'search') && !key.ctrl && !key.meta && !key.tab && !key.upArrow && !key.downArrow;
	if (!isText) return none(state);
	return where === 'search' ? typeSearch(state, input) : typeText(state, input);
}
