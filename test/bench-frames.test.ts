// How the bench reads Ink's output: frames between synchronized-output marks, markers, the list footer, revision rows.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {BSU, ESU, changedLinesBytes, FrameSplitter, listTotal, markerSeqs, revisionRowCount, screenLines, stripAnsi} from '../source/bench/frames.js';

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
	for (const [text, expected] of markers) it(`markers in ${JSON.stringify(text)}`, () => assert.deepEqual(markerSeqs(text), expected));
	it('reads the list footer', () => {
		assert.equal(listTotal('  35 of 1001 deployments  '), 1001);
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

describe('what-if: changed lines only', () => {
	it('takes the screen lines out of a frame', () => {
		const frame = `${BSU}\x1b[2K\x1b[1A\x1b[2K\x1b[G\x1b[32mhead\x1b[39m\nrow 1\nrow 2\n${ESU}`;
		assert.deepEqual(screenLines(frame), ['\x1b[32mhead\x1b[39m', 'row 1', 'row 2']);
	});
	const cases: {name: string; previous: string[]; next: string[]; expected: number}[] = [
		{name: 'nothing changed', previous: ['a', 'b'], next: ['a', 'b'], expected: 0},
		{name: 'one line changed', previous: ['a', 'b'], next: ['a', 'bc'], expected: '\x1b[2;1H'.length + 2 + 3 + 16},
		{name: 'a line gone', previous: ['a', 'b'], next: ['a'], expected: '\x1b[2;1H'.length + 0 + 3 + 16},
		{name: 'from nothing', previous: [], next: ['ab'], expected: '\x1b[1;1H'.length + 2 + 3 + 16},
	];
	for (const {name, previous, next, expected} of cases) it(name, () => assert.equal(changedLinesBytes(previous, next), expected));
});
