// Our Ink patch (source/patches/ink+6.8.0.patch) makes Output.get() reuse the strings of rows whose writes it has seen
// before. Property: for any writes, clips and transformers, get() returns what unpatched Ink 6.8 returns, frame
// after frame on the same shared caches. The reference below restates Ink 6.8's Output.get() as shipped; the
// patch also keeps that file itself (output-plain.js, behind the switch), compared here too.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {styledCharsFromTokens, styledCharsToString, tokenize, type StyledChar} from '@alcalzone/ansi-tokenize';
import {setInkRendering} from '../source/terminal/ink-rendering.js';

type Transformer = (line: string, index: number) => string;
type Clip = {x1?: number; x2?: number; y1?: number; y2?: number};
type Operation =
	| {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]}
	| {type: 'clip'; clip: Clip}
	| {type: 'unclip'};
type Frame = {width: number; height: number; operations: Operation[]};

interface InkOutput {
	write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void;
	clip(clip: Clip): void;
	unclip(): void;
	get(): {output: string; height: number};
}

// Ink exports only '.', so its Output class is loaded by file.
const outputUrl = new URL('./output.js', import.meta.resolve('ink'));
const {default: Output} = (await import(outputUrl.href)) as {
	default: new (options: {width: number; height: number}) => InkOutput;
};

const widestLine = (text: string) => Math.max(0, ...text.split('\n').map(line => stringWidth(line)));

/** Ink 6.8's Output.get(): a grid of cells, every write painted into it, every row serialised. */
function reference({width, height, operations}: Frame): {output: string; height: number} {
	const output: StyledChar[][] = [];
	for (let y = 0; y < height; y++) {
		const row: StyledChar[] = [];
		for (let x = 0; x < width; x++) row.push({type: 'char', value: ' ', fullWidth: false, styles: []});
		output.push(row);
	}
	const clips: Clip[] = [];
	for (const operation of operations) {
		if (operation.type === 'clip') clips.push(operation.clip);
		if (operation.type === 'unclip') clips.pop();
		if (operation.type !== 'write') continue;
		const {text, transformers} = operation;
		let {x, y} = operation;
		let lines = text.split('\n');
		const clip = clips.at(-1);
		if (clip) {
			const clipHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
			const clipVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
			if (clipHorizontally && (x + widestLine(text) < clip.x1! || x > clip.x2!)) continue;
			if (clipVertically && (y + lines.length < clip.y1! || y > clip.y2!)) continue;
			if (clipHorizontally) {
				lines = lines.map(line => {
					const from = x < clip.x1! ? clip.x1! - x : 0;
					const lineWidth = stringWidth(line);
					const to = x + lineWidth > clip.x2! ? clip.x2! - x : lineWidth;
					return sliceAnsi(line, from, to);
				});
				if (x < clip.x1!) x = clip.x1!;
			}
			if (clipVertically) {
				const from = y < clip.y1! ? clip.y1! - y : 0;
				const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
				lines = lines.slice(from, to);
				if (y < clip.y1!) y = clip.y1!;
			}
		}
		let offsetY = 0;
		for (let [index, line] of lines.entries()) {
			const currentLine = output[y + offsetY];
			if (!currentLine) continue;
			for (const transformer of transformers) line = transformer(line, index);
			let offsetX = x;
			for (const character of styledCharsFromTokens(tokenize(line))) {
				currentLine[offsetX] = character;
				const characterWidth = Math.max(1, stringWidth(character.value));
				for (let cell = 1; cell < characterWidth; cell++) {
					currentLine[offsetX + cell] = {type: 'char', value: '', fullWidth: false, styles: character.styles};
				}
				offsetX += characterWidth;
			}
			offsetY++;
		}
	}
	return {
		output: output.map(line => styledCharsToString(line.filter(item => item !== undefined)).trimEnd()).join('\n'),
		height: output.length,
	};
}

function inkGet({width, height, operations}: Frame): {output: string; height: number} {
	const output = new Output({width, height});
	for (const operation of operations) {
		if (operation.type === 'write')
			output.write(operation.x, operation.y, operation.text, {transformers: operation.transformers});
		else if (operation.type === 'clip') output.clip(operation.clip);
		else output.unclip();
	}
	return output.get();
}

