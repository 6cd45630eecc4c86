import assert from 'node:assert/strict';
// Test helpers for the simulator's API server: a simulator in a temp dir, raw HTTPS requests
// with its CA and token, streaming watches read line by line, and kubectl runs with a fresh
// cache directory. Everything waits on conditions with bounded timeouts.
import {request as httpsRequest} from 'node:https';
import type {IncomingMessage} from 'node:http';
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startSimulator, type Simulator, type SimulatorOptions} from '../../source/sim/index.js';
import {WAIT_MS, waitFor} from './wait.js';

export interface TestSimulator extends Simulator {
	dir: string;
	caPem: string;
	kubeconfigPath: string;
	request(method: string, urlPath: string, options?: RequestOptions): Promise<Reply>;
	watch(urlPath: string, options?: RequestOptions): Promise<WatchStream>;
	kubectl(
		args: string[],
		options?: {timeoutMs?: number; input?: string; env?: NodeJS.ProcessEnv},
	): Promise<CommandResult>;
	close(): Promise<void>;
}

export interface RequestOptions {
	body?: unknown;
	/** Raw body bytes (sent as-is). */
	raw?: Buffer | string;
	headers?: Record<string, string>;
	/** Token to send; null sends no Authorization header. */
	token?: string | null;
}

export interface Reply {
	status: number;
	headers: IncomingMessage['headers'];
	text: string;
	json: any;
}

export interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<TestSimulator> {
	const dir = mkdtempSync(path.join(tmpdir(), 'sim-api-test-'));
	const kubeconfigPath = path.join(dir, 'kubeconfig');
	const sim = await startSimulator({scenario: 'empty', speed: 50, kubeconfigPath, ...options});
	const caPem = Buffer.from(sim.kubeconfig.match(/certificate-authority-data: (\S+)/)![1]!, 'base64').toString('utf8');
	const cacheDir = path.join(dir, 'kubectl-cache');

	const send = (method: string, urlPath: string, options: RequestOptions = {}) => {
		const headers: Record<string, string> = {Accept: 'application/json', ...options.headers};
		const token = options.token === undefined ? sim.token : options.token;
		if (token !== null) headers.Authorization = `Bearer ${token}`;
		let body: Buffer | undefined;
		if (options.raw !== undefined) body = Buffer.from(options.raw);
		else if (options.body !== undefined) {
			body = Buffer.from(JSON.stringify(options.body));
			headers['Content-Type'] ??= 'application/json';
		}
		if (body) headers['Content-Length'] = String(body.length);
		const request = httpsRequest(new URL(urlPath, sim.url), {method, headers, ca: caPem, agent: false});
		request.end(body);
		return request;
	};

	const test: TestSimulator = {
		...sim,
		dir,
		caPem,
		kubeconfigPath,
		request(method, urlPath, options) {
			return new Promise<Reply>((resolve, reject) => {
				const request = send(method, urlPath, options);
				request.on('error', reject);
				request.on('response', response => {
					const chunks: Buffer[] = [];
					response.on('data', chunk => chunks.push(chunk));
					response.on('end', () => {
						const text = Buffer.concat(chunks).toString('utf8');
						let json: any;
						try {
							json = JSON.parse(text);
						} catch {
							json = undefined;
						}
						resolve({status: response.statusCode ?? 0, headers: response.headers, text, json});
					});
				});
			});
		},
		watch(urlPath, options) {
			return new Promise<WatchStream>((resolve, reject) => {
				const request = send('GET', urlPath, options);
				request.on('error', reject);
				request.on('response', response => resolve(new WatchStream(response, () => request.destroy())));
			});
		},
		kubectl(args, options = {}) {
			return runCommand('kubectl', ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir, ...args], options);
		},
		async close() {
			await sim.stop();
			rmSync(dir, {recursive: true, force: true});
		},
	};
	return test;
}

export function runCommand(
	command: string,
	args: string[],
	options: {timeoutMs?: number; input?: string; env?: NodeJS.ProcessEnv} = {},
): Promise<CommandResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {stdio: ['pipe', 'pipe', 'pipe'], env: {...process.env, ...options.env}});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr.on('data', chunk => (stderr += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${command} ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
		}, options.timeoutMs ?? WAIT_MS);
		child.on('error', error => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
		child.stdin.end(options.input ?? '');
	});
}

/** A watch response read as newline-delimited JSON. */
export class WatchStream {
	readonly events: any[] = [];
	/** Raw chunks, including keep-alive newlines. */
	readonly chunks: string[] = [];
	ended = false;
	private buffer = '';

	constructor(
		readonly response: IncomingMessage,
		private readonly abort: () => void,
	) {
		response.setEncoding('utf8');
		response.on('data', (chunk: string) => {
			this.chunks.push(chunk);
			this.buffer += chunk;
			let newline: number;
			while ((newline = this.buffer.indexOf('\n')) >= 0) {
				const line = this.buffer.slice(0, newline).trim();
				this.buffer = this.buffer.slice(newline + 1);
				if (line) this.events.push(JSON.parse(line));
			}
		});
		const end = () => {
			this.ended = true;
		};
		response.on('end', end);
		response.on('close', end);
		response.on('error', end);
	}

	get status(): number {
		return this.response.statusCode ?? 0;
	}

	/** Waits until predicate(events) holds; fails after timeoutMs with the events seen. */
	async until(description: string, predicate: (events: any[]) => boolean, timeoutMs = WAIT_MS): Promise<any[]> {
		await waitFor(() => predicate(this.events), {
			timeout: timeoutMs,
			message: () =>
				`${description}; events: ${JSON.stringify(this.events.map(e => [e.type, e.object?.metadata?.name ?? e.object?.code]))}`,
		});
		return this.events;
	}

	async untilEnded(timeoutMs = WAIT_MS): Promise<void> {
		await waitFor(() => this.ended, {timeout: timeoutMs, message: 'the watch to end'});
	}

	close(): void {
		this.abort();
	}
}

export function deploymentManifest(
	name: string,
	overrides: {
		replicas?: number;
		image?: string;
		labels?: Record<string, string>;
		strategy?: unknown;
		namespace?: string;
	} = {},
) {
	const labels = overrides.labels ?? {app: name};
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name, ...(overrides.namespace ? {namespace: overrides.namespace} : {}), labels},
		spec: {
			replicas: overrides.replicas ?? 1,
			selector: {matchLabels: labels},
			...(overrides.strategy ? {strategy: overrides.strategy} : {}),
			template: {metadata: {labels}, spec: {containers: [{name: 'app', image: overrides.image ?? 'nginx:1.25'}]}},
		},
	};
}

/** Runs kubectl against the simulator and asserts it succeeded: its stdout. */
export async function kubectlOk(sim: TestSimulator, ...args: string[]): Promise<string> {
	const result = await sim.kubectl(args);
	assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
	return result.stdout;
}
