import {afterEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup, render} from 'ink-testing-library';
import type {DeploymentSummary} from '../source/model/types.js';
import {contentWidthsAt, digits, listRow, measureStatic} from '../source/ui/components/DeploymentList.js';
import {
	contentWidthsOf,
	rowSegments,
	sameRow,
	Table,
	useWindowedRows,
	type Row,
} from '../source/ui/components/Table.js';
import {deployment, progress, sampleSnapshot} from './helpers/ui-fake-session.js';
import {startApp} from './helpers/ui-app.js';
import {waitForFrame} from './helpers/ui-render.js';

afterEach(() => cleanup());

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const NOW = Date.parse('2026-03-01T12:00:00Z');

/** A varied list: long names, big numbers, countdowns of different lengths, ages from seconds to days. */
function sampleList(count: number): DeploymentSummary[] {
	const ages = [5 * S, 59 * S, 119 * S, 3 * M + 12 * S, 15 * M, 5 * H + 7 * M, 30 * H, 400 * H];
	return Array.from({length: count}, (_, index) =>
		deployment({
			name: `app-${String(index).padStart(3, '0')}${index % 97 === 0 ? '-with-a-longer-name' : ''}`,
			namespace: `ns-${index % 7}${index % 50 === 0 ? '-long' : ''}`,
			createdAt: new Date(NOW - ages[index % ages.length]!),
			revision: index % 13 === 0 ? 1234 : (index % 9) + 1,
			strategy: index % 11 === 0 ? 'Recreate' : 'RollingUpdate',
			progress: progress({
				desired: index % 17 === 0 ? 1000 : 3,
				ready: index % 17 === 0 ? 999 : 3,
				updated: index % 5,
				available: index % 3,
			}),
			...(index % 4 === 0
				? {
						phase: 'Progressing' as const,
						deadline: {
							progressDeadlineSeconds: index % 8 === 0 ? 7200 : 600,
							lastProgressAt: new Date(NOW - 30 * S),
							remainingSeconds: 570,
							exceeded: false,
						},
					}
				: {phase: index % 3 === 0 ? ('Paused' as const) : ('Complete' as const)}),
		}),
	);
}

describe('deployment list measure', () => {
	it('digits counts decimal characters', () => {
		const cases = [0, 7, 9, 10, 99, 100, 1234, -5, -10];
		for (const value of cases) assert.equal(digits(value), String(value).length, String(value));
	});

	for (const showNamespace of [false, true]) {
		it(`gives the same widths as formatting every row (namespace column ${showNamespace ? 'shown' : 'hidden'})`, () => {
			const list = sampleList(300);
			const measure = measureStatic(list, showNamespace);
			for (const now of [NOW, NOW + 90 * S, NOW + 2 * H]) {
				const formatted = list.map(d => listRow(d, showNamespace, now));
				const expected = contentWidthsOf(formatted, formatted[0]!.cells.length);
				assert.deepEqual(contentWidthsAt(measure, now), expected, `at +${(now - NOW) / 1000}s`);
			}
		});
	}

	it('keeps a row object while its summary is the same and its age and countdown read the same', () => {
		const d = sampleList(2)[1]; // Complete, 59 s old
		const first = listRow(d!, false, NOW);
		assert.equal(listRow(d!, false, NOW + 200), first, 'same second: same row');
		assert.notEqual(listRow(d!, false, NOW + 5 * S), first, 'the age moved');
		assert.notEqual(
			listRow({...d!}, false, NOW + 5 * S),
			listRow(d!, false, NOW + 5 * S),
			'a replaced summary gets its own row',
		);
		assert.equal(listRow(d!, true, NOW).cells[0], d!.namespace, 'namespace column');
	});
});

