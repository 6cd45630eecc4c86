// What every headless command writes to, and how it prints errors (as kubectl: "error: ..." on stderr).
export interface Output {
	write(chunk: string): unknown;
}

export type OutputFormat = 'table' | 'json';

export function printError(err: Output, message: string): void {
	err.write(
		`${message.startsWith('error: ') || message.startsWith('Error from server') ? message : `error: ${message}`}\n`,
	);
}

/** JSON with two-space indentation and a final newline; Dates become RFC 3339 strings. */
export function printJson(out: Output, value: unknown): void {
	out.write(`${JSON.stringify(value, null, 2)}\n`);
}
