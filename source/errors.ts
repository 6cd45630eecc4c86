// An error the user caused or can fix: printed as one line (no stack trace), exit code 1 by default.
export class UserError extends Error {
	constructor(
		message: string,
		readonly exitCode = 1,
	) {
		super(message);
		this.name = 'UserError';
	}
}
