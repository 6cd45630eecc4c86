// kubectl's generic describer (kubectl 1.32), used for a kind without a describer of its own, such as a
// ControllerRevision: name, namespace, labels and annotations, then every field of the object as JSON holds it,
// keys sorted and turned into labels ("apiVersion" reads "API Version"), maps and lists indented a level deeper.
import type {DescribeInput} from './describe.js';
import {DescribeWriter, annotationsMultiline, describeEvents, labelsMultiline, type Json} from './writer.js';

/** The metadata the header has already shown, and the managed fields nobody wants to read. */
const SKIPPED = new Set([
	'.metadata.managedFields',
	'.metadata.name',
	'.metadata.namespace',
	'.metadata.labels',
	'.metadata.annotations',
]);

const COMMON_ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** The character classes camelcase.Split cuts at: lower case, upper case, digits, anything else. */
function characterClass(character: string): number {
	if (/\p{Ll}/u.test(character)) return 1;
	if (/\p{Lu}/u.test(character)) return 2;
	if (/\p{Nd}/u.test(character)) return 3;
	return 4;
}

/**
 * camelcase.Split: runs of one character class, where an upper-case letter before a lower-case run starts that run
 * ("PDFLoader" is "PDF", "Loader").
 */
export function splitCamelCase(text: string): string[] {
	const runs: string[][] = [];
	let last = 0;
	for (const character of text) {
		const current = characterClass(character);
		if (current === last && runs.length > 0) runs[runs.length - 1]!.push(character);
		else runs.push([character]);
		last = current;
	}
	for (let index = 0; index < runs.length - 1; index++) {
		const run = runs[index]!;
		const next = runs[index + 1]!;
		if (characterClass(run[0]!) === 2 && characterClass(next[0]!) === 1) next.unshift(run.pop()!);
	}
	return runs.filter(run => run.length > 0).map(run => run.join(''));
}

/** strings.Title of one run: its first letter in upper case (a letter that has no one-letter upper case stays). */
function title(part: string): string {
	const [first = '', ...rest] = [...part];
	const upper = first.toUpperCase();
	return ([...upper].length === 1 ? upper : first) + rest.join('');
}

/** smartLabelFor: a field name as a label; a name with anything but letters and '-' is shown as it is. */
export function smartLabelFor(field: string): string {
	if (/[^\p{L}-]/u.test(field)) return field;
	return splitCamelCase(field)
		.filter(part => part !== '_')
		.map(part => (COMMON_ACRONYMS.has(part.toUpperCase()) ? part.toUpperCase() : title(part)))
		.join(' ');
}

/** Go's %g with the shortest precision: an exponent below -4 or from 6 on is written as one ("1e+06"). */
function goFloat(value: number): string {
	if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
	const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
	const exponent = Number(exponentText);
	if (exponent >= -4 && exponent < 6) return String(value);
	const digits = String(Math.abs(exponent)).padStart(2, '0');
	return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
}

/** Byte order of UTF-8 strings (Go's sort.Strings) is code point order. */
function byCodePoint(a: string, b: string): number {
	const left = [...a];
	const right = [...b];
	for (let index = 0; index < Math.min(left.length, right.length); index++) {
		const difference = left[index]!.codePointAt(0)! - right[index]!.codePointAt(0)!;
		if (difference !== 0) return difference;
	}
	return left.length - right.length;
}

const isMap = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Go's %v of a decoded JSON value: whole numbers as int64, maps as map[k:v] in key order, lists as [a b]. */
export function goValue(value: unknown): string {
	if (value === null || value === undefined) return '<nil>';
	if (typeof value === 'number')
		return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? value.toFixed(0) : goFloat(value);
	if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
	if (isMap(value))
		return `map[${Object.keys(value)
			.sort(byCodePoint)
			.map(key => `${key}:${goValue(value[key])}`)
			.join(' ')}]`;
	return String(value);
}

/** printUnstructuredContent: each field in key order, skipping the paths in SKIPPED (lists add no index). */
function describeContent(w: DescribeWriter, level: number, content: Json, path: string): void {
	for (const field of Object.keys(content).sort(byCodePoint)) {
		const fieldPath = `${path}.${field}`;
		if (SKIPPED.has(fieldPath)) continue;
		const value = content[field];
		if (isMap(value)) {
			w.write(level, `${smartLabelFor(field)}:\n`);
			describeContent(w, level + 1, value, fieldPath);
		} else if (Array.isArray(value)) {
			w.write(level, `${smartLabelFor(field)}:\n`);
			for (const child of value) {
				if (isMap(child)) describeContent(w, level + 1, child, fieldPath);
				else w.write(level + 1, `${goValue(child)}\n`);
			}
		} else w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
	}
}

export function describeGeneric({object, events, now}: DescribeInput): string[] {
	const w = new DescribeWriter();
	w.write(0, `Name:\t${object.metadata?.name ?? ''}\n`);
	w.write(0, `Namespace:\t${object.metadata?.namespace ?? ''}\n`);
	labelsMultiline(w, 'Labels', object.metadata?.labels);
	annotationsMultiline(w, 'Annotations', object.metadata?.annotations);
	describeContent(w, 0, object, '');
	describeEvents(w, events, now);
	return w.lines();
}
