// Driving a program in a real terminal: tmux runs it, send-keys types, capture-pane reads the screen.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {waitFor} from './wait.js';

export class TmuxSession {
	readonly name: string;
	/** The session's own directory: its tmux server's socket and the program's exit status, removed by kill(). */
	private readonly directory: string;
	private readonly socket: string;
	private readonly statusFile: string;

	constructor(
		command: string[],
		options: {columns?: number; rows?: number; env?: Record<string, string>; cwd?: string} = {},
	) {
		this.name = `rd-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
		this.directory = mkdtempSync(path.join(tmpdir(), 'rd-tmux-'));
		// A private tmux server per session (no interference between tests), its socket in the session's directory.
		this.socket = path.join(this.directory, 'socket');
		this.statusFile = path.join(this.directory, 'status');
		// CI stays as the test runner has it: on a terminal the dashboard must work with CI=true too.
		const env = {TERM: 'xterm-256color', ...options.env};
		const envArgs = Object.entries(env).map(([key, value]) => `${key}=${shellQuote(value)}`);
		// The shell records the program's exit status in a file: tmux's own pane_dead_status is not always set.
		const shellCommand = `env ${envArgs.join(' ')} ${command.map(shellQuote).join(' ')}; echo $? > ${shellQuote(this.statusFile)}`;
		// remain-on-exit is set before the program starts, so that a program that exits at once keeps its pane.
		this.tmux([
			'-f',
			'/dev/null',
			'start-server',
			';',
			'set-option',
			'-g',
			'remain-on-exit',
			'on',
			';',
			'new-session',
			'-d',
			'-s',
			this.name,
			'-x',
			String(options.columns ?? 120),
			'-y',
			String(options.rows ?? 40),
			...(options.cwd ? ['-c', options.cwd] : []),
			shellCommand,
		]);
	}

	/** Sends one key (tmux key name such as Enter, Escape, Up, C-c, or a literal character). */
	key(key: string): void {
		this.tmux(['send-keys', '-t', this.name, key]);
	}

	/** Types literal text one character at a time (Ink drops nothing that way). */
	type(text: string): void {
		for (const character of text) this.tmux(['send-keys', '-t', this.name, '-l', character]);
	}

	screen(): string {
		// -J joins lines the terminal wrapped, so a long message reads as one line.
		return this.tmux(['capture-pane', '-p', '-J', '-t', this.name]);
	}

	/** The screen and everything that scrolled off it. */
	scrollback(): string {
		return this.tmux(['capture-pane', '-p', '-J', '-S', '-', '-t', this.name]);
	}

	/** The raw screen with escape sequences, to check colours. */
	screenWithEscapes(): string {
		return this.tmux(['capture-pane', '-p', '-e', '-t', this.name]);
	}

	async waitForText(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
		return waitFor(
			() => {
				const screen = this.screen();
				return (typeof text === 'string' ? screen.includes(text) : text.test(screen)) ? screen : undefined;
			},
			{timeout: timeoutMs, message: () => `${String(text)}; screen was:\n${this.screen()}`},
		);
	}

	/** The program's exit status once it has exited (128 + N when killed by signal N), else undefined. */
	exitStatus(): number | undefined {
		if (!existsSync(this.statusFile)) return undefined;
		const text = readFileSync(this.statusFile, 'utf8').trim();
		return text === '' ? undefined : Number(text);
	}

	/** Whether the pane is showing the alternate screen right now. */
	inAlternateScreen(): boolean {
		return this.tmux(['display-message', '-p', '-t', this.name, '#{alternate_on}']).trim() === '1';
	}

	resize(columns: number, rows: number): void {
		this.tmux(['resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows)]);
	}

	kill(): void {
		try {
			this.tmux(['kill-server']);
		} catch {
			// already gone
		}
		rmSync(this.directory, {recursive: true, force: true});
	}

	/** A tmux command on this session's own server (send-keys, show-buffer, set-option…). */
	tmux(args: string[]): string {
		return execFileSync('tmux', ['-S', this.socket, ...args], {encoding: 'utf8'});
	}
}

function shellQuote(value: string): string {
	return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
