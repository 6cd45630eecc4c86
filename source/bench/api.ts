// The bench's own HTTPS client to the simulator (loopback only): writes at a given rate, lists, and raw watch streams.
import https from 'node:https';

export interface ApiTarget {
	url: string;
	token: string;
	/** PEM of the simulator's CA, from the kubeconfig it wrote. */
	ca: string;
}

export function caFromKubeconfig(yaml: string): string {
	const data = /certificate-authority-data:\s*(\S+)/.exec(yaml)?.[1];
	if (!data) throw new Error('the simulator kubeconfig has no certificate-authority-data');
	return Buffer.from(data, 'base64').toString('utf8');
}

export class Api {
	private readonly agent: https.Agent;
	private readonly base: URL;

	constructor(
		private readonly target: ApiTarget,
		maxSockets = 64,
	) {
		this.base = new URL(target.url);
		if (this.base.hostname !== '127.0.0.1')
			throw new Error(`the bench talks to 127.0.0.1 only, not ${this.base.hostname}`);
		this.agent = new https.Agent({keepAlive: true, maxSockets, ca: target.ca});
	}

	request(
		method: string,
		path: string,
		body?: unknown,
		contentType = 'application/json',
	): Promise<{status: number; body: any}> {
		const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		return new Promise((resolve, reject) => {
			const request = https.request(
				new URL(path, this.base),
				{
					method,
					agent: this.agent,
					headers: {
						Authorization: `Bearer ${this.target.token}`,
						Accept: 'application/json',
						...(payload ? {'Content-Type': contentType, 'Content-Length': String(payload.length)} : {}),
					},
				},
				response => {
					const chunks: Buffer[] = [];
					response.on('data', (chunk: Buffer) => chunks.push(chunk));
					response.on('end', () => {
						const text = Buffer.concat(chunks).toString('utf8');
						let parsed: unknown;
						try {
							parsed = text ? JSON.parse(text) : undefined;
						} catch {
							parsed = text;
						}
						resolve({status: response.statusCode ?? 0, body: parsed});
					});
					response.on('error', reject);
				},
			);
			request.on('error', reject);
			request.end(payload);
		});
	}

	async get(path: string): Promise<any> {
		const response = await this.request('GET', path);
		if (response.status !== 200)
			throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
		return response.body;
	}

	mergePatch(path: string, patch: unknown): Promise<{status: number; body: any}> {
		return this.request('PATCH', path, patch, 'application/merge-patch+json');
	}

	/** A raw watch stream; calls onEvents with the number of complete event lines in each chunk. */
	watch(path: string, onEvents: (count: number) => void): {stop(): void} {
		const request = https.request(new URL(path, this.base), {
			method: 'GET',
			agent: false,
			ca: this.target.ca,
			headers: {Authorization: `Bearer ${this.target.token}`, Accept: 'application/json'},
		});
		request.on('response', response => {
			response.on('data', (chunk: Buffer) => {
				let lines = 0;
				for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lines++;
				if (lines > 0) onEvents(lines);
			});
			response.on('error', () => undefined);
		});
		request.on('error', () => undefined);
		request.end();
		return {stop: () => request.destroy()};
	}

	close(): void {
		this.agent.destroy();
	}
}

/** Calls `write(i)` `rate` times a second for `durationMs`, catching up after late timers; resolves when all answered. */
export async function writeAtRate(
	rate: number,
	durationMs: number,
	write: (index: number) => Promise<unknown>,
): Promise<{sent: number; failed: number; elapsedMs: number}> {
	const total = Math.round((rate * durationMs) / 1000);
	const started = performance.now();
	const pending: Promise<unknown>[] = [];
	let sent = 0;
	let failed = 0;
	while (sent < total) {
		const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
		while (sent < due) {
			pending.push(write(sent).catch(() => failed++));
			sent++;
		}
		await new Promise(resolve => setTimeout(resolve, 1));
	}
	const elapsedMs = performance.now() - started;
	await Promise.all(pending);
	return {sent, failed, elapsedMs};
}
