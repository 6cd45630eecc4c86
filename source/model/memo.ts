// One identity memo: a value kept together with the inputs it was computed from, recomputed only when one of them
// is a different object (or number). The snapshot builder keeps each part of a snapshot this way, so parts that did
// not change keep their identity and the UI can compare them with ===.

export interface Memo<T> {
	readonly inputs: readonly unknown[];
	readonly value: T;
}

export function memo<T>(previous: Memo<T> | undefined, inputs: readonly unknown[], compute: () => T): Memo<T> {
	if (
		previous !== undefined &&
		previous.inputs.length === inputs.length &&
		previous.inputs.every((input, index) => Object.is(input, inputs[index]))
	)
		return previous;
	return {inputs, value: compute()};
}
