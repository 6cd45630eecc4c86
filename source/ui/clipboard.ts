// Copying to the clipboard through the terminal: OSC 52 (xterm's "manipulate selection data"), which most terminal
// emulators and tmux (with set-clipboard on) accept, also over ssh. Nothing answers it, so whether it worked cannot
// be known; clipboardNote says when the terminal likely ignores it.

/** The parts of the environment that tell which terminal this is. */
export interface TerminalEnv {
	TERM?: string;
	TERM_PROGRAM?: string;
	TMUX?: string;
	STY?: string;
}

/** The escape sequence that puts `text` on the system clipboard. */
export function osc52(text: string): string {
	return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}

// Terminals known to ignore OSC 52.
const IGNORING_TERMS = new Set(['linux', 'dumb', 'vt100', 'vt220']);
const IGNORING_PROGRAMS = new Set(['Apple_Terminal']);

/** Why the copy may not have reached the clipboard, or undefined when the terminal likely took it. */
export function clipboardNote(env: TerminalEnv): string | undefined {
	if (IGNORING_TERMS.has(env.TERM ?? '') || IGNORING_PROGRAMS.has(env.TERM_PROGRAM ?? ''))
		return `this terminal (${env.TERM_PROGRAM ?? env.TERM}) likely ignores OSC 52: nothing may have been copied`;
	if (env.TMUX) return 'in tmux this needs `set -g set-clipboard on`';
	if (env.STY) return 'GNU screen passes OSC 52 on only when configured to';
	return undefined;
}

export const terminalEnv = (env: NodeJS.ProcessEnv): TerminalEnv => ({
	...(env['TERM'] === undefined ? {} : {TERM: env['TERM']}),
	...(env['TERM_PROGRAM'] === undefined ? {} : {TERM_PROGRAM: env['TERM_PROGRAM']}),
	...(env['TMUX'] === undefined ? {} : {TMUX: env['TMUX']}),
	...(env['STY'] === undefined ? {} : {STY: env['STY']}),
});
