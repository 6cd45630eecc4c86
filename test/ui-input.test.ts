// The pure parts of the keyboard: the key reader (bursts, escape sequences, UTF-8, bracketed paste), the line
// editor, command completion, the confirmation sentences and the list's order.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {completeCommand, runPromptCommand} from '../source/ui/commands.js';
import {confirmText, undoOutcome} from '../source/ui/confirm-text.js';
import {createKeyReader} from '../source/ui/key-reader.js';
import {initialUiState, type KeyContext} from '../source/ui/keys.js';
import {editLine, lineOf, type Line} from '../source/ui/line-editor.js';
import {sortDeployments} from '../source/ui/list-order.js';
import {deployment, revision, sampleSnapshot} from './helpers/ui-fake-session.js';

const names = (chunks: string[]) => {
	const reader = createKeyReader();
	return chunks
		.flatMap(chunk => reader.read(chunk))
		.map(({input, key}) => {
			const flags = Object.entries(key)
				.filter(([, on]) => on)
				.map(([flag]) => flag)
				.join('+');
			return flags === '' ? input : `${flags}${input ? `:${input}` : ''}`;
		});
};

describe('key reader', () => {
	it('splits a burst into keys, in order', () => {
		assert.deepEqual(names(['\rju']), ['return:\r', 'j', 'u']);
		assert.deepEqual(names(['/name\r']), ['/', 'n', 'a', 'm', 'e', 'return:\r']);
	});

	it('reads escape sequences inside a burst, and Esc followed by a key as both', () => {
		assert.deepEqual(names(['j\x1b[Ak\x1b[6~']), ['j', 'upArrow', 'k', 'pageDown']);
		assert.deepEqual(names(['\x1b:q\r']), ['escape+meta', ':', 'q', 'return:\r']);
		assert.deepEqual(names(['\x1b']), ['escape+meta']);
		assert.deepEqual(names(['\x1b[1;5C', '\x1bOA', '\x1b[Z']), ['rightArrow', 'upArrow', 'tab+shift']);
	});

	it('names control characters: Ctrl-letters, Tab, Backspace', () => {
		assert.deepEqual(names(['\x15\x17\x01\x05\t\x7f\x03']), [
			'ctrl:u',
			'ctrl:w',
			'ctrl:a',
			'ctrl:e',
			'tab:\t',
			'backspace',
			'ctrl:c',
		]);
	});

	it('keeps UTF-8 characters whole (astral ones too)', () => {
		assert.deepEqual(names(['é😀j']), ['é', '😀', 'j']);
	});

	it('takes a bracketed paste as text, line breaks as Enter, across reads', () => {
		assert.deepEqual(names(['\x1b[200~a\x1bb', 'c\r\n\x1b[201~j']), ['a', 'b', 'c', 'return:\r', 'j']);
	});
});

describe('line editor', () => {
	const type = (line: Line, ...keys: [string, Parameters<typeof editLine>[2]][]) =>
		keys.reduce((current, [input, key]) => editLine(current, input, key) ?? current, line);

	it('inserts at the cursor and moves with arrows, Home/End, Ctrl-A/E/B/F', () => {
		assert.deepEqual(type(lineOf('ac'), ['', {leftArrow: true}], ['b', {}]), {text: 'abc', cursor: 2});
		assert.deepEqual(type(lineOf('bc'), ['a', {ctrl: true}], ['a', {}]), {text: 'abc', cursor: 1});
		assert.deepEqual(type({text: 'abc', cursor: 0}, ['e', {ctrl: true}]), {text: 'abc', cursor: 3});
		assert.deepEqual(type(lineOf('abc'), ['', {home: true}], ['', {rightArrow: true}]), {text: 'abc', cursor: 1});
	});

	it('Ctrl-U clears before the cursor, Ctrl-K after, Ctrl-W a word, Backspace and Delete a character', () => {
		assert.deepEqual(type(lineOf('3'), ['u', {ctrl: true}], ['4', {}]), {text: '4', cursor: 1});
		assert.deepEqual(type({text: 'abcd', cursor: 2}, ['k', {ctrl: true}]), {text: 'ab', cursor: 2});
		assert.deepEqual(type(lineOf('ns team-a  '), ['w', {ctrl: true}]), {text: 'ns ', cursor: 3});
		assert.deepEqual(type(lineOf('abc'), ['', {backspace: true}]), {text: 'ab', cursor: 2});
		assert.deepEqual(type({text: 'abc', cursor: 0}, ['', {delete: true}]), {text: 'bc', cursor: 0});
		assert.deepEqual(type(lineOf(''), ['', {backspace: true}]), {text: '', cursor: 0});
	});

	it('leaves Enter, Esc and Tab to the prompt, and keeps control characters out of the text', () => {
		for (const key of [{return: true}, {escape: true}, {tab: true}, {upArrow: true}])
			assert.equal(editLine(lineOf('a'), '', key), undefined);
		assert.deepEqual(editLine(lineOf(''), 'a\x1b[31mb', {}), {text: 'a[31mb', cursor: 6});
	});
});