const transformers: Transformer[] = [
	(line, index) => (index % 2 ? line.toUpperCase() : line),
	line => `\x1b[32m${line}\x1b[39m`,
	(line, index) => `${index}${line}`,
	line => line.replace(/a/g, '漢'),
];

const token = fc.constantFrom(
	'a',
	'b',
	'X',
	' ',
	' ',
	'\n',
	'\n',
	'漢',
	'🚀',
	'é',
	'│',
	'●',
	'▒',
	'…',
	'e\u0301',
	'\ufe0f',
	'\x1b[31m',
	'\x1b[1m',
	'\x1b[39m',
	'\x1b[22m',
	'\x1b[0m',
	'\x1b[44m',
	'\x1b[49m',
	'\x1b[1;38;5;12m',
	'\x1b[2K',
);
const text = fc.array(token, {minLength: 1, maxLength: 14}).map(tokens => tokens.join(''));
const coordinate = (limit: number) => fc.integer({min: -4, max: limit + 4});
const optional = (limit: number) => fc.option(coordinate(limit), {nil: undefined});

const operation = (width: number, height: number): fc.Arbitrary<Operation> =>
	fc.oneof(
		{
			weight: 6,
			arbitrary: fc.record({
				type: fc.constant('write' as const),
				x: coordinate(width),
				y: coordinate(height),
				text,
				transformers: fc.subarray(transformers, {maxLength: 2}),
			}),
		},
		{
			weight: 1,
			arbitrary: fc.record({
				type: fc.constant('clip' as const),
				clip: fc.record(
					{x1: optional(width), x2: optional(width), y1: optional(height), y2: optional(height)},
					{requiredKeys: []},
				),
			}),
		},
		{weight: 1, arbitrary: fc.constant({type: 'unclip' as const})},
	);

// Frames drawn from one pool of operations, so consecutive get() calls share rows (memo hits) and differ in some
// (misses); one frame in a few is one column wider, with the same writes.
const frames = fc
	.record({width: fc.integer({min: 0, max: 14}), height: fc.integer({min: 0, max: 7})})
	.chain(({width, height}) =>
		fc
			.record({
				pool: fc.array(operation(width, height), {minLength: 1, maxLength: 12}),
				picks: fc.array(fc.record({indices: fc.array(fc.nat(), {maxLength: 12}), wider: fc.boolean()}), {
					minLength: 1,
					maxLength: 6,
				}),
			})
			.map(({pool, picks}): Frame[] =>
				picks.map(({indices, wider}) => ({
					width: width + (wider ? 1 : 0),
					height,
					operations: indices.length === 0 ? pool : indices.map(index => pool[index % pool.length]!),
				})),
			),
	);

function show(frame: Frame): string {
	return JSON.stringify(frame, (_key, value) =>
		typeof value === 'function' ? `transformer ${transformers.indexOf(value)}` : value,
	);
}

