// The dashboard in a real terminal (tmux): frames stay in place while they update (no row drift or scrolling),
// and quitting gives the shell its screen back. tmux runs on its own socket so nothing else is touched.
import {after, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {waitFor} from './helpers/wait.js';

const fixture = fileURLToPath(new URL('./helpers/ui-run-fixture.tsx', import.meta.url));
const socket = `rollout-dash-ui-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
const screen = () => tmux('capture-pane', '-p', '-t', 'ui');

/** The screen once check() accepts it (the pane may not exist yet: a failed capture is an empty screen). */
function poll(check: (text: string) => boolean, what: string): Promise<string> {
	const capture = () => {
		try {
			return screen();
		} catch {
			return '';
		}
	};
	return waitFor(
		() => {
			const text = capture();
			return check(text) && text;
		},
		{interval: 50, message: () => `${what}; screen:\n${capture()}`},
	);
}

const countdown = (text: string) => /Progressing (\d+:\d\d) left/.exec(text)?.[1];

describe('in a real terminal (tmux)', () => {
	after(() => {
		try {
			tmux('kill-server');
		} catch {
			// Already gone.
		}
	});

	it('redraws in place and restores the screen on q', async () => {
		const command = `cd ${JSON.stringify(process.cwd())} && CI=false FORCE_COLOR=0 ${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(fixture)} tty; echo EXIT=$?; sleep 30`;
		tmux('new-session', '-d', '-s', 'ui', '-x', '100', '-y', '30', command);
		let text = await poll(t => t.includes('UP-TO-DATE'), 'the first frame');
		const first = countdown(text);
		// Keys and clock ticks both redraw; a writer that drifts shows a stale header or scrolls.
		tmux('send-keys', '-t', 'ui', 'j');
		await poll(t => /^› web/m.test(t), 'web selected');
		tmux('send-keys', '-t', 'ui', 'j');
		text = await poll(t => /^› worker/m.test(t) && countdown(t) !== first, 'worker selected and a clock tick');
		const lines = text.split('\n');
		assert.match(lines[0]!, /^rollout-dash {2}● live {2}context: sim-context/);
		assert.match(lines[1]!, /^<enter> open/);
		assert.match(lines[2]!, /^ {2}NAME +READY/);
		assert.equal(text.split('rollout-dash  ● live').length - 1, 1, `one header:\n${text}`);
		// Each row once, in its place (a drifting writer leaves a stale copy one row up).
		assert.match(lines[3]!, /^ {2}api /, text);
		assert.match(lines[4]!, /^ {2}web /, text);
		assert.match(lines[5]!, /^› worker /, text);
		for (const name of ['api', 'web', 'worker']) {
			assert.equal(lines.filter(line => new RegExp(`^[ ›] ${name} `).test(line)).length, 1, `${name} once:\n${text}`);
		}
		assert.equal(lines[6]!.trim(), '', text);
		tmux('send-keys', '-t', 'ui', 'q');
		text = await poll(t => t.includes('EXIT='), 'the shell again');
		assert.match(text, /FIXTURE-DONE code=0 closed=true/);
		assert.match(text, /EXIT=0/);
		assert.ok(!text.includes('UP-TO-DATE'), `the dashboard is gone from the main screen:\n${text}`);
	});
});
