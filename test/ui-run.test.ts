// runDashboard always gives the terminal back: the byte stream has the alternate screen entered before the
// first frame and left (with the cursor shown) after the last, on q, Ctrl-C, SIGTERM, SIGHUP and crashes.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, SHOW_CURSOR} from '../source/terminal/screen.js';
import {waitFor} from './helpers/wait.js';

const fixture = fileURLToPath(new URL('./helpers/ui-run-fixture.tsx', import.meta.url));

interface Run {
	child: ChildProcessWithoutNullStreams;
	output: () => string;
	errors: () => string;
	exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
}

function startFixture(mode: string): Run {
	const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode], {
		// Ink draws no intermediate frames when it thinks it runs in CI.
		env: {...process.env, CI: 'false', FORCE_COLOR: '0'},
		stdio: 'pipe',
	});
	let output = '';
	let errors = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
	const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve =>
		child.on('exit', (code, signal) => resolve({code, signal})),
	);
	return {child, output: () => output, errors: () => errors, exited};
}

function poll(check: () => boolean, what: string, run: Run): Promise<unknown> {
	return waitFor(check, {
		message: () => `${what}\nstdout: ${JSON.stringify(run.output().slice(-2000))}\nstderr: ${run.errors()}`,
	});
}

async function finished(run: Run, timeoutMs = 30_000) {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			run.child.kill('SIGKILL');
			reject(
				new Error(
					`the fixture did not exit\nstdout: ${JSON.stringify(run.output().slice(-2000))}\nstderr: ${run.errors()}`,
				),
			);
		}, timeoutMs);
	});
	try {
		return await Promise.race([run.exited, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** Starts the fixture and waits until the list is on screen and keys are handled. */
async function started(mode: string): Promise<Run> {
	const run = startFixture(mode);
	await poll(() => run.output().includes('UP-TO-DATE'), 'the first frame', run);
	// Keys are read once Ink's input effect runs; "?" opening the help proves it.
	run.child.stdin.write('?');
	await poll(() => run.output().includes('Keys (Esc or ? closes)'), 'the help screen', run);
	return run;
}

/** stderr as lines of text (restore-cursor, inside Ink, writes a show-cursor sequence there on exit). */
function errorLines(run: Run): string[] {
	return run
		.errors()
		.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
		.split('\n')
		.filter(line => line.trim() !== '');
}

function assertRestored(output: string, code: number): void {
	const enter = output.indexOf(ENTER_ALT_SCREEN);
	const firstFrame = output.indexOf('UP-TO-DATE');
	const leave = output.lastIndexOf(LEAVE_ALT_SCREEN);
	const done = output.indexOf('FIXTURE-DONE');
	assert.ok(enter >= 0, 'entered the alternate screen');
	assert.ok(enter < firstFrame, 'before the first frame');
	assert.ok(leave > output.lastIndexOf('Keys (Esc or ? closes)'), 'left the alternate screen after the last frame');
	assert.ok(output.lastIndexOf(SHOW_CURSOR) > output.lastIndexOf('\x1b[?25l'), 'the cursor is shown again');
	assert.equal(output.split(LEAVE_ALT_SCREEN).length - 1, 1, 'left exactly once');
	assert.ok(leave < done, 'restored before runDashboard resolved');
	assert.match(output, new RegExp(`FIXTURE-DONE code=${code} closed=true`));
}

describe('runDashboard restores the terminal', () => {
	it('on q (exit code 0, session closed)', async () => {
		const run = await started('keys');
		run.child.stdin.write('q');
		const {code} = await finished(run);
		assert.equal(code, 0);
		assertRestored(run.output(), 0);
	});

	it('on Ctrl-C', async () => {
		const run = await started('keys');
		run.child.stdin.write('\x03');
		const {code} = await finished(run);
		assert.equal(code, 0);
		assertRestored(run.output(), 0);
	});

	it('on SIGTERM (exit code 143)', async () => {
		const run = await started('keys');
		run.child.kill('SIGTERM');
		const {code} = await finished(run);
		assert.equal(code, 143);
		assertRestored(run.output(), 143);
	});

	it('on SIGHUP (exit code 129)', async () => {
		const run = await started('keys');
		run.child.kill('SIGHUP');
		const {code} = await finished(run);
		assert.equal(code, 129);
		assertRestored(run.output(), 129);
	});

	it('on an uncaught exception: restores, prints one line, exits 1', async () => {
		const run = await started('crash');
		run.child.stdin.write('\x1b');
		await poll(
			() => run.output().lastIndexOf('UP-TO-DATE') > run.output().lastIndexOf('Keys (Esc'),
			'the list again',
			run,
		);
		run.child.stdin.write('p');
		const {code} = await finished(run);
		assert.equal(code, 1);
		assertRestored(run.output(), 1);
		assert.deepEqual(errorLines(run), ['rollout-dash: crashed: boom in a timer']);
	});

	it('on an unhandled rejection: restores, prints one line, exits 1', async () => {
		const run = await started('reject');
		run.child.stdin.write('\x1b');
		await poll(
			() => run.output().lastIndexOf('UP-TO-DATE') > run.output().lastIndexOf('Keys (Esc'),
			'the list again',
			run,
		);
		run.child.stdin.write('p');
		const {code} = await finished(run);
		assert.equal(code, 1);
		assertRestored(run.output(), 1);
		assert.deepEqual(errorLines(run), ['rollout-dash: crashed: nobody caught this']);
	});
});
