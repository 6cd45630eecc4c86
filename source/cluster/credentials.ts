// Credentials a kubeconfig user names indirectly, obtained as kubectl (client-go) obtains them: an exec plugin's
// ExecCredential, kept for the whole process unless it says when it expires and replaced after a 401; and a
// tokenFile, read again at most once a minute (client-go's cached file token source).
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import type http from 'node:http';
import type https from 'node:https';
import type {User} from '@kubernetes/client-node';

/** client-go waits for an exec plugin for ever; a dashboard that never draws is worse than a clear error. */
export const DEFAULT_EXEC_TIMEOUT_MS = 60_000;

const TOKEN_FILE_REREAD_MS = 60_000;

export interface ExecConfig {
	command: string;
	args?: string[];
	env?: {name: string; value: string}[];
	apiVersion?: string;
}

interface ExecCredential {
	status?: {token?: string; clientCertificateData?: string; clientKeyData?: string; expirationTimestamp?: string};
}

/** A kubeconfig user with the standard `tokenFile` (client-node reads only the non-standard `token-file`). */
export type UserWithTokenFile = User & {tokenFile?: string};

export function execConfigOf(user: User): ExecConfig | undefined {
	const exec = (user.exec ?? user.authProvider?.config?.exec) as ExecConfig | undefined;
	return exec && typeof exec === 'object' ? exec : undefined;
}

/** A Node file error in Go's words, as kubectl prints it: "open /path: no such file or directory". */
function fileError(file: string, error: unknown): Error {
	const code = (error as {code?: string}).code;
	const reason =
		code === 'ENOENT'
			? 'no such file or directory'
			: code === 'EACCES'
				? 'permission denied'
				: code === 'EISDIR'
					? 'is a directory'
					: (error as Error).message;
	return new Error(`open ${file}: ${reason}`);
}

export class TokenFiles {
	private readonly cache = new Map<string, {token: string; readAt: number}>();

	/** The file's token (trimmed, as client-go trims it), read again when a minute old. */
	token(file: string, now = Date.now()): string {
		const cached = this.cache.get(file);
		if (cached && now - cached.readAt < TOKEN_FILE_REREAD_MS) return cached.token;
		let token: string;
		try {
			token = fs.readFileSync(file, 'utf8').trim();
		} catch (error) {
			throw fileError(file, error);
		}
		this.cache.set(file, {token, readAt: now});
		return token;
	}

	forget(): void {
		this.cache.clear();
	}
}

export class ExecCredentials {
	/** One credential per user; a pending run is shared by every request that needs it meanwhile. */
	private readonly credentials = new Map<string, Promise<ExecCredential>>();
	/** The Authorization header each settled credential gives (to forget only the one the server refused). */
	private readonly headers = new WeakMap<Promise<ExecCredential>, string | undefined>();
	/** How many times each user's plugin has run (tests read it). */
	readonly runs = new Map<string, number>();

	constructor(private readonly timeoutMs: () => number) {}

	async apply(user: User, exec: ExecConfig, opts: https.RequestOptions): Promise<void> {
		const credential = await this.credential(user.name, exec);
		const status = credential.status ?? {};
		if (status.clientCertificateData) opts.cert = status.clientCertificateData;
		if (status.clientKeyData) opts.key = status.clientKeyData;
		if (status.token) ((opts.headers ??= {}) as http.OutgoingHttpHeaders)['Authorization'] = `Bearer ${status.token}`;
	}

	/**
	 * After a 401 with the `refused` Authorization header: the next request runs the plugin again. Requests that
	 * were already under way with the same credential do not make it run once more, nor does a run still pending.
	 */
	forget(refused?: string): void {
		for (const [name, credential] of this.credentials) {
			if (!this.headers.has(credential)) continue;
			if (refused === undefined || this.headers.get(credential) === refused) this.credentials.delete(name);
		}
	}

	private async credential(name: string, exec: ExecConfig): Promise<ExecCredential> {
		const cached = this.credentials.get(name);
		if (cached) {
			const credential = await cached.catch(() => undefined);
			if (credential && !expired(credential)) return credential;
			if (this.credentials.get(name) === cached) this.credentials.delete(name);
			else return this.credential(name, exec);
		}
		const run = this.run(name, exec);
		this.credentials.set(name, run);
		run.then(
			credential => this.headers.set(run, credential.status?.token ? `Bearer ${credential.status.token}` : undefined),
			() => undefined,
		);
		// A failed run is not kept: the next request tries again.
		run.catch(() => {
			if (this.credentials.get(name) === run) this.credentials.delete(name);
		});
		return run;
	}

	private run(name: string, exec: ExecConfig): Promise<ExecCredential> {
		this.runs.set(name, (this.runs.get(name) ?? 0) + 1);
		const timeoutMs = this.timeoutMs();
		const env = {...process.env};
		for (const variable of exec.env ?? []) env[variable.name] = variable.value;
		// What client-go tells a plugin: it cannot ask the user anything (the dashboard owns the terminal).
		env['KUBERNETES_EXEC_INFO'] = JSON.stringify({
			kind: 'ExecCredential',
			apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1beta1',
			spec: {interactive: false},
		});
		return new Promise<ExecCredential>((resolve, reject) => {
			const child = spawn(exec.command, exec.args ?? [], {env, stdio: ['ignore', 'pipe', 'pipe']});
			let stdout = '';
			let stderr = '';
			let timedOut = false;
			child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
			child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
			const timer = setTimeout(() => {
				timedOut = true;
				child.kill('SIGKILL');
			}, timeoutMs);
			timer.unref();
			const plugin = `exec plugin "${exec.command}"`;
			child.on('error', error => {
				clearTimeout(timer);
				const code = (error as {code?: string}).code;
				reject(new Error(code === 'ENOENT' ? `${plugin}: executable not found` : `${plugin}: ${error.message}`));
			});
			child.on('close', code => {
				clearTimeout(timer);
				if (timedOut) {
					reject(new Error(`${plugin} gave no credential within ${formatSeconds(timeoutMs)}; it was stopped`));
					return;
				}
				if (code !== 0) {
					const detail = stderr.trim().split('\n').pop() ?? '';
					reject(new Error(`${plugin} failed with exit code ${code}${detail ? `: ${detail}` : ''}`));
					return;
				}
				try {
					const credential = JSON.parse(stdout) as ExecCredential;
					if (!credential?.status) throw new Error('no status');
					resolve(credential);
				} catch {
					reject(new Error(`${plugin} wrote no ExecCredential with a status to its standard output`));
				}
			});
		});
	}
}

function expired(credential: ExecCredential): boolean {
	const expiry = credential.status?.expirationTimestamp;
	if (!expiry) return false;
	const time = Date.parse(expiry);
	return Number.isNaN(time) || time <= Date.now();
}

function formatSeconds(ms: number): string {
	return ms >= 1000 ? `${Math.round(ms / 100) / 10}s` : `${ms}ms`;
}
