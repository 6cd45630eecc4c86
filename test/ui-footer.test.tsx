// The footer's message is read whole: a server's long refusal wraps onto the rows it needs (a bound, then "…"), and
// the body gets the rows that remain, so the frame never outgrows the terminal and the selection stays in sight.
import {afterEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import {FOOTER_MAX_ROWS, footerMessage, footerRowLimit, wrapWords} from '../source/ui/footer.js';
import {deployment, sampleSnapshot, webFocus} from './helpers/ui-fake-session.js';
import {selectedLine, startApp} from './helpers/ui-app.js';
import {keys, waitForFrame} from './helpers/ui-render.js';

afterEach(() => cleanup());

const FORBIDDEN =
	'Error from server (Forbidden): deployments.apps "web" is forbidden: User "system:serviceaccount:team-a:deployer" ' +
	'cannot patch resource "deployments" in API group "apps" in the namespace "default"';

/** The last `count` rows of a frame, as one line again (a wrap breaks at a space, which the join puts back). */
const lastRows = (frame: string, count: number) =>
	frame
		.split('\n')
		.slice(-count)
		.map(row => row.trimEnd())
		.join(' ');

describe('wrapWords', () => {
	const table: [string, string, number, number, string[]][] = [
		['a short line stays one row', 'pod web-1 deleted', 20, 4, ['pod web-1 deleted']],
		['breaks after spaces, dropping them at the break', 'aaa bbb ccc ddd', 7, 4, ['aaa bbb', 'ccc ddd']],
		['a row may end exactly at the width', 'aaaa bbbb', 4, 4, ['aaaa', 'bbbb']],
		['a word longer than a row is cut', 'x abcdefghij y', 4, 4, ['x', 'abcd', 'efgh', 'ij y']],
		['past the bound the last row ends in …', 'aaa bbb ccc ddd eee', 7, 2, ['aaa bbb', 'ccc dd…']],
		['wide characters count two cells', '漢字漢字 ab', 6, 4, ['漢字漢', '字 ab']],
		['trailing spaces take no row', 'abc   ', 3, 4, ['abc']],
	];
	for (const [name, text, width, rows, expected] of table) {
		it(name, () => assert.deepEqual(wrapWords(text, width, rows), expected));
	}

	it('never gives a row wider than the width nor more rows than the bound', () => {
		for (let width = 2; width < 40; width++) {
			for (const bound of [1, 2, 4]) {
				const rows = wrapWords(FORBIDDEN, width, bound);
				assert.ok(rows.length <= bound, `${rows.length} rows at ${width}`);
				for (const row of rows) assert.ok(row.length <= width, `"${row}" wider than ${width}`);
			}
		}
	});
});

describe('footerMessage', () => {
	it('makes what the cluster said visible: no control character reaches the terminal', () => {
		const message = footerMessage(
			{filter: '', view: 'list', pending: undefined},
			{ok: false, message: 'denied \x1b]0;owned\x07 \x1b[2J\r\nnext'},
			120,
			4,
		);
		assert.deepEqual(message, {tone: 'error', tag: '', rows: ['denied ^[]0;owned^G ^[[2J\\r\\nnext']});
	});

	it('keeps the applied filter in front of the message, and the bound is at most a third of the frame', () => {
		const message = footerMessage({filter: 'we', view: 'list', pending: undefined}, {ok: true, message: 'ok'}, 80, 4);
		assert.deepEqual(message, {tone: 'ok', tag: '[filter "we"] ', rows: ['[filter "we"] ok']});
		assert.deepEqual([footerRowLimit(14), footerRowLimit(9), footerRowLimit(60)], [4, 3, FOOTER_MAX_ROWS]);
	});
});

describe('a long footer message in the dashboard', () => {
	it('a 403 at 120 columns is shown whole, on two rows, and the frame keeps its height', async () => {
		const {rendered, session} = await startApp({columns: 120, rows: 30});
		session.results.pause = {ok: false, message: FORBIDDEN};
		rendered.stdin.write('p');
		const frame = await waitForFrame(
			rendered,
			frame => lastRows(frame, 2) === FORBIDDEN,
			'the whole 403 in the footer',
		);
		assert.equal(frame.split('\n').length, 29);
		assert.ok(!lastRows(frame, 2).includes('…'), frame);
		assert.match(frame.split('\n')[0]!, /^rollout-dash/);
		assert.ok(selectedLine(frame).includes('api'), frame);
	});

	it('at 60 columns it wraps onto more rows, and past the bound ends in "…"; the frame still fits', async () => {
		const {rendered, session} = await startApp({columns: 60, rows: 20});
		session.results.pause = {ok: false, message: FORBIDDEN};
		rendered.stdin.write('p');
		const whole = await waitForFrame(rendered, frame => lastRows(frame, 4) === FORBIDDEN, 'the 403 on four rows');
		assert.equal(whole.split('\n').length, 19);
		assert.match(whole.split('\n')[0]!, /^rollout-dash/);
		assert.ok(whole.split('\n').every(row => row.length <= 60));

		session.results.resume = {ok: false, message: `${FORBIDDEN}; ${FORBIDDEN}`};
		rendered.stdin.write('r');
		const cut = await waitForFrame(rendered, frame => frame.trimEnd().endsWith('…'), 'a message past the bound');
		const rows = cut.split('\n');
		assert.equal(rows.length, 19);
		assert.match(rows[0]!, /^rollout-dash/);
		assert.ok(rows.slice(-4)[0]!.startsWith('Error from server (Forbidden)'), cut);
	});

	it('the selection stays visible when the footer grows under a long list', async () => {
		const many = Array.from({length: 40}, (_, index) => deployment({name: `app-${String(index).padStart(2, '0')}`}));
		const {rendered, session} = await startApp({snapshot: sampleSnapshot({deployments: many}), columns: 60, rows: 20});
		rendered.stdin.write('G');
		await waitForFrame(rendered, frame => selectedLine(frame).includes('app-39'), 'the last row selected');
		session.results.pause = {ok: false, message: FORBIDDEN};
		rendered.stdin.write('p');
		const frame = await waitForFrame(rendered, frame => lastRows(frame, 4) === FORBIDDEN, 'the 403 on four rows');
		assert.equal(frame.split('\n').length, 19);
		assert.ok(selectedLine(frame).includes('app-39'), frame);
		// The row above the footer is the selection: the window moved up by the footer's extra rows.
		assert.ok(frame.split('\n').at(-5)!.startsWith('›'), frame);
	});

	it('in the deployment view the panels give up the rows the message takes', async () => {
		const {rendered, session} = await startApp({columns: 80, rows: 24});
		rendered.stdin.write(`j${keys.enter}`);
		session.setSnapshot({...sampleSnapshot(), focus: webFocus()});
		await waitForFrame(rendered, frame => frame.includes('CHANGE-CAUSE'), 'the revisions');
		session.results.pause = {ok: false, message: FORBIDDEN};
		rendered.stdin.write('p');
		const frame = await waitForFrame(rendered, frame => lastRows(frame, 3) === FORBIDDEN, 'the 403 on three rows');
		assert.equal(frame.split('\n').length, 23);
		assert.match(frame.split('\n')[0]!, /^rollout-dash/);
	});
});
