// How the bench reads Ink's output: frames between synchronized-output marks, markers, the list footer, revision rows.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {BSU, ESU, FrameSplitter, listTotal, markerSeqs, revisionRowCount, stripAnsi} from '../source/bench/frames.js';
import {ScreenModel} from '../source/terminal/screen-model.js';

describe('FrameSplitter', () => {
	it('joins the writes of one synchronized frame and counts bytes', () => {
		const splitter = new FrameSplitter();
		assert.deepEqual(splitter.push('\x1b[?1049h'), [{text: '\x1b[?1049h', bytes: 8}]);
		assert.deepEqual(splitter.push(BSU), []);
		assert.deepEqual(splitter.push('héllo\n'), []);
		const [frame] = splitter.push(ESU);
		assert.equal(frame!.text, `${BSU}héllo\n${ESU}`);
		assert.equal(frame!.bytes, BSU.length + 7 + ESU.length);
	});
	it('takes a frame written at once', () => {
		assert.equal(new FrameSplitter().push(`${BSU}x${ESU}`).length, 1);
	});
});

describe('reading frames', () => {
	it('strips colours and cursor movement', () => {
		assert.equal(stripAnsi('\x1b[2K\x1b[1A\x1b[32mgreen\x1b[39m \x1b]8;;http://x\x07link\x1b]8;;\x07'), 'green link');
	});
	const markers: [string, number[]][] = [
		['seq:12; and seq:3;', [12, 3]],
		['seq:12…', []],
		['seq:;', []],
	];
	for (const [text, expected] of markers)
		it(`markers in ${JSON.stringify(text)}`, () => assert.deepEqual(markerSeqs(text), expected));
	it('reads the list footer', () => {
		assert.equal(listTotal('  35 of 1001 deployments  '), 1001);
		assert.equal(listTotal('  35 of 1031 workloads  '), 1031);
		assert.equal(listTotal('Esc: back to the list'), undefined);
	});
	it('counts the revision rows of one deployment', () => {
		const screen = [
			' ● 10  app-000-6f7c9d8b5   registry.example/app-000:1.10.0  1/1',
			'   9   app-000-5d4b8c7f9   registry.example/app-000:1.9.0   0/0',
			'   9   app-0001-5d4b8c7f9  registry.example/app-0001:1.9.0  0/0',
			'app-000-5d4b8c7f9-abcde    9  1/1  Ready',
		].join('\n');
		assert.equal(revisionRowCount(screen, 'app-000'), 2);
	});
});

describe('ScreenModel', () => {
	const screenAfter = (...writes: string[]) => {
		const screen = new ScreenModel(20, 5);
		for (const text of writes) screen.write(text);
		return screen.text();
	};
	const cases: {name: string; writes: string[]; expected: string}[] = [
		{
			name: 'text and newlines (LF as CR LF), colours dropped',
			writes: ['\x1b[32mab\x1b[39m\ncd\n'],
			expected: 'ab\ncd',
		},
		{
			name: "Ink's standard writer: erase the frame, write it again",
			writes: ['\x1b[?1049h\x1b[H', 'one\ntwo\n', '\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[Gone\nTWO\n'],
			expected: 'one\nTWO',
		},
		{
			name: 'changed rows at absolute positions',
			writes: ['\x1b[H\x1b[2Jaaa\nbbb\nccc\n', `${BSU}\x1b[2;1HB\x1b[0m\x1b[K\x1b[4;1H${ESU}`],
			expected: 'aaa\nB\nccc',
		},
		{name: 'a row cleared', writes: ['aaa\nbbb', '\x1b[2;1H\x1b[2K'], expected: 'aaa'},
		{name: 'too wide: cut at the edge', writes: ['x'.repeat(25)], expected: 'x'.repeat(20)},
		{name: 'clear screen', writes: ['abc', '\x1b[H\x1b[2Jz'], expected: 'z'},
		{name: 'leaving the alternate screen blanks it', writes: ['abc', '\x1b[?1049l'], expected: ''},
	];
	for (const {name, writes, expected} of cases) it(name, () => assert.equal(screenAfter(...writes), expected));
	it('scrolls at the bottom', () => assert.equal(screenAfter('1\n2\n3\n4\n5\n6'), '2\n3\n4\n5\n6'));
});
