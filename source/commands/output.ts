// What every headless command writes to, and how it prints errors (as kubectl: "error: ..." on stderr).
import {visible} from '../model/visible.js';

export interface Output {
	write(chunk: string): unknown;
}

export type OutputFormat = 'table' | 'json';

/** Errors quote the server, which quotes names and messages from the cluster: made visible like table cells. */
export function printError(err: Output, line: string): void {
	const message = visible(line);
	err.write(
		`${message.startsWith('error: ') || message.startsWith('Error from server') ? message : `error: ${message}`}\n`,
	);
}

/** JSON with two-space indentation and a final newline; Dates become RFC 3339 strings. */
/** One line of text output (a status line), its cluster text made visible. */
export function printLine(out: Output, line: string): void {
	out.write(`${visible(line)}\n`);
}

export function printJson(out: Output, value: unknown): void {
	out.write(`${JSON.stringify(value, null, 2)}\n`);
}
