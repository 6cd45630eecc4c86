// Child processes of the bench: spawned with IPC, awaited on their messages with a deadline, and always killed.
import {fork, type ChildProcess} from 'node:child_process';

/** A request as its sender writes it (each kind of request keeps its own fields). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

const living = new Set<ChildProcess>();

/** Kills every child still running (on the way out, whatever the way). */
export function killAll(): void {
	for (const child of living) child.kill('SIGKILL');
	living.clear();
}

export class IpcChild<In extends {type: string}, Out extends {type: string}> {
	readonly process: ChildProcess;
	readonly messages: Out[] = [];
	private readonly waiters = new Set<() => void>();
	private nextId = 1;
	readonly exited: Promise<number | null>;
	stderr = '';

	/** `read` turns a message into those the bench keeps (e.g. raw terminal output into frames). */
	constructor(
		script: string,
		argument: unknown,
		env: NodeJS.ProcessEnv,
		execArgv: string[] = [],
		read: (message: Out) => Out[] = message => [message],
		/** Another Node binary to run the child with (default: this one). */
		execPath?: string,
	) {
		this.process = fork(script, [JSON.stringify(argument)], {
			env,
			execArgv,
			...(execPath === undefined ? {} : {execPath}),
			stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
		});
		living.add(this.process);
		this.process.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
			this.stderr = (this.stderr + chunk).slice(-4000);
		});
		this.process.on('message', message => {
			const kept = read(message as Out);
			if (kept.length === 0) return;
			this.messages.push(...kept);
			for (const wake of [...this.waiters]) wake();
		});
		this.exited = new Promise(resolve =>
			this.process.on('exit', code => {
				living.delete(this.process);
				for (const wake of [...this.waiters]) wake();
				resolve(code);
			}),
		);
	}

	get pid(): number {
		return this.process.pid ?? -1;
	}

	send(message: In): void {
		if (this.process.connected) this.process.send(message);
	}

	/** The first message (from index `from` on) that satisfies the test. */
	waitFor<T extends Out>(
		test: (message: Out) => message is T,
		what: string,
		timeoutMs: number,
		from?: number,
	): Promise<T>;
	waitFor(test: (message: Out) => boolean, what: string, timeoutMs: number, from?: number): Promise<Out>;
	waitFor(test: (message: Out) => boolean, what: string, timeoutMs: number, from = 0): Promise<Out> {
		return new Promise((resolve, reject) => {
			let checked = from;
			const check = () => {
				for (; checked < this.messages.length; checked++) {
					const message = this.messages[checked]!;
					if (test(message)) return done(() => resolve(message));
				}
				if (this.process.exitCode !== null || this.process.signalCode !== null) {
					return done(() =>
						reject(
							new Error(
								`${what}: the child exited (${this.process.exitCode ?? this.process.signalCode})\n${this.stderr}`,
							),
						),
					);
				}
			};
			const timer = setTimeout(
				() =>
					done(() =>
						reject(
							new Error(
								`${what}: nothing after ${Math.round(timeoutMs / 1000)} s; the last message: ${JSON.stringify(this.messages.at(-1))}\n${this.stderr}`,
							),
						),
					),
				timeoutMs,
			);
			const done = (settle: () => void) => {
				clearTimeout(timer);
				this.waiters.delete(check);
				settle();
			};
			this.waiters.add(check);
			check();
		});
	}

	/** Sends a request carrying a fresh id and waits for the answer with that id. */
	async request<T extends Out>(message: WithoutId<Extract<In, {id: number}>>, timeoutMs = 10_000): Promise<T> {
		const id = this.nextId++;
		const from = this.messages.length;
		this.send({...message, id} as unknown as In);
		return (await this.waitFor(
			m => (m as {id?: number}).id === id && m.type === message.type,
			`answer to ${message.type}`,
			timeoutMs,
			from,
		)) as T;
	}

	/** Waits for the exit, killing the child after `graceMs`. */
	async stop(graceMs: number): Promise<void> {
		const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
		await this.exited;
		clearTimeout(timer);
	}
}
