// IntOrString arithmetic as apimachinery's util/intstr does it.
export type IntOrString = number | string;

/**
 * An int passes through; "N%" scales `total` by N/100, rounded up or down.
 * Anything else is the error apimachinery reports.
 */
export function scaledValueFromIntOrPercent(value: IntOrString | undefined, total: number, roundUp: boolean): number {
	if (value === undefined || value === null) throw new Error('nil value for IntOrString');
	if (typeof value === 'number') return value;
	const percent = parsePercent(value);
	if (percent === undefined) throw new Error('invalid value for IntOrString: invalid type: string is not a percentage');
	const scaled = (percent * total) / 100;
	return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** "25%" → 25; anything that is not an integer followed by % → undefined. */
export function parsePercent(value: string): number | undefined {
	const match = /^(-?\d+)%$/.exec(value);
	return match ? Number.parseInt(match[1]!, 10) : undefined;
}
