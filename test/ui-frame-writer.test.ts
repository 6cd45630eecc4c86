// The frame writer: the pure line diff (table tests), how it reads Ink's writes, and a real Ink app drawn through it
// into a recording terminal whose bytes are replayed into a small screen model.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {BSU, ESU, FrameWriter, classifyInkWrite, diffFrames, visibleWidth} from '../source/ui/frame-writer.js';
import {RecordingTerminal, ScreenModel} from './helpers/fw-screen.js';

// Ink decides once, when it is first imported, whether it runs in CI (then it draws no frame until unmount) and
// chalk whether to colour: both are set before Ink is imported below.
process.env['CI'] = 'false';
process.env['CONTINUOUS_INTEGRATION'] = 'false';
process.env['FORCE_COLOR'] = '1';
const {render, Box, Text} = await import('ink');

const h = React.createElement;
const RESET_EL = '\x1b[0m\x1b[K';

describe('diffFrames', () => {
	const cases: Array<{name: string; previous: string[]; next: string[]; rows?: number; columns?: number; expected: string}> = [
		{name: 'unchanged frame: nothing', previous: ['a', 'b', 'c'], next: ['a', 'b', 'c'], expected: ''},
		{name: 'both empty: nothing', previous: [], next: [], expected: ''},
		{name: 'one line changed: only its row', previous: ['a', 'b', 'c'], next: ['a', 'B', 'c'], expected: `\x1b[2;1HB${RESET_EL}`},
		{
			name: 'styles count: same text, other colour is a change',
			previous: ['\x1b[31mx\x1b[39m'],
			next: ['\x1b[32mx\x1b[39m'],
			expected: `\x1b[1;1H\x1b[32mx\x1b[39m${RESET_EL}`,
		},
		{
			name: 'two rows changed, far apart',
			previous: ['a', 'b', 'c', 'd'],
			next: ['A', 'b', 'c', 'D'],
			expected: `\x1b[1;1HA${RESET_EL}\x1b[4;1HD${RESET_EL}`,
		},
		{
			name: 'shorter frame: the rows it no longer has are cleared',
			previous: ['a', 'b', 'c', 'd'],
			next: ['a', 'b'],
			expected: '\x1b[3;1H\x1b[2K\x1b[4;1H\x1b[2K',
		},
		{name: 'shorter frame: rows that were blank need no clearing', previous: ['a', '', 'c', ''], next: ['a'], expected: '\x1b[3;1H\x1b[2K'},
		{name: 'longer frame: the new rows are drawn', previous: ['a'], next: ['a', 'b', 'c'], expected: `\x1b[2;1Hb${RESET_EL}\x1b[3;1Hc${RESET_EL}`},
		{name: 'longer frame: new blank rows are already blank', previous: ['a'], next: ['a', '', 'c'], expected: `\x1b[3;1Hc${RESET_EL}`},
		{name: 'a line emptied is erased', previous: ['a', 'b'], next: ['a', ''], expected: `\x1b[2;1H${RESET_EL}`},
		{name: 'from nothing: every non-blank row', previous: [], next: ['x', '', 'z'], expected: `\x1b[1;1Hx${RESET_EL}\x1b[3;1Hz${RESET_EL}`},
		{name: 'rows past the terminal are not drawn', previous: [], next: ['a', 'b', 'c'], rows: 2, expected: `\x1b[1;1Ha${RESET_EL}\x1b[2;1Hb${RESET_EL}`},
		{name: 'rows past the terminal are not cleared', previous: ['a', 'b', 'c'], next: ['a'], rows: 2, expected: '\x1b[2;1H\x1b[2K'},
		{name: 'a line as wide as the terminal gets no erase', previous: ['abc'], next: ['xyz', 'ab'], columns: 3, expected: `\x1b[1;1Hxyz\x1b[0m\x1b[2;1Hab${RESET_EL}`},
		{name: 'width ignores colours', previous: [], next: ['\x1b[1mxyz\x1b[22m'], columns: 3, expected: '\x1b[1;1H\x1b[1mxyz\x1b[22m\x1b[0m'},
	];
	for (const {name, previous, next, rows, columns, expected} of cases) {
		it(name, () => assert.equal(diffFrames(previous, next, rows, columns), expected));
	}
});

