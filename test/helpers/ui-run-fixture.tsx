// Runs runDashboard with a fake TTY around this process's pipes, for test/ui-run.test.ts.
// argv[2] picks how it ends: "keys" (the parent sends keys / signals), "crash" (p throws in a timer),
// "reject" (p leaves a rejected promise unhandled), "tty" (the real terminal, under tmux).
import {PassThrough, Writable} from 'node:stream';
import {runDashboard} from '../../source/ui/run.js';
import type {ActionRequest, ActionResult} from '../../source/model/types.js';
import {FakeSession, sampleSnapshot} from './ui-fake-session.js';

const mode = process.argv[2] ?? 'keys';

class FakeTtyOut extends Writable {
	isTTY = true;
	columns = 100;
	rows = 30;
	override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		process.stdout.write(chunk, callback);
	}
}

const stdin = Object.assign(new PassThrough(), {
	isTTY: true,
	setRawMode: () => stdin,
	ref: () => stdin,
	unref: () => stdin,
});
process.stdin.pipe(stdin);

class FixtureSession extends FakeSession {
	override async run(request: ActionRequest): Promise<ActionResult> {
		if (mode === 'crash')
			setTimeout(() => {
				throw new Error('boom in a timer');
			}, 0);
		if (mode === 'reject') void Promise.reject(new Error('nobody caught this'));
		return super.run(request);
	}
}

const session = new FixtureSession(sampleSnapshot());
const onTerminal = mode === 'tty';
if (onTerminal) process.stdin.unpipe(stdin);
const code = await runDashboard(session, {
	readonly: false,
	color: false,
	stdout: onTerminal ? undefined : (new FakeTtyOut() as unknown as NodeJS.WriteStream),
	stdin: onTerminal ? undefined : (stdin as unknown as NodeJS.ReadStream),
	initialNamespace: 'default',
	allNamespaces: false,
});
process.stdout.write(`\nFIXTURE-DONE code=${code} closed=${session.closed}\n`);
if (!onTerminal) process.stdin.unpipe(stdin);
process.stdin.destroy();
process.exitCode = code;
