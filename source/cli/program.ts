// The name the program was started by, for help and hints: `rollout-dash`, or `kubectl rollout-dash` as a plugin.
let name = 'rollout-dash';

export function programName(): string {
	return name;
}

export function setProgramName(value: string): void {
	name = value;
}
