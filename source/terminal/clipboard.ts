// Copying text to the clipboard of the terminal the person sits at, also over ssh: OSC 52 carries the text (as
// base64) to the terminal emulator, which puts it on the system clipboard if it supports and allows it. Nothing
// comes back, so whether it worked can only be guessed from the environment.

/** Terminals known to accept OSC 52 writes (some behind a setting), by TERM_PROGRAM or TERM. */
const KNOWN_TERM_PROGRAMS = new Set(['iTerm.app', 'WezTerm', 'ghostty', 'vscode', 'Tabby', 'rio']);
const KNOWN_TERM_PREFIXES = ['xterm-kitty', 'alacritty', 'foot', 'xterm-ghostty', 'wezterm', 'contour'];
/** Terminals known to ignore it. */
const UNSUPPORTED_TERM_PROGRAMS = new Set(['Apple_Terminal']);
/** xterm's default limit for a selection sent this way; several other terminals stop near it too. */
const LIKELY_LIMIT_BYTES = 100_000;

export interface ClipboardWrite {
	/** The bytes written to the terminal (the OSC 52 sequence, wrapped for tmux when inside it). */
	sequence: string;
	/** Whether the terminal is likely to have put the text on the clipboard. */
	likelySupported: boolean;
	/** Why it may not have worked, for a one-line hint; undefined when it most likely did. */
	caveat?: string;
}

export interface ClipboardOptions {
	stdout?: NodeJS.WritableStream;
	env?: NodeJS.ProcessEnv;
}

/** OSC 52 for the clipboard selection `c`; BEL ends it (understood by more terminals than ST). */
export function osc52(text: string): string {
	return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}

/** tmux passes a sequence through to the outer terminal inside a DCS, with every ESC doubled. */
export function wrapForTmux(sequence: string): string {
	return `\x1bPtmux;${sequence.replaceAll('\x1b', '\x1b\x1b')}\x1b\\`;
}

export function copyToClipboard(text: string, options: ClipboardOptions = {}): ClipboardWrite {
	const stdout = options.stdout ?? process.stdout;
	const env = options.env ?? process.env;
	const inTmux = Boolean(env.TMUX);
	const plain = osc52(text);
	const sequence = inTmux ? wrapForTmux(plain) : plain;
	stdout.write(sequence);
	const caveat = clipboardCaveat(env, plain.length, inTmux);
	return caveat === undefined ? {sequence, likelySupported: true} : {sequence, likelySupported: false, caveat};
}

function clipboardCaveat(env: NodeJS.ProcessEnv, bytes: number, inTmux: boolean): string | undefined {
	if (bytes > LIKELY_LIMIT_BYTES) return `the text is ${bytes} bytes encoded; many terminals stop at about 100 kB`;
	const program = env.TERM_PROGRAM ?? '';
	const term = env.TERM ?? '';
	if (UNSUPPORTED_TERM_PROGRAMS.has(program)) return `${program} ignores clipboard writes (OSC 52)`;
	if (term === 'linux' || term === 'dumb') return `the ${term} terminal has no clipboard`;
	// Inside tmux, TERM_PROGRAM names tmux itself and the outer terminal is unknown; tmux must also allow passthrough.
	if (inTmux) return 'inside tmux the copy needs `set -g allow-passthrough on` and an outer terminal with OSC 52';
	const known =
		KNOWN_TERM_PROGRAMS.has(program) ||
		KNOWN_TERM_PREFIXES.some(prefix => term.startsWith(prefix)) ||
		env.KITTY_WINDOW_ID !== undefined ||
		env.WEZTERM_PANE !== undefined;
	return known ? undefined : 'the terminal may not support clipboard writes (OSC 52)';
}
