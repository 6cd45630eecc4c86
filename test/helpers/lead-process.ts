// Spawning the CLI (from source, through tsx) and waiting on conditions with bounded timeouts.
import {spawn, type ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliEntry = path.join(repoRoot, 'source', 'bin.ts');

/** The command line that runs rollout-dash from source. */
export function cliCommand(args: string[]): string[] {
	return [process.execPath, '--import', 'tsx', cliEntry, ...args];
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** Runs the CLI to completion (bounded by timeoutMs) and collects its output. */
export function runCli(
	args: string[],
	options: {env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string} = {},
): Promise<RunResult> {
	const [command, ...rest] = cliCommand(args);
	return runProcess(command!, rest, options);
}

export function runProcess(
	command: string,
	args: string[],
	options: {env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string; input?: string} = {},
): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd ?? repoRoot,
			env: {...process.env, ...options.env},
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr.on('data', chunk => (stderr += chunk));
		child.stdin.end(options.input ?? '');
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(
				new Error(
					`${command} ${args.join(' ')} did not finish within ${options.timeoutMs ?? 60_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
				),
			);
		}, options.timeoutMs ?? 60_000);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({code, signal, stdout, stderr});
		});
	});
}

/** A long-running child whose output is collected, for `rollout-dash sim` and `status`. */
export function startCli(
	args: string[],
	env: NodeJS.ProcessEnv = {},
): {child: ChildProcess; output: () => string; errors: () => string; exited: Promise<number | null>} {
	const [command, ...rest] = cliCommand(args);
	const child = spawn(command!, rest, {
		cwd: repoRoot,
		env: {...process.env, ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', chunk => (stdout += chunk));
	child.stderr!.on('data', chunk => (stderr += chunk));
	const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
	return {child, output: () => stdout, errors: () => stderr, exited};
}

/** kubectl's table output as rows of cells (columns split on runs of 2+ spaces), header dropped. */
export function tableRows(text: string): string[][] {
	return text
		.split('\n')
		.filter(line => line.trim() !== '')
		.slice(1)
		.map(line => line.trim().split(/\s{2,}/));
}