describe("Ink's Output.get() (patched)", () => {
	it('matches unpatched Ink 6.8 frame after frame', () => {
		fc.assert(
			fc.property(frames, frames => {
				for (const frame of frames) {
					assert.deepEqual(inkGet(frame), reference(frame), show(frame));
				}
			}),
			{numRuns: 3000},
		);
	});

	it('matches the Output of Ink 6.8 as shipped, which the patch keeps for ROLLOUT_DASH_INK=plain', () => {
		const plainGet = (frame: Frame) => {
			setInkRendering('plain');
			try {
				return inkGet(frame);
			} finally {
				setInkRendering('patched');
			}
		};
		fc.assert(
			fc.property(frames, frames => {
				for (const frame of frames) assert.deepEqual(inkGet(frame), plainGet(frame), show(frame));
			}),
			{numRuns: 500},
		);
	});

	it('a frame repeated is the same frame', () => {
		const frame: Frame = {
			width: 10,
			height: 3,
			operations: [
				{type: 'write', x: 0, y: 0, text: '\x1b[1mab漢\x1b[22m🚀\nb', transformers: [transformers[0]!]},
				{type: 'write', x: 3, y: 0, text: 'X', transformers: []},
				{type: 'write', x: 8, y: 1, text: 'abcd', transformers: []},
				{type: 'write', x: -1, y: 2, text: '\x1b[31mab', transformers: []},
			],
		};
		const expected = reference(frame);
		assert.equal(expected.output, '\x1b[1mab漢\x1b[22mX🚀\nB       abcd\n\x1b[31mb\x1b[39m');
		for (let run = 0; run < 3; run++) assert.deepEqual(inkGet(frame), expected);
		// The same writes one column to the right, and on a wider screen.
		const moved: Frame = {
			...frame,
			operations: frame.operations.map(op => (op.type === 'write' ? {...op, x: op.x + 1} : op)),
		};
		assert.deepEqual(inkGet(moved), reference(moved));
		assert.deepEqual(inkGet({...frame, width: 20}), reference({...frame, width: 20}));
	});

	it('tells apart rows whose writes concatenate alike', () => {
		const frame = (...writes: Array<[number, string]>): Frame => ({
			width: 8,
			height: 1,
			operations: writes.map(([x, text]) => ({type: 'write', x, y: 0, text, transformers: []})),
		});
		for (const candidate of [
			frame([0, 'a'], [5, 'b']),
			frame([0, 'a5\u0001b']),
			frame([0, 'a\u00005\u0001b']),
			frame([0, 'a\u00005\u00011\u0001b']),
			frame([0, 'a'], [5, 'b']),
		]) {
			assert.deepEqual(inkGet(candidate), reference(candidate), show(candidate));
		}
	});

	it('stays right past the bounds of its caches and row memo (a few thousand rows)', () => {
		const frame = (index: number): Frame => ({
			width: 24,
			height: 2,
			operations: [
				{type: 'write', x: index % 5, y: 0, text: `row ${index}`, transformers: []},
				{type: 'write', x: 0, y: 1, text: `\x1b[31m${index}\x1b[39m 漢`, transformers: []},
			],
		});
		for (let index = 0; index < 25_000; index++) {
			const expected = `${' '.repeat(index % 5)}row ${index}\n\x1b[31m${index}\x1b[39m 漢`;
			assert.equal(inkGet(frame(index)).output, expected);
			if (index % 997 === 0) {
				// Again, from the memo, and one long seen, which the bound has most likely evicted.
				assert.equal(inkGet(frame(index)).output, expected);
				const old = Math.floor(index / 2);
				assert.equal(inkGet(frame(old)).output, `${' '.repeat(old % 5)}row ${old}\n\x1b[31m${old}\x1b[39m 漢`);
			}
		}
	});
});

describe('the installed Ink', () => {
	it('carries the patch (npm ci applies source/patches/ through the prepare script)', async () => {
		const {readFile} = await import('node:fs/promises');
		for (const file of ['output.js', 'render-node-to-output.js', 'measure-text.js', 'wrap-text.js']) {
			const text = await readFile(new URL(`./${file}`, import.meta.resolve('ink')), 'utf8');
			assert.match(
				text,
				/rollout-dash patch/,
				`${file} is not patched: run npx patch-package --patch-dir source/patches`,
			);
		}
	});
});

describe("Ink's text width (patched: a fast path for characters one column wide)", async () => {
	const {fastStringWidth} = (await import(new URL('./measure-text.js', import.meta.resolve('ink')).href)) as {
		fastStringWidth: (text: string) => number;
	};
	const ranges: Array<[number, number]> = [
		[0x20, 0x7e],
		[0xa0, 0x2ff],
		[0x2000, 0x2fff],
	];

	it('measures every single character as string-width does', () => {
		for (const [from, to] of ranges) {
			for (let codePoint = from; codePoint <= to; codePoint++) {
				const character = String.fromCodePoint(codePoint);
				assert.equal(fastStringWidth(character), stringWidth(character), `U+${codePoint.toString(16)}`);
			}
		}
	});

	it('measures any mix (bars, bullets, wide, emoji, combining marks, variation selectors, escapes) as string-width does', () => {
		const pieces = [
			'a',
			' ',
			'│',
			'●',
			'█',
			'▒',
			'░',
			'…',
			'→',
			'⚠',
			'✖',
			'◽',
			'漢',
			'🚀',
			'é',
			'e\u0301',
			'\ufe0f',
			'\u200b',
			'\u00ad',
			'\x1b[31m',
			'\x1b[39m',
			'\x1b[1;4m',
			'\x1b[2K',
			'\x1b]8;;https://example.com\x07',
			'\u009b31m',
			'\t',
		];
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...pieces), {maxLength: 40}), parts => {
				const text = parts.join('');
				assert.equal(fastStringWidth(text), stringWidth(text), JSON.stringify(text));
			}),
			{numRuns: 2000},
		);
	});
});
