// A mistake in the command line: reported as one `error: …` line and a hint where to read the usage, exit 2.
import {UserError} from '../errors.js';

export class UsageError extends UserError {
	constructor(message: string) {
		super(message, 2);
	}
}
