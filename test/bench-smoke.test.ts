// `npm run bench -- --quick` end to end: a small scale scenario, every phase once. No timing assertions (CI machines
// are slow and loaded): only that it finishes, cleans up, and writes every figure as a finite number.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REQUIRED = [
	'startupMs',
	'kubectlGetDeployMs',
	'eventToScreenP50Ms',
	'eventToScreenP99Ms',
	'kubectlWatchP99Ms',
	'cpuMsPerThousandEvents',
	'cpuMsPerThousandEvents100Steady',
	'idleCpuPercent',
	'peakRssMb',
	'kubectlPeakRssMb',
	'oneChangeBytes',
	'fullFrameBytes',
	'simEventsPerSecond',
	'rollout1000Ms',
	'cores',
];

describe('npm run bench', () => {
	it('--quick writes every figure the report holds as a finite number', {timeout: 300_000}, async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
		const json = path.join(dir, 'figures.json');
		try {
			const child = spawn(
				process.execPath,
				['--import', 'tsx', path.join(root, 'source/bench/run.ts'), '--quick', '--json', json],
				{
					cwd: root,
					stdio: ['ignore', 'pipe', 'pipe'],
				},
			);
			let output = '';
			child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
			child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
			const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
			assert.equal(code, 0, output);
			assert.match(output, /start-up to first complete frame/);
			const figures = JSON.parse(fs.readFileSync(json, 'utf8')) as Record<string, unknown>;
			for (const key of REQUIRED) assert.ok(key in figures, `missing ${key}`);
			const {about, ...numbers} = figures as {about: Record<string, unknown>};
			for (const [key, value] of Object.entries(numbers)) {
				assert.ok(typeof value === 'number' && Number.isFinite(value), `${key} is ${String(value)}\n${output}`);
			}
			assert.equal(about['nodeVersion'], process.version);
		} finally {
			fs.rmSync(dir, {recursive: true, force: true});
		}
	});

	it('refuses a --dashboard bundle that does not exist in one line, before starting anything', {
		timeout: 60_000,
	}, async () => {
		const missing = path.join(os.tmpdir(), `no-such-build-${process.pid}`, 'rollout-dash.js');
		const {code, stdout, stderr} = await runBench(['--deployments-only', '--dashboard', missing]);
		assert.equal(code, 2, stderr);
		assert.equal(stdout, '');
		assert.equal(stderr, `error: --dashboard ${missing}: no such file (build it there with npm run build)\n`);
	});

	it('answers an unknown option with one error line, not a stack trace', {timeout: 60_000}, async () => {
		const {code, stdout, stderr} = await runBench(['--frobnicate']);
		assert.equal(code, 2, stderr);
		assert.equal(stdout, '');
		assert.equal(stderr, "error: Unknown option '--frobnicate'\n");
	});
});

async function runBench(args: string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
	const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'source/bench/run.ts'), ...args], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
	return {code, stdout, stderr};
}