describe('command line', () => {
	const context: KeyContext = {
		snapshot: sampleSnapshot({namespaces: ['default', 'shop', 'shipping'], namespacesListed: true}),
		readonly: false,
		pageSize: 5,
		templateDiff: () => [],
		contexts: ['kind-dev', 'prod-eu'],
	};

	it('completes command names, then their argument, to the longest shared prefix', () => {
		assert.equal(completeCommand('n', context), 'ns ');
		assert.equal(completeCommand('ct', context), 'ctx ');
		assert.equal(completeCommand('ns s', context), 'ns sh');
		assert.equal(completeCommand('ns sho', context), 'ns shop');
		assert.equal(completeCommand('ctx p', context), 'ctx prod-eu');
		assert.equal(completeCommand('zz', context), 'zz');
	});

	it('runs commands, and says what it cannot run in one line', () => {
		const run = (text: string) => runPromptCommand(initialUiState, context, text);
		assert.deepEqual(run('ns shop').effects, [{kind: 'setNamespace', namespace: 'shop'}]);
		assert.deepEqual(run('ns all').effects, [{kind: 'setNamespace', namespace: undefined}]);
		assert.equal(
			run('ns nowhere').state.result?.message,
			'namespace "nowhere" not found (known: default, shop, shipping)',
		);
		// Before the cluster has listed its namespaces (keys typed as the dashboard starts), the name is tried.
		const early = runPromptCommand(
			initialUiState,
			{...context, snapshot: sampleSnapshot({namespaces: ['default']})},
			'ns team-b',
		);
		assert.deepEqual(early.effects, [{kind: 'setNamespace', namespace: 'team-b'}]);
		assert.deepEqual(run('ctx prod-eu').effects, [{kind: 'switchContext', context: 'prod-eu'}]);
		assert.equal(run('ctx').state.mode, 'context');
		assert.deepEqual(run('sts').state.kinds, ['StatefulSet']);
		assert.deepEqual(run('daemonsets').state.kinds, ['DaemonSet']);
		assert.deepEqual(run('deployments.apps').state.kinds, ['Deployment']);
		assert.equal(run('all').state.kinds, undefined);
		assert.deepEqual(run('q').effects, [{kind: 'quit'}]);
		assert.equal(run('sts web').state.result?.message, ':sts takes no argument');
		assert.equal(run('bogus').state.result?.message, 'unknown command ":bogus" (? lists the commands)');
	});
});

describe('confirmation sentences', () => {
	const revisions = [
		revision({revision: 3, isCurrent: true}),
		revision({revision: 2}),
		revision({revision: 1, changeCause: 'deploy shop 1.0', images: [{container: 'app', image: 'shop:1.0'}]}),
	];

	it('says what an undo does to the history: the target becomes the next revision and the rollout starts', () => {
		assert.equal(
			undoOutcome(revisions[2]!, revisions, deployment({name: 'web'})).text,
			'revision 1 (image shop:1.0, change-cause deploy shop 1.0) becomes revision 4; the rollout starts now',
		);
		assert.match(undoOutcome(revisions[0]!, revisions, undefined).text, /is the current template: kubectl skips/);
		assert.equal(undoOutcome(revisions[2]!, revisions, deployment({name: 'web', paused: true})).warning, true);
	});

	it('says a paused deployment scales all the same', () => {
		const request = {kind: 'Deployment', namespace: 'd', name: 'web', verb: 'scale', args: {replicas: 4}} as const;
		const paused = confirmText(request, deployment({name: 'web', paused: true}), undefined, undefined);
		assert.equal(paused.title, 'Scale deployment/web (namespace d) from 3 to 4 replicas?');
		assert.match(paused.lines[0]?.text ?? '', /paused: it scales all the same/);
	});
});

describe('list order', () => {
	it('sorts by name, age, phase, namespace, ties by namespace and name', () => {
		const list = [
			deployment({name: 'b', namespace: 'x', phase: 'Complete', createdAt: new Date(1000)}),
			deployment({name: 'a', namespace: 'y', phase: 'Stalled', createdAt: new Date(3000)}),
			deployment({name: 'c', namespace: 'x', phase: 'Progressing', createdAt: new Date(2000)}),
		];
		const order = (by: 'name' | 'age' | 'phase' | 'namespace', descending = false) =>
			sortDeployments(list, {by, descending})
				.map(d => d.name)
				.join('');
		assert.equal(order('name'), 'abc');
		assert.equal(order('name', true), 'cba');
		assert.equal(order('age'), 'acb');
		assert.equal(order('phase'), 'acb');
		assert.equal(order('namespace'), 'bca');
		assert.equal(sortDeployments(list, undefined), list);
	});
});
