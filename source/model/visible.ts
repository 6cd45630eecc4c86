// Text from a cluster is untrusted: a name, an annotation, an event message or a log line can carry escape
// sequences that would retitle, clear or recolour the user's terminal. Before such text is drawn it goes through
// `visible`, which makes every control character visible instead of letting the terminal act on it. kubectl's
// printers write ESC as `^[` and CR as `\r`; the other C0 controls use the same caret notation, C1 controls and
// the invisible Unicode formatting characters that can reorder or hide text are shown as `\u{…}`.

/**
 * Controls, the characters that reorder text (bidi), and lone surrogates (invalid UTF-16 from JSON escapes): with
 * the `u` flag a well-formed surrogate pair is one code point and does not match.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/gu;

const NAMED: Record<string, string> = {'\r': '\\r', '\n': '\\n', '\t': '\\t', '\u001b': '^['};

function escapeOne(character: string): string {
	const named = NAMED[character];
	if (named !== undefined) return named;
	const code = character.charCodeAt(0);
	if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
	if (code === 0x7f) return '^?';
	return `\\u{${code.toString(16)}}`;
}

/**
 * The text with every control character made visible: safe to draw on a terminal in one line. Text with nothing
 * to escape is returned as it is (the same string), so the common case costs one regular-expression test.
 */
export function visible(text: string): string {
	UNSAFE.lastIndex = 0;
	if (!UNSAFE.test(text)) return text;
	return text.replace(UNSAFE, escapeOne);
}

/** Lines of a multi-line text (a log, YAML, a message), each made visible; tabs expand to the next multiple of 8. */
export function visibleLines(text: string): string[] {
	return text.split(/\r?\n/).map(line => visible(expandTabs(line)));
}

function expandTabs(line: string): string {
	if (!line.includes('\t')) return line;
	let out = '';
	for (const character of line) {
		out += character === '\t' ? ' '.repeat(8 - (out.length % 8)) : character;
	}
	return out;
}