describe('visibleWidth', () => {
	const cases: Array<[string, number]> = [
		['', 0],
		['abc', 3],
		['\x1b[31mred\x1b[39m', 3],
		['› web ●', 7],
		['表示', 4],
		['e\u0301', 1],
		['\x1b]8;;https://example.com\x07link\x1b]8;;\x07', 4],
	];
	for (const [line, width] of cases) it(`${JSON.stringify(line)} is ${width} wide`, () => assert.equal(visibleWidth(line), width));
});

describe('classifyInkWrite', () => {
	const cases: Array<[string, string, ReturnType<typeof classifyInkWrite>]> = [
		['a first frame', 'a\nb\n', {kind: 'frame', lines: ['a', 'b'], trailingNewline: true}],
		['a frame after an erase of 3 lines', '\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[Ga\n', {kind: 'frame', lines: ['a'], trailingNewline: true}],
		['a frame without a trailing newline', '\x1b[2K\x1b[Ga\nb', {kind: 'frame', lines: ['a', 'b'], trailingNewline: false}],
		['an empty frame', '\x1b[2K\x1b[G\n', {kind: 'frame', lines: [], trailingNewline: true}],
		['coloured lines', '\x1b[32mok\x1b[39m\n', {kind: 'frame', lines: ['\x1b[32mok\x1b[39m'], trailingNewline: true}],
		['an erase alone (log.clear)', '\x1b[2K\x1b[1A\x1b[2K\x1b[G', {kind: 'erase'}],
		['cursor hide', '\x1b[?25l', {kind: 'control'}],
		['cursor show', '\x1b[?25h', {kind: 'control'}],
		['the clear-terminal path', '\x1b[2J\x1b[3J\x1b[Ha\nb', {kind: 'other'}],
		['a frame with a cursor move (Ink cursor support)', '\x1b[2K\x1b[Ga\n\x1b[1A\x1b[3G\x1b[?25h', {kind: 'other'}],
		['text with a carriage return', 'a\rb\n', {kind: 'other'}],
	];
	for (const [name, text, expected] of cases) it(name, () => assert.deepEqual(classifyInkWrite(text), expected));
});

/** A frame writer over a recording terminal, with the screen the terminal would show. */
function setUp(columns = 40, rows = 10) {
	const terminal = new RecordingTerminal(columns, rows);
	const writer = new FrameWriter(terminal as unknown as NodeJS.WriteStream);
	const screen = new ScreenModel(columns, rows);
	let replayed = 0;
	const show = () => {
		screen.write(terminal.written(replayed));
		replayed = terminal.chunks.length;
		return screen.lines();
	};
	return {terminal, writer, screen, show};
}

const framed = (lines: string[], rows: number) => [...lines, ...Array.from({length: rows - lines.length}, () => '')];

