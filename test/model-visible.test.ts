import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {visible, visibleLines} from '../source/model/visible.js';

describe('visible: cluster text made safe for a terminal', () => {
	const cases: [string, string, string][] = [
		['plain text is returned as it is', 'web-7d4b9c 1.25 ✓ 日本', 'web-7d4b9c 1.25 ✓ 日本'],
		['ESC as kubectl prints it', 'evil\u001b]2;PWNED\u0007\u001b[2J\u001b[31mRED', 'evil^[]2;PWNED^G^[[2J^[[31mRED'],
		['CR, LF and TAB named', 'a\rb\nc\td', 'a\\rb\\nc\\td'],
		['NUL and DEL in caret notation', '\u0000x\u007f', '^@x^?'],
		['C1 controls (CSI, OSC, ST) by code point', '\u009b31m\u009d8;;x\u009c', '\\u{9b}31m\\u{9d}8;;x\\u{9c}'],
		['bidi overrides cannot reorder the line', 'abc\u202edcba\u2066', 'abc\\u{202e}dcba\\u{2066}'],
		['a lone surrogate (invalid UTF-16) is shown, a pair is kept', 'x\ud800y😀', 'x\\u{d800}y😀'],
		['OSC 52 clipboard write', '\u001b]52;c;ZXZpbA==\u0007', '^[]52;c;ZXZpbA==^G'],
		['OSC 8 hyperlink', '\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\', '^[]8;;http://x^[\\link^[]8;;^[\\'],
	];
	for (const [name, input, expected] of cases) {
		it(name, () => assert.equal(visible(input), expected));
	}

	it('no C0 or C1 control survives, each escape is printable', () => {
		for (let code = 0; code <= 0x9f; code++) {
			if (code >= 0x20 && code < 0x7f) continue;
			const out = visible(`a${String.fromCharCode(code)}b`);
			assert.doesNotMatch(out, /[\u0000-\u001f\u007f-\u009f]/, `U+${code.toString(16)} → ${JSON.stringify(out)}`);
			assert.notEqual(out, `a${String.fromCharCode(code)}b`);
		}
	});

	it('the same string comes back when there is nothing to escape (twice: the regex keeps no state)', () => {
		const text = 'nginx:1.25';
		assert.equal(visible(text), text);
		assert.equal(visible(text), text);
		assert.equal(visible('\u001b'), '^[');
		assert.equal(visible('\u001b'), '^[');
	});

	it('visibleLines splits lines, expands tabs and escapes the rest', () => {
		assert.deepEqual(visibleLines('a\tb\r\n\u001b[2Jc'), ['a       b', '^[[2Jc']);
	});
});
