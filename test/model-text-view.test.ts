// The scrolling text view's state: rows (cut or wrapped), scrolling keys, following the end, search.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
	arrayLines,
	initialTextView,
	textRows,
	textViewReduce,
	wrapLine,
	type TextViewAction,
	type TextViewState,
} from '../source/model/text-view.js';
import {LogBuffer} from '../source/model/log-buffer.js';
import {bufferLines} from '../source/model/text-view.js';

const lines = Array.from({length: 20}, (_, i) => `line ${i}`);
const source = arrayLines(lines);
const view = {width: 20, height: 5};

function run(state: TextViewState, ...actions: TextViewAction[]): TextViewState {
	return actions.reduce((current, action) => textViewReduce(current, action, source, view), state);
}

const tops = (state: TextViewState) => textRows(source, state, view.width, view.height).map(row => row.line);

test('wrapLine cuts by cells, wide characters count two', () => {
	assert.deepEqual(wrapLine('abcdefg', 3), ['abc', 'def', 'g']);
	assert.deepEqual(wrapLine('短い文字', 4), ['短い', '文字']);
	assert.deepEqual(wrapLine('', 3), ['']);
});

test('j/k, page keys, g/G move the top line and stay within the text', () => {
	const start = initialTextView();
	assert.deepEqual(tops(start), [0, 1, 2, 3, 4]);
	assert.deepEqual(tops(run(start, {type: 'down'}, {type: 'down'})), [2, 3, 4, 5, 6]);
	assert.deepEqual(tops(run(start, {type: 'up'})), [0, 1, 2, 3, 4]);
	assert.deepEqual(tops(run(start, {type: 'pageDown'})), [4, 5, 6, 7, 8]);
	assert.deepEqual(tops(run(start, {type: 'bottom'})), [15, 16, 17, 18, 19]);
	assert.deepEqual(tops(run(start, {type: 'bottom'}, {type: 'down'})), [15, 16, 17, 18, 19], 'not past the end');
	assert.deepEqual(tops(run(start, {type: 'bottom'}, {type: 'pageUp'}, {type: 'top'})), [0, 1, 2, 3, 4]);
});

test('a followed log shows its end as it grows, until the user scrolls up; G follows again', () => {
	const buffer = new LogBuffer(8, 1_000_000);
	buffer.appendLines(['a', 'b', 'c']);
	const logView = {width: 10, height: 3, followable: true};
	let state = initialTextView({follow: true});
	const shown = () => textRows(bufferLines(buffer), state, logView.width, logView.height).map(row => row.text);
	assert.deepEqual(shown(), ['a', 'b', 'c']);
	buffer.appendLines(['d', 'e']);
	assert.deepEqual(shown(), ['c', 'd', 'e']);
	state = textViewReduce(state, {type: 'up'}, bufferLines(buffer), logView);
	assert.equal(state.follow, false);
	buffer.appendLines(['f']);
	assert.deepEqual(shown(), ['b', 'c', 'd'], 'scrolled up: it stays put');
	state = textViewReduce(state, {type: 'bottom'}, bufferLines(buffer), logView);
	buffer.appendLines(['g', 'h', 'i', 'j']);
	assert.deepEqual(shown(), ['h', 'i', 'j'], 'following again, also after old lines dropped');
});

test('wrap: long lines take several rows; the end is still in view', () => {
	const long = arrayLines(['short', 'x'.repeat(25), 'end']);
	const state = {...initialTextView({follow: true}), wrap: true};
	const rows = textRows(long, state, 10, 4);
	assert.deepEqual(
		rows.map(row => row.text),
		['xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx', 'end'],
	);
	assert.deepEqual(
		textRows(long, {...state, wrap: false}, 10, 4).map(row => row.text),
		['short', 'x'.repeat(25), 'end'],
		'unwrapped rows carry the whole line (the view cuts it)',
	);
});

test('search: typed, submitted, next and previous wrap; a miss says so; Esc clears', () => {
	let state = run(initialTextView(), {type: 'startSearch'});
	assert.equal(state.searching, true);
	state = run(
		state,
		{type: 'searchInput', text: 'LINE 1'},
		{type: 'searchBackspace'},
		{type: 'searchInput', text: '1'},
	);
	assert.equal(state.query, 'LINE 1');
	state = run(state, {type: 'submitSearch'});
	assert.equal(state.match, 1);
	assert.equal(state.searching, false);
	state = run(state, {type: 'next'});
	assert.equal(state.match, 10);
	assert.ok(tops(state).includes(10), 'the hit is in view');
	state = run(state, {type: 'previous'}, {type: 'previous'});
	assert.equal(state.match, 19, 'wraps backwards');
	const rows = textRows(source, state, view.width, view.height);
	assert.ok(rows.some(row => row.current && row.line === 19));
	assert.ok(rows.filter(row => row.hit).length >= 1);
	const missed = run(
		initialTextView(),
		{type: 'startSearch'},
		{type: 'searchInput', text: 'nope'},
		{type: 'submitSearch'},
	);
	assert.equal(missed.notFound, true);
	assert.equal(missed.match, undefined);
	assert.deepEqual(run(state, {type: 'cancelSearch'}).query, '');
});