describe('FrameWriter (the stream Ink writes to)', () => {
	it('looks like the terminal: isTTY, size, resize', () => {
		const {terminal, writer} = setUp(40, 10);
		assert.equal(writer.isTTY, true);
		assert.equal(writer.columns, 40);
		assert.equal(writer.rows, 10);
		let resized = 0;
		writer.on('resize', () => resized++);
		terminal.resize(50, 12);
		assert.equal(resized, 1);
		assert.equal(writer.columns, 50);
		assert.equal(writer.rows, 12);
	});

	it('draws the first frame whole on a cleared screen, then only changed rows, each bracket as one write', () => {
		const {terminal, writer, show} = setUp();
		writer.write(BSU);
		writer.write('one\ntwo\nthree\n');
		writer.write(ESU);
		assert.equal(terminal.chunks.length, 1);
		assert.ok(terminal.chunks[0]!.startsWith(BSU + '\x1b[H\x1b[2J'));
		assert.ok(terminal.chunks[0]!.endsWith(ESU));
		assert.deepEqual(show(), framed(['one', 'two', 'three'], 10));

		writer.write(BSU);
		writer.write('\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[Gone\nTWO\nthree\n');
		writer.write(ESU);
		assert.equal(terminal.chunks.length, 2);
		assert.equal(terminal.chunks[1], `${BSU}\x1b[2;1HTWO${RESET_EL}\x1b[4;1H${ESU}`);
		assert.deepEqual(show(), framed(['one', 'TWO', 'three'], 10));
	});

	it('writes nothing for a frame with no changed row', () => {
		const {terminal, writer} = setUp();
		writer.write(BSU + 'a\nb\n' + ESU);
		const before = terminal.chunks.length;
		writer.write(BSU);
		writer.write('\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[Ga\nb\n');
		writer.write(ESU);
		assert.equal(terminal.chunks.length, before);
	});

	it('clears rows a shorter frame no longer has, and brackets frames written outside brackets', () => {
		const {terminal, writer, show} = setUp();
		writer.write('a\nb\nc\nd\n');
		assert.deepEqual(show(), framed(['a', 'b', 'c', 'd'], 10));
		writer.write('\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[Ga\nb\n');
		assert.ok(terminal.chunks.at(-1)!.startsWith(BSU) && terminal.chunks.at(-1)!.endsWith(ESU));
		assert.deepEqual(show(), framed(['a', 'b'], 10));
	});

	it('passes cursor show and hide through and keeps the previous frame', () => {
		const {terminal, writer} = setUp();
		writer.write('a\nb\n');
		writer.write('\x1b[?25l');
		assert.equal(terminal.chunks.at(-1), '\x1b[?25l');
		writer.write('\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[Ga\nB\n');
		assert.equal(terminal.chunks.at(-1), `${BSU}\x1b[2;1HB${RESET_EL}\x1b[3;1H${ESU}`);
		writer.write('\x1b[?25h');
		assert.equal(terminal.chunks.at(-1), '\x1b[?25h');
	});

	it('redraws the whole frame on a cleared screen after a resize', () => {
		const {terminal, writer, show} = setUp();
		writer.write('a\nb\n');
		terminal.resize(30, 8);
		writer.write('\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[Ga\nb\n');
		assert.equal(terminal.chunks.at(-1), `${BSU}\x1b[H\x1b[2J\x1b[1;1Ha${RESET_EL}\x1b[2;1Hb${RESET_EL}\x1b[3;1H${ESU}`);
		assert.deepEqual(show().slice(0, 3), ['a', 'b', '']);
	});

	it("passes Ink's clear-terminal path through, then redraws whole", () => {
		const {terminal, writer, show} = setUp(20, 4);
		writer.write('a\nb\n');
		writer.write(BSU);
		writer.write('\x1b[2J\x1b[3J\x1b[Hw\nx\ny\nz');
		writer.write('\x1b[?25l');
		writer.write(ESU);
		assert.equal(terminal.chunks.at(-1), `${BSU}\x1b[2J\x1b[3J\x1b[Hw\nx\ny\nz\x1b[?25l${ESU}`);
		assert.deepEqual(show(), ['w', 'x', 'y', 'z']);
		writer.write('\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[Gw\nx\n');
		assert.ok(terminal.chunks.at(-1)!.includes('\x1b[H\x1b[2J'), 'a whole redraw');
		assert.deepEqual(show(), ['w', 'x', '', '']);
	});

	it('drops an erase on its own (Ink clearing before a redraw) and redraws the next frame whole', () => {
		const {terminal, writer, show} = setUp();
		writer.write('a\nb\n');
		const before = terminal.chunks.length;
		writer.write('\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[G');
		assert.equal(terminal.chunks.length, before);
		writer.write('a\nc\n');
		assert.ok(terminal.chunks.at(-1)!.includes('\x1b[H\x1b[2J'));
		assert.deepEqual(show().slice(0, 3), ['a', 'c', '']);
	});

	it('after release, writes go to the terminal unchanged (and an open bracket is flushed)', () => {
		const {terminal, writer} = setUp();
		writer.write('a\n');
		writer.write(BSU);
		writer.write('\x1b[2K\x1b[1A\x1b[2K\x1b[Gb\n');
		writer.release();
		assert.equal(terminal.chunks.at(-1), `${BSU}\x1b[1;1Hb${RESET_EL}\x1b[2;1H${ESU}`);
		writer.write('text after unmount\n');
		assert.equal(terminal.chunks.at(-1), 'text after unmount\n');
		let resized = 0;
		writer.on('resize', () => resized++);
		terminal.resize(10, 5);
		assert.equal(resized, 0, 'no longer follows the terminal');
	});

	it("calls write's callback", async () => {
		const {writer} = setUp();
		await new Promise<void>((resolve, reject) => writer.write('', error => (error ? reject(error) : resolve())));
	});
});

