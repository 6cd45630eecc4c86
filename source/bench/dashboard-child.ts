// The dashboard as the CLI runs it (connect, createSession, runDashboard: the real render path), drawing into a fake
// terminal of fixed size. Every frame Ink writes is timed here and summarised to the bench over IPC.
import fs from 'node:fs';
import {PassThrough, Writable} from 'node:stream';
import {connect} from '../cluster/connect.js';
import {createSession} from '../cluster/session.js';
import {runDashboard} from '../ui/run.js';
import {FrameSplitter, listTotal, markerSeqs, revisionRowCount, ScreenModel} from './frames.js';
import type {BenchToDashboard, DashboardChildConfig, DashboardToBench} from './protocol.js';

const config = JSON.parse(process.argv[2] ?? '{}') as DashboardChildConfig;
const send = (message: DashboardToBench) => process.send?.(message);
const now = () => performance.timeOrigin + performance.now();
// Static imports are evaluated by now: the modules' share of the start-up.
const modulesLoadedAt = now();

let frames = 0;
let bytes = 0;
let lastScreen = '';
const splitter = new FrameSplitter();
// What the terminal would show: the dashboard may redraw whole frames or only the rows that changed.
const screen = new ScreenModel(config.columns, config.rows);

class FakeTerminal extends Writable {
	isTTY = true;
	columns = config.columns;
	rows = config.rows;
	override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		const at = now();
		const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
		for (const frame of splitter.push(text)) {
			frames++;
			bytes += frame.bytes;
			screen.write(frame.text);
			const plain = screen.text();
			if (plain === lastScreen) continue;
			lastScreen = plain;
			const total = listTotal(plain);
			send({
				type: 'frame',
				at,
				bytes: frame.bytes,
				...(total === undefined ? {} : {listTotal: total}),
				live: plain.includes('● live'),
				showsFirst: plain.includes(config.firstDeployment),
				revisionRows: revisionRowCount(plain, config.firstDeployment),
				seqs: markerSeqs(plain),
			});
		}
		callback();
	}
}

const terminal = new FakeTerminal();

const stdin = Object.assign(new PassThrough(), {
	isTTY: true,
	setRawMode: () => stdin,
	ref: () => stdin,
	unref: () => stdin,
});

function memoryKb(): {vmHwmKb: number; vmRssKb: number} {
	const status = fs.readFileSync('/proc/self/status', 'utf8');
	const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
	return {vmHwmKb: field('VmHWM'), vmRssKb: field('VmRSS')};
}

process.on('message', (message: BenchToDashboard) => {
	switch (message.type) {
		case 'keys':
			stdin.write(message.data);
			return;
		case 'probe': {
			const usage = process.cpuUsage();
			const heapUsedMb = process.memoryUsage().heapUsed / 1024 / 1024;
			send({type: 'probe', id: message.id, at: now(), cpuMicros: usage.user + usage.system, ...memoryKb(), heapUsedMb, frames, bytes});
			return;
		}
		case 'screen':
			send({type: 'screen', id: message.id, text: lastScreen});
			return;
		case 'resize':
			terminal.columns = message.columns;
			terminal.rows = message.rows;
			screen.resize(message.columns, message.rows);
			terminal.emit('resize');
			return;
	}
});
// Without the bench there is nobody to quit us.
process.on('disconnect', () => stdin.write('q'));

// As `rollout-dash -A` wires it in source/cli.tsx.
const connection = await connect({kubeconfig: config.kubeconfigPath, allNamespaces: true});
send({type: 'timeline', processStartedAt: performance.timeOrigin, modulesLoadedAt, connectedAt: now()});
const session = createSession(connection);
const code = await runDashboard(session, {
	readonly: false,
	color: true,
	stdout: terminal as unknown as NodeJS.WriteStream,
	stdin: stdin as unknown as NodeJS.ReadStream,
	allNamespaces: true,
	initialNamespace: connection.namespace,
});
send({type: 'exit', code});
process.disconnect?.();
process.exitCode = code;
