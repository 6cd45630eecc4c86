// Terminal input as a stream of keys. Ink hands over what one read returned (escape sequences split off, but a run
// of typed or pasted characters as one string, `\rju` say); this splits every read into single keys, in order, so
// that no key of a burst or a paste is lost: control characters, escape sequences, UTF-8 characters (by code point)
// and the text of a bracketed paste, whose line breaks are Enter keys.
import type {KeyFlags} from './keys.js';

/** One key: what Ink's useInput would have given for it alone. */
export interface KeyPress {
	input: string;
	key: KeyFlags;
}

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

// CSI and SS3 sequences of the keys the dashboard reads (xterm, rxvt, the Linux console, tmux).
const SEQUENCES: Record<string, KeyFlags> = {
	'[A': {upArrow: true},
	'[B': {downArrow: true},
	'[C': {rightArrow: true},
	'[D': {leftArrow: true},
	OA: {upArrow: true},
	OB: {downArrow: true},
	OC: {rightArrow: true},
	OD: {leftArrow: true},
	'[H': {home: true},
	'[F': {end: true},
	OH: {home: true},
	OF: {end: true},
	'[1~': {home: true},
	'[7~': {home: true},
	'[4~': {end: true},
	'[8~': {end: true},
	'[5~': {pageUp: true},
	'[6~': {pageDown: true},
	'[3~': {delete: true},
	'[Z': {tab: true, shift: true},
};

/** A control character as a key: Enter, Tab, Backspace, Esc, or Ctrl-<letter>. */
function controlKey(char: string): KeyPress {
	switch (char) {
		case '\r':
		case '\n':
			return {input: '\r', key: {return: true}};
		case '\t':
			return {input: '\t', key: {tab: true}};
		case '\x7f':
		case '\b':
			return {input: '', key: {backspace: true}};
		case '\x1b':
			return {input: '', key: {escape: true, meta: true}};
		default: {
			const code = char.codePointAt(0) ?? 0;
			return {input: String.fromCharCode(code + 96), key: {ctrl: true}};
		}
	}
}

/** A CSI or SS3 sequence after ESC: a known key, or an unknown sequence (ignored, as an empty key). */
function escapeKey(rest: string): KeyPress {
	const known = SEQUENCES[rest];
	if (known) return {input: '', key: known};
	// Modified arrows (ESC [ 1 ; 5 A): the arrow, modifiers dropped.
	const modified = /^\[1;\d+([ABCDHF])$/.exec(rest);
	if (modified) return escapeKey(`[${modified[1]}`);
	return {input: '', key: {}};
}

const isFinal = (char: string) => char >= '@' && char <= '~';

/** Splits `text` at its escape sequences: [sequence, ...] with each ESC sequence and each character on its own. */
function splitKeys(text: string): KeyPress[] {
	const keys: KeyPress[] = [];
	const chars = [...text];
	for (let index = 0; index < chars.length; index++) {
		const char = chars[index]!;
		if (char !== '\x1b') {
			keys.push(char < ' ' || char === '\x7f' ? controlKey(char) : {input: char, key: {}});
			continue;
		}
		const next = chars[index + 1];
		if (next === undefined || next === '\x1b') {
			keys.push(controlKey(char));
			continue;
		}
		if (next === '[' || next === 'O') {
			let end = index + 2;
			if (next === '[') while (end < chars.length && !isFinal(chars[end]!)) end++;
			// `ESC [ [ A`: a Linux console function key; one more character belongs to it.
			if (next === '[' && chars[index + 2] === '[') end = index + 3;
			keys.push(escapeKey(chars.slice(index + 1, end + 1).join('')));
			index = end;
			continue;
		}
		// ESC and a character: no key of the dashboard is an Alt chord, so this is Esc typed before the character
		// (quickly, or in one burst), and both are kept.
		keys.push(controlKey(char));
	}
	return keys;
}

/** Splits a read into keys; between PASTE_START and PASTE_END everything is text (line breaks: Enter). */
export interface KeyReader {
	read(chunk: string): KeyPress[];
}

export function createKeyReader(): KeyReader {
	let pasting = false;
	return {
		read(chunk) {
			const keys: KeyPress[] = [];
			let rest = chunk;
			while (rest !== '') {
				const marker = pasting ? PASTE_END : PASTE_START;
				const at = rest.indexOf(marker);
				const part = at === -1 ? rest : rest.slice(0, at);
				keys.push(...(pasting ? pastedKeys(part) : splitKeys(part)));
				if (at === -1) break;
				pasting = !pasting;
				rest = rest.slice(at + marker.length);
			}
			return keys;
		},
	};
}

/** Pasted text: printable characters as they are, line breaks as Enter, other control characters dropped. */
function pastedKeys(text: string): KeyPress[] {
	const keys: KeyPress[] = [];
	for (const char of text.replace(/\r\n/g, '\r')) {
		if (char === '\r' || char === '\n') keys.push(controlKey('\r'));
		else if (char >= ' ' && char !== '\x7f') keys.push({input: char, key: {}});
	}
	return keys;
}
