import {test} from 'node:test';
import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {copyToClipboard} from '../source/terminal/clipboard.js';

function copy(text: string, env: NodeJS.ProcessEnv) {
	const stdout = new PassThrough();
	let written = '';
	stdout.on('data', chunk => {
		written += String(chunk);
	});
	const result = copyToClipboard(text, {stdout, env});
	return {result, written};
}

test('writes OSC 52 with the text as base64 and says a known terminal likely took it', () => {
	const {result, written} = copy('kubectl rollout undo deployment/web --to-revision=2 ✓', {TERM_PROGRAM: 'WezTerm'});
	assert.equal(written, result.sequence);
	const match = /^\x1b\]52;c;([A-Za-z0-9+/=]+)\x07$/.exec(written);
	assert.ok(match, JSON.stringify(written));
	assert.equal(
		Buffer.from(match[1] ?? '', 'base64').toString('utf8'),
		'kubectl rollout undo deployment/web --to-revision=2 ✓',
	);
	assert.deepEqual(result, {sequence: written, likelySupported: true});
});

test('inside tmux the sequence goes through its passthrough, every ESC doubled', () => {
	const {result, written} = copy('web', {TMUX: '/tmp/tmux-1000/default,1,0', TERM: 'tmux-256color'});
	assert.equal(written, '\x1bPtmux;\x1b\x1b]52;c;d2Vi\x07\x1b\\');
	assert.equal(result.likelySupported, false);
	assert.match(result.caveat ?? '', /allow-passthrough/);
});

test('terminals without OSC 52, unknown terminals and very long texts are reported as unlikely', () => {
	assert.match(copy('x', {TERM_PROGRAM: 'Apple_Terminal'}).result.caveat ?? '', /Apple_Terminal ignores/);
	assert.match(copy('x', {TERM: 'linux'}).result.caveat ?? '', /no clipboard/);
	assert.equal(copy('x', {TERM: 'vt100'}).result.likelySupported, false);
	assert.equal(copy('x', {TERM: 'xterm-kitty'}).result.likelySupported, true);
	assert.match(copy('x'.repeat(80_000), {TERM: 'xterm-kitty'}).result.caveat ?? '', /100 kB/);
});
