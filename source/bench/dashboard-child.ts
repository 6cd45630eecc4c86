// The dashboard exactly as people run it: the bundle that `npm run build` makes (dist/rollout-dash.js), started with
// `-A --kubeconfig …` in a process whose stdout and stdin are a fake terminal of fixed size. Everything written to the
// terminal goes to the bench as it is, stamped with the time of the write; the bench (frames.ts) reads the frames, so
// none of the measuring costs CPU or memory here. The bench's own requests (probe, keys, resize) are answered below.
import fs from 'node:fs';
import v8 from 'node:v8';
import {PassThrough, Writable} from 'node:stream';
import {pathToFileURL} from 'node:url';
import type {BenchToDashboard, DashboardChildConfig, DashboardToBench} from './protocol.js';

const config = JSON.parse(process.argv[2] ?? '{}') as DashboardChildConfig;
const send = (message: DashboardToBench) => process.send?.(message);
const now = () => performance.timeOrigin + performance.now();

class FakeTerminal extends Writable {
	isTTY = true;
	columns = config.columns;
	rows = config.rows;
	override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		send({type: 'output', at: now(), data: typeof chunk === 'string' ? chunk : chunk.toString('utf8')});
		callback();
	}
}

const terminal = new FakeTerminal();
const stdin = Object.assign(new PassThrough(), {
	isTTY: true,
	isRaw: false,
	setRawMode: (mode: boolean) => {
		stdin.isRaw = mode;
		return stdin;
	},
	ref: () => stdin,
	unref: () => stdin,
});
Object.defineProperty(process, 'stdout', {configurable: true, get: () => terminal});
Object.defineProperty(process, 'stdin', {configurable: true, get: () => stdin});

function memoryKb(): {vmHwmKb: number; vmRssKb: number} {
	const status = fs.readFileSync('/proc/self/status', 'utf8');
	const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
	return {vmHwmKb: field('VmHWM'), vmRssKb: field('VmRSS')};
}

/** CPU time of the main thread alone (the JavaScript), in microseconds; the rest of the process is V8's helper threads. */
function mainThreadCpuMicros(): number {
	const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100; // clock ticks of 10 ms
}

/** The CLI's performance marks (source/cli.tsx) as wall-clock times. */
function marks(): Record<string, number> {
	return Object.fromEntries(
		performance.getEntriesByType('mark').map(mark => [mark.name, performance.timeOrigin + mark.startTime]),
	);
}

process.on('message', (message: BenchToDashboard) => {
	switch (message.type) {
		case 'keys':
			stdin.write(message.data);
			return;
		case 'probe': {
			const usage = process.cpuUsage();
			const heapUsedMb = process.memoryUsage().heapUsed / 1024 / 1024;
			send({
				type: 'probe',
				id: message.id,
				at: now(),
				cpuMicros: usage.user + usage.system,
				mainThreadCpuMicros: mainThreadCpuMicros(),
				...memoryKb(),
				heapUsedMb,
			});
			if (message.heapSnapshot) v8.writeHeapSnapshot(message.heapSnapshot);
			return;
		}
		case 'timeline':
			send({type: 'timeline', id: message.id, processStartedAt: performance.timeOrigin, marks: marks()});
			return;
		case 'resize':
			terminal.columns = message.columns;
			terminal.rows = message.rows;
			terminal.emit('resize');
			return;
	}
});
// Without the bench there is nobody to quit us.
process.on('disconnect', () => stdin.write('q'));

process.argv = [process.argv[0]!, config.bundle, '-A', '--kubeconfig', config.kubeconfigPath];
// bin.js evaluates until the dashboard has quit (a top-level await), then leaves its exit code.
await import(pathToFileURL(config.bundle).href);
send({type: 'exit', code: Number(process.exitCode ?? 0)});
process.disconnect?.();
