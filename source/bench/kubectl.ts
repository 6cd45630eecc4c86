// kubectl, run the way a person runs it, against the same simulator: timed one-shot commands (with their peak RSS)
// and `get -w` with a timestamp for every line it prints.
import {spawn} from 'node:child_process';
import {samplePeakRss} from './proc.js';

export interface KubectlSetup {
	binary: string;
	kubeconfig: string;
	cacheDir: string;
}

const now = () => performance.timeOrigin + performance.now();

function baseArgs(setup: KubectlSetup): string[] {
	return ['--kubeconfig', setup.kubeconfig, '--cache-dir', setup.cacheDir];
}

export interface TimedRun {
	ms: number;
	peakRssKb: number;
	stdoutBytes: number;
	code: number | null;
}

/** Runs kubectl to completion, draining its output; wall time from spawn to exit. */
export function timedKubectl(setup: KubectlSetup, args: string[], timeoutMs = 120_000): Promise<TimedRun> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(setup.binary, [...baseArgs(setup), ...args], {stdio: ['ignore', 'pipe', 'pipe']});
		const sampler = samplePeakRss(child.pid ?? -1);
		let stdoutBytes = 0;
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdoutBytes += chunk.length));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('exit', code => {
			const ms = performance.now() - started;
			clearTimeout(timer);
			const peakRssKb = sampler.stop();
			if (code !== 0)
				return reject(new Error(`kubectl ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n')[0]}`));
			resolve({ms, peakRssKb, stdoutBytes, code});
		});
	});
}

export interface WatchLine {
	at: number;
	line: string;
}

/** Starts `kubectl <args>` (a -w command) and records every line with the time it arrived. */
export function watchKubectl(
	setup: KubectlSetup,
	args: string[],
): {lines: WatchLine[]; stop(): Promise<void>; stderr(): string} {
	const lines: WatchLine[] = [];
	const child = spawn(setup.binary, [...baseArgs(setup), ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	let partial = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		const at = now();
		const parts = (partial + chunk).split('\n');
		partial = parts.pop() ?? '';
		for (const line of parts) lines.push({at, line});
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
	const exited = new Promise<void>(resolve => child.on('exit', () => resolve()));
	return {
		lines,
		stderr: () => stderr,
		async stop() {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
			await exited;
			clearTimeout(timer);
		},
	};
}
