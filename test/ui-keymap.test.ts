// The keymap table: one binding per key and place, and what the hint bar, the help screen and --readonly read from it.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {handleKey, initialUiState, type KeyContext} from '../source/ui/keys.js';
import {helpLines, hintBar, KEYMAP, type Where} from '../source/ui/keymap.js';
import {deployment, sampleSnapshot} from './helpers/ui-fake-session.js';

const PLACES: Where[] = [
	'list',
	'deployment',
	'filter',
	'command',
	'scale',
	'image',
	'namespace',
	'context',
	'container',
	'help',
	'confirm',
];

function context(overrides: Partial<KeyContext> = {}): KeyContext {
	return {
		snapshot: sampleSnapshot(),
		readonly: false,
		pageSize: 5,
		templateDiff: () => [],
		contexts: [],
		...overrides,
	};
}

describe('keymap', () => {
	it('binds each key at most once per place (a second binding would never be reached)', () => {
		for (const where of PLACES) {
			const seen = new Map<string, string>();
			for (const binding of KEYMAP.filter(entry => entry.where.includes(where))) {
				for (const key of binding.keys) {
					assert.ok(!seen.has(key), `${key} in ${where}: ${seen.get(key)} and ${binding.name}`);
					seen.set(key, binding.name);
				}
			}
		}
	});

	it('the hint bars', () => {
		assert.equal(
			hintBar('list', false),
			'<enter> open  </> filter  <n> namespace  <p> pause  <r> resume  <u> undo  <:> command  <d> describe  <y> yaml  <?> help  <q> quit',
		);
		assert.equal(
			hintBar('deployment', false),
			'<j/k> revision  <p> pause  <r> resume  <u> undo to it  <R> restart  <esc> back  <s> scale  <i> image  <tab> panel  <?> help  <q> quit',
		);
	});

	it('--readonly leaves the write keys out of the hints and the help', () => {
		const writes = KEYMAP.filter(binding => binding.writes);
		assert.deepEqual([...new Set(writes.flatMap(binding => binding.keys))].sort(), ['R', 'i', 'p', 'r', 's', 'u']);
		for (const where of ['list', 'deployment'] as const) {
			const hints = hintBar(where, true);
			for (const word of ['pause', 'resume', 'undo', 'restart'])
				assert.ok(!hints.includes(word), `${word} in ${hints}`);
			assert.ok(hints.includes('<q> quit'));
		}
		const help = helpLines(true).map(line => line.text);
		assert.ok(help.length > 5);
		for (const word of ['rollout pause', 'rollout resume', 'rollout undo', 'rollout restart'])
			assert.ok(!help.some(text => text.includes(word)), word);
		assert.ok(helpLines(false).some(line => line.text.includes('rollout pause')));
	});

	it('a write key under --readonly says so in one line and does nothing else', () => {
		for (const key of ['p', 'r', 'u', 'R', 's', 'i']) {
			const {state, effects} = handleKey(initialUiState, context({readonly: true}), key, {});
			assert.deepEqual(effects, []);
			assert.equal(state.mode, 'normal');
			assert.match(state.result?.message ?? '', /^read-only mode: [\w ]+ is disabled \(started with --readonly\)$/);
		}
	});

	it("a verb the selected kind does not take gets kubectl's refusal and no request", () => {
		const snapshot = sampleSnapshot();
		const sts = {...deployment({name: 'db'}), kind: 'StatefulSet' as const};
		const ctx = context({snapshot: {...snapshot, deployments: [sts]}});
		const paused = handleKey(initialUiState, ctx, 'p', {});
		assert.deepEqual(paused.effects, []);
		assert.deepEqual(paused.state.result, {ok: false, message: 'statefulsets.apps "db" pausing is not supported'});
		const restarted = handleKey(initialUiState, ctx, 'R', {});
		assert.equal(restarted.state.mode, 'confirm', 'restart applies to StatefulSets');
		const confirmed = handleKey(restarted.state, ctx, 'y', {});
		assert.deepEqual(confirmed.effects, [
			{kind: 'action', request: {kind: 'StatefulSet', namespace: 'default', name: 'db', verb: 'restart', args: {}}},
		]);
		assert.equal(confirmed.state.pending, 'restarting statefulset/db…');
	});
});

it('names every help line by distinct keys (the help screen keys its lines by them)', () => {
	const keys = helpLines(false).map(line => line.keys);
	assert.equal(new Set(keys).size, keys.length, keys.join(' | '));
});