// A screen like the dashboard's: 30 rows of coloured, fairly wide text, and one row with a counter.
const STATIC_ROWS = 30;
function Demo({count}: {count: number}) {
	const rows = Array.from({length: STATIC_ROWS}, (_, index) =>
		h(Text, {key: index, color: index % 2 === 0 ? 'cyan' : 'yellow'}, `row ${String(index).padStart(2, '0')}  web-7d4b9c8f6d-${index}  Running  1/1  nginx:1.27  12m`),
	);
	rows.splice(10, 0, h(Text, {key: 'counter', bold: true}, `updates: ${count}`));
	return h(Box, {flexDirection: 'column'}, ...rows);
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

describe('an Ink app drawn through the frame writer', () => {
	it('a one-value change writes under 5% of the full frame, and the screen is the frame Ink rendered', async () => {
		const columns = 100;
		const rows = 40;
		const terminal = new RecordingTerminal(columns, rows);
		const writer = new FrameWriter(terminal as unknown as NodeJS.WriteStream);
		// What Ink writes, before the frame writer turns it into row updates.
		const fromInk: string[] = [];
		const write = writer.write.bind(writer) as (chunk: string, ...rest: unknown[]) => boolean;
		writer.write = ((chunk: string, ...rest: unknown[]) => {
			fromInk.push(String(chunk));
			return write(chunk, ...rest);
		}) as typeof writer.write;

		const instance = render(h(Demo, {count: 1}), {stdout: writer as unknown as NodeJS.WriteStream, patchConsole: false, exitOnCtrlC: false});
		await waitFor(() => terminal.written().includes('updates: 1'), 'the first frame');
		const fullFrameBytes = Buffer.byteLength(terminal.written());

		const from = terminal.chunks.length;
		instance.rerender(h(Demo, {count: 2}));
		await waitFor(() => terminal.written(from).includes('updates: 2'), 'the update');
		const update = terminal.written(from);
		const oneChangeBytes = Buffer.byteLength(update);
		assert.ok(oneChangeBytes < fullFrameBytes * 0.05, `one change ${oneChangeBytes} bytes, full frame ${fullFrameBytes}`);
		assert.ok(!update.includes('row 00'), 'unchanged rows are not rewritten');

		// The screen: what Ink's own writer would have shown (its writes replayed as they were) equals what the
		// terminal shows from the frame writer's bytes, and both are the app's rows in place.
		const direct = new ScreenModel(columns, rows);
		direct.write('\x1b[H' + fromInk.join(''));
		const throughWriter = new ScreenModel(columns, rows);
		throughWriter.write('\x1b[H' + terminal.written());
		assert.deepEqual(throughWriter.lines(), direct.lines());
		const lines = throughWriter.lines();
		assert.equal(lines[10], 'updates: 2');
		assert.match(lines[0]!, /^row 00 {2}web-7d4b9c8f6d-0 /);
		assert.match(lines[30]!, /^row 29 /);
		assert.equal(lines[31], '');

		// The last change made right before unmount reaches the screen (Ink flushes its throttled frame).
		instance.rerender(h(Demo, {count: 3}));
		instance.unmount();
		await instance.waitUntilExit();
		writer.release();
		const atExit = new ScreenModel(columns, rows);
		atExit.write('\x1b[H' + terminal.written());
		assert.equal(atExit.lines()[10], 'updates: 3');
		assert.ok(terminal.written().endsWith('\x1b[?25h'), 'the cursor is shown again at unmount');
		instance.cleanup();
		console.log(`# frame writer: one-value change ${oneChangeBytes} bytes, full frame ${fullFrameBytes} bytes (${((oneChangeBytes / fullFrameBytes) * 100).toFixed(1)} %)`);
	});

	it('a frame that shrinks leaves no stale rows', async () => {
		const terminal = new RecordingTerminal(60, 20);
		const writer = new FrameWriter(terminal as unknown as NodeJS.WriteStream);
		const List = ({count}: {count: number}) =>
			h(Box, {flexDirection: 'column'}, ...Array.from({length: count}, (_, index) => h(Text, {key: index}, `item ${index}`)));
		const instance = render(h(List, {count: 8}), {stdout: writer as unknown as NodeJS.WriteStream, patchConsole: false});
		await waitFor(() => terminal.written().includes('item 7'), 'eight items');
		const from = terminal.chunks.length;
		instance.rerender(h(List, {count: 3}));
		await waitFor(() => terminal.chunks.length > from, 'the shorter frame');
		const screen = new ScreenModel(60, 20);
		screen.write('\x1b[H' + terminal.written());
		assert.deepEqual(screen.lines().slice(0, 9), ['item 0', 'item 1', 'item 2', '', '', '', '', '', '']);
		instance.unmount();
		await instance.waitUntilExit();
		writer.release();
		instance.cleanup();
	});
});
