// One line of text being typed, edited like readline: the filter, the command prompt and the scale and image prompts
// all use it. Pure: (line, key) → line, or undefined when the key is not an edit (Enter, Esc, Tab are the prompt's).
import type {KeyFlags} from './keys.js';

export interface Line {
	text: string;
	/** Cursor position, in code points from the start. */
	cursor: number;
}

export const lineOf = (text: string): Line => ({text, cursor: [...text].length});

/** Where Ctrl-W stops: the start of the word before the cursor (spaces before it go too, as in readline). */
function wordStart(chars: string[], cursor: number): number {
	let at = cursor;
	while (at > 0 && chars[at - 1] === ' ') at--;
	while (at > 0 && chars[at - 1] !== ' ') at--;
	return at;
}

export function editLine(line: Line, input: string, key: KeyFlags): Line | undefined {
	const chars = [...line.text];
	const cursor = Math.max(0, Math.min(line.cursor, chars.length));
	const build = (next: string[], at: number): Line => ({text: next.join(''), cursor: at});
	if (key.ctrl) {
		switch (input) {
			case 'a':
				return {text: line.text, cursor: 0};
			case 'e':
				return {text: line.text, cursor: chars.length};
			case 'b':
				return {text: line.text, cursor: Math.max(0, cursor - 1)};
			case 'f':
				return {text: line.text, cursor: Math.min(chars.length, cursor + 1)};
			case 'u':
				return build(chars.slice(cursor), 0);
			case 'k':
				return build(chars.slice(0, cursor), cursor);
			case 'w': {
				const start = wordStart(chars, cursor);
				return build([...chars.slice(0, start), ...chars.slice(cursor)], start);
			}
			case 'h':
				return editLine(line, '', {backspace: true});
			case 'd':
				return editLine(line, '', {delete: true});
			default:
				return undefined;
		}
	}
	if (key.leftArrow) return {text: line.text, cursor: Math.max(0, cursor - 1)};
	if (key.rightArrow) return {text: line.text, cursor: Math.min(chars.length, cursor + 1)};
	if (key.home) return {text: line.text, cursor: 0};
	if (key.end) return {text: line.text, cursor: chars.length};
	if (key.backspace) {
		if (cursor === 0) return line;
		return build([...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor - 1);
	}
	// Ink names the Delete key `delete`; a forward delete.
	if (key.delete) return build([...chars.slice(0, cursor), ...chars.slice(cursor + 1)], cursor);
	if (key.return || key.escape || key.tab || key.meta || key.upArrow || key.downArrow) return undefined;
	if (key.pageUp || key.pageDown) return undefined;
	const typed = [...input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '')];
	if (typed.length === 0) return undefined;
	return build([...chars.slice(0, cursor), ...typed, ...chars.slice(cursor)], cursor + typed.length);
}

/** The line as drawn: text with a block cursor (inverse) at the cursor position. */
export function lineParts(line: Line): {before: string; at: string; after: string} {
	const chars = [...line.text];
	const cursor = Math.max(0, Math.min(line.cursor, chars.length));
	return {
		before: chars.slice(0, cursor).join(''),
		at: chars[cursor] ?? ' ',
		after: chars.slice(cursor + 1).join(''),
	};
}