describe('table rows', () => {
	const layout = {kept: [0, 1, 2], widths: [4, 3, 5], aligns: [undefined, 'right' as const, undefined]};
	const row: Row = {key: 'a', cells: ['ab', '7', 'ok'], colors: [undefined, 'green', 'green']};
	const paint = (name: string) => name;

	it('merges adjacent cells of one colour into one run, after the marker', () => {
		assert.deepEqual(rowSegments(row, layout, false, paint), [
			{text: '  ab    '},
			{text: '  7  ok   ', color: 'green'},
		]);
	});

	it('has no colours on the selected row, and none when colours are off', () => {
		assert.deepEqual(rowSegments(row, layout, true, paint), [{text: '› ab      7  ok   '}]);
		assert.deepEqual(
			rowSegments(row, layout, false, () => undefined),
			[{text: '  ab      7  ok   '}],
		);
	});

	it('compares rows by what they read', () => {
		assert.ok(sameRow(row, {...row, cells: [...row.cells], colors: [...row.colors!]}));
		assert.ok(!sameRow(row, {...row, cells: ['ab', '8', 'ok']}));
		assert.ok(!sameRow(row, {...row, colors: [undefined, 'red', 'green']}));
		assert.ok(!sameRow(row, {...row, dim: true}));
	});

	it('draws and measures every cell through visible(): no control character from the cluster reaches the screen', () => {
		const hostile: Row = {key: 'x', cells: ['a\u001b]0;owned\u0007b', '7', 'ok\r']};
		const widths = contentWidthsOf([hostile], 3);
		assert.deepEqual(widths, ['a^[]0;owned^Gb'.length, 1, 'ok\\r'.length]);
		const text = rowSegments(hostile, {...layout, widths}, false, paint)
			.map(segment => segment.text)
			.join('');
		assert.equal(text, '  a^[]0;owned^Gb  7  ok\\r');
		assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f]/);
		const d = deployment({name: 'evil\u001b[2Jname', namespace: 'ns\u009b'});
		const cells = listRow(d, true, NOW).cells;
		assert.equal(cells[0], 'ns\\u{9b}');
		assert.equal(cells[1], 'evil^[[2Jname');
		assert.deepEqual(contentWidthsAt(measureStatic([d], true), NOW).slice(0, 2), [cells[0]!.length, cells[1]!.length]);
	});

	it('builds only the rows in the window of a long list', () => {
		const built: number[] = [];
		const rows = {
			count: 1000,
			contentWidths: [8, 4],
			rowAt: (index: number): Row => {
				built.push(index);
				return {key: String(index), cells: [`item-${index}`, String(index)]};
			},
		};
		const rendered = render(
			<Table
				columns={[
					{header: 'NAME', flex: true},
					{header: 'N', align: 'right'},
				]}
				rows={rows}
				width={60}
				height={5}
				selected={500}
			/>,
		);
		const frame = rendered.lastFrame()!;
		assert.match(frame, /› item-500 +500/);
		assert.match(frame, /↑496 ↓499/);
		assert.ok(built.length > 0 && built.every(index => index >= 496 && index < 501), `built ${built.join(',')}`);
	});
});

describe('the clock in the list', () => {
	it('moves a young age second by second, and a deployment added later shows its true age', async () => {
		const snapshot = sampleSnapshot();
		const young = deployment({name: 'young', createdAt: new Date(Date.now() - 5 * S)});
		const {rendered, session} = await startApp({
			snapshot: {...snapshot, deployments: [...snapshot.deployments, young]},
		});
		const ageOf = (frame: string, name: string) =>
			/ (\d+)s\s*$/.exec(frame.split('\n').find(line => line.includes(` ${name} `)) ?? '')?.[1];
		const first = await waitForFrame(rendered, frame => ageOf(frame, 'young') !== undefined, 'the young age');
		await waitForFrame(
			rendered,
			frame => ageOf(frame, 'young') !== undefined && ageOf(frame, 'young') !== ageOf(first, 'young'),
			'the age to move',
			10_000,
		);
		session.setSnapshot({
			...snapshot,
			deployments: [...snapshot.deployments, young, deployment({name: 'newborn', createdAt: new Date()})],
		});
		const frame = await waitForFrame(rendered, text => text.includes(' newborn '), 'the new deployment');
		assert.ok(Number(ageOf(frame, 'newborn')) <= 5, frame);
	});
});

const ageItems = Array.from({length: 1000}, (_, index) => ({
	name: index === 900 ? 'a-name-far-below-the-window-and-long' : `pod-${index}`,
	createdAt: NOW - index * S,
}));
/** The time the rows were last built for. */
let rowsBuiltAt = 0;
function AgeItems({now}: {now: number}) {
	const rows = useWindowedRows(ageItems, now, 2, (item, time) => {
		rowsBuiltAt = time;
		return {key: item.name, cells: [item.name, `${Math.round((time - item.createdAt) / S)}s`]};
	});
	return <Table columns={[{header: 'NAME'}, {header: 'AGE', align: 'right'}]} rows={rows} width={80} height={3} />;
}

describe('rows of items that show ages (useWindowedRows)', () => {
	it('measures every item, draws the window, and reads one time per second', () => {
		const rendered = render(<AgeItems now={NOW + 100} />);
		const frame = rendered.lastFrame()!;
		// NAME is as wide as the long name of item 900, off screen; AGE as "999s": "0s" is right-aligned in 4.
		const line = frame.split('\n').find(text => text.includes('pod-0'))!;
		assert.equal(line.indexOf('0s') - line.indexOf('pod-0'), 'a-name-far-below-the-window-and-long'.length + 2 + 2);
		assert.match(frame, /↓997/);
		assert.equal(rowsBuiltAt, NOW + 100);
		// Later in the same second: the rows keep the time they were measured at.
		rendered.rerender(<AgeItems now={NOW + 900} />);
		assert.equal(rowsBuiltAt, NOW + 100);
		rendered.rerender(<AgeItems now={NOW + 1_000} />);
		assert.equal(rowsBuiltAt, NOW + 1_000);
		assert.match(rendered.lastFrame()!, /pod-1 +2s/);
	});
});
