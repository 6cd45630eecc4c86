// A small schema-driven decoder for the Kubernetes protobuf wire format ("k8s\0" + runtime.Unknown)
// as kubectl >= 1.32 POSTs it for `kubectl create deployment`. Field numbers are those of the
// generated.proto files of k8s.io/api and apimachinery. Gogo-protobuf writes every non-pointer
// scalar even when zero, so zero/empty non-pointer scalars are treated as unset (defaults apply);
// pointer fields (`optional`) keep their value. Unknown fields are skipped.

import {SCHEMAS, type Schema} from './protobuf-schema.js';

export class ProtobufError extends Error {}

export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

class Reader {
	position = 0;
	constructor(
		readonly bytes: Uint8Array,
		readonly end = bytes.length,
	) {}

	done(): boolean {
		return this.position >= this.end;
	}

	varint(): bigint {
		let result = 0n;
		let shift = 0n;
		for (;;) {
			if (this.position >= this.end) throw new ProtobufError('truncated varint');
			const byte = this.bytes[this.position++]!;
			result |= BigInt(byte & 0x7f) << shift;
			if ((byte & 0x80) === 0) return result;
			shift += 7n;
			if (shift > 70n) throw new ProtobufError('varint too long');
		}
	}

	lengthDelimited(): Uint8Array {
		const length = Number(this.varint());
		if (this.position + length > this.end) throw new ProtobufError('truncated field');
		const slice = this.bytes.subarray(this.position, this.position + length);
		this.position += length;
		return slice;
	}

	skip(wireType: number): void {
		switch (wireType) {
			case 0:
				this.varint();
				break;
			case 1:
				this.position += 8;
				break;
			case 2:
				this.lengthDelimited();
				break;
			case 5:
				this.position += 4;
				break;
			default:
				throw new ProtobufError(`unsupported wire type ${wireType}`);
		}
		if (this.position > this.end) throw new ProtobufError('truncated field');
	}
}

/** A varint as a signed 64-bit number (int32 negatives arrive sign-extended). */
const signed = (value: bigint) => Number(BigInt.asIntN(64, value));

const utf8 = new TextDecoder('utf-8', {fatal: false});

function readFields(bytes: Uint8Array, visit: (field: number, wireType: number, reader: Reader) => void): void {
	const reader = new Reader(bytes);
	while (!reader.done()) {
		const key = Number(reader.varint());
		const field = key >>> 3;
		const wireType = key & 7;
		visit(field, wireType, reader);
	}
}

function decodeStringMapEntry(bytes: Uint8Array, valueIsQuantity: boolean): [string, string] {
	let key = '';
	let value = '';
	readFields(bytes, (field, wireType, reader) => {
		if (field === 1 && wireType === 2) key = utf8.decode(reader.lengthDelimited());
		else if (field === 2 && wireType === 2) {
			const raw = reader.lengthDelimited();
			if (valueIsQuantity)
				readFields(raw, (inner, innerWire, innerReader) => {
					if (inner === 1 && innerWire === 2) value = utf8.decode(innerReader.lengthDelimited());
					else innerReader.skip(innerWire);
				});
			else value = utf8.decode(raw);
		} else reader.skip(wireType);
	});
	return [key, value];
}

function decodeIntOrString(bytes: Uint8Array): number | string {
	let type = 0;
	let intVal = 0;
	let strVal = '';
	readFields(bytes, (field, wireType, reader) => {
		if (field === 1 && wireType === 0) type = signed(reader.varint());
		else if (field === 2 && wireType === 0) intVal = signed(reader.varint());
		else if (field === 3 && wireType === 2) strVal = utf8.decode(reader.lengthDelimited());
		else reader.skip(wireType);
	});
	return type === 1 ? strVal : intVal;
}

function decodeTime(bytes: Uint8Array): string | undefined {
	let seconds = 0;
	readFields(bytes, (field, wireType, reader) => {
		if (field === 1 && wireType === 0) seconds = signed(reader.varint());
		else reader.skip(wireType);
	});
	if (seconds === 0) return undefined;
	return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function decodeMessage(bytes: Uint8Array, schema: Schema): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const push = (name: string, value: unknown) => {
		const list = (out[name] ??= []) as unknown[];
		list.push(value);
	};
	readFields(bytes, (fieldNumber, wireType, reader) => {
		const spec = schema[fieldNumber];
		if (!spec) return reader.skip(wireType);
		let value: unknown;
		switch (spec.type) {
			case 'string': {
				if (wireType !== 2) return reader.skip(wireType);
				value = utf8.decode(reader.lengthDelimited());
				if (value === '' && !spec.repeated && !spec.optional) return;
				break;
			}
			case 'int':
			case 'bool': {
				if (wireType === 2 && spec.repeated) {
					const packed = new Reader(reader.lengthDelimited());
					while (!packed.done())
						push(spec.name, spec.type === 'bool' ? packed.varint() !== 0n : signed(packed.varint()));
					return;
				}
				if (wireType !== 0) return reader.skip(wireType);
				const raw = signed(reader.varint());
				value = spec.type === 'bool' ? raw !== 0 : raw;
				if (!spec.optional && !spec.repeated && (value === 0 || value === false)) return;
				break;
			}
			case 'bytes':
				if (wireType !== 2) return reader.skip(wireType);
				value = Buffer.from(reader.lengthDelimited()).toString('base64');
				break;
			case 'map':
			case 'quantityMap': {
				if (wireType !== 2) return reader.skip(wireType);
				const [key, entryValue] = decodeStringMapEntry(reader.lengthDelimited(), spec.type === 'quantityMap');
				((out[spec.name] ??= {}) as Record<string, string>)[key] = entryValue;
				return;
			}
			case 'intOrString':
				if (wireType !== 2) return reader.skip(wireType);
				value = decodeIntOrString(reader.lengthDelimited());
				break;
			case 'time':
				if (wireType !== 2) return reader.skip(wireType);
				value = decodeTime(reader.lengthDelimited());
				if (value === undefined) return;
				break;
			case 'message': {
				if (wireType !== 2) return reader.skip(wireType);
				const nested = decodeMessage(reader.lengthDelimited(), spec.message!());
				if (spec.name.startsWith('$')) {
					// An embedded struct (inline in JSON), e.g. Volume's VolumeSource.
					Object.assign(out, nested);
					return;
				}
				if (spec.name === 'handler') {
					Object.assign(out, nested); // Probe's ProbeHandler is inline in JSON
					return;
				}
				value = nested;
				break;
			}
		}
		if (spec.repeated) push(spec.name, value);
		else out[spec.name] = value;
	});
	return out;
}

/**
 * Decodes a Kubernetes protobuf body into the JSON object it stands for (apiVersion, kind and
 * the fields this simulator knows). Throws ProtobufError for malformed input or unknown kinds.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): Record<string, unknown> {
	if (body.length < 4 || !PROTOBUF_MAGIC.equals(Buffer.from(body.subarray(0, 4)))) {
		throw new ProtobufError('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
	}
	let apiVersion = '';
	let kind = '';
	let raw: Uint8Array | undefined;
	readFields(body.subarray(4), (field, wireType, reader) => {
		if (field === 1 && wireType === 2) {
			readFields(reader.lengthDelimited(), (inner, innerWire, innerReader) => {
				if (inner === 1 && innerWire === 2) apiVersion = utf8.decode(innerReader.lengthDelimited());
				else if (inner === 2 && innerWire === 2) kind = utf8.decode(innerReader.lengthDelimited());
				else innerReader.skip(innerWire);
			});
		} else if (field === 2 && wireType === 2) raw = reader.lengthDelimited();
		else reader.skip(wireType);
	});
	const schema = SCHEMAS[`${apiVersion}/${kind}`];
	if (!schema)
		throw new ProtobufError(
			`no kind "${kind}" is registered for version "${apiVersion}" in the simulator's protobuf decoder`,
		);
	return {apiVersion, kind, ...decodeMessage(raw ?? new Uint8Array(), schema)};
}

// --- encoding, for tests that build bodies (kubectl's own bodies are captured in the kubectl tests) ---

function varintBytes(value: number | bigint): number[] {
	let v = BigInt.asUintN(64, BigInt(value));
	const bytes: number[] = [];
	do {
		let byte = Number(v & 0x7fn);
		v >>= 7n;
		if (v !== 0n) byte |= 0x80;
		bytes.push(byte);
	} while (v !== 0n);
	return bytes;
}

/** Encodes one field; `value` is a number (varint), a string/bytes, or nested field list. */
export type ProtoField = [number, number | boolean | string | Uint8Array | ProtoField[]];

export function encodeFields(fields: ProtoField[]): Uint8Array {
	const out: number[] = [];
	for (const [number, value] of fields) {
		if (typeof value === 'number' || typeof value === 'boolean') {
			out.push(...varintBytes(number << 3), ...varintBytes(typeof value === 'boolean' ? Number(value) : value));
		} else {
			const bytes =
				typeof value === 'string'
					? Buffer.from(value, 'utf8')
					: value instanceof Uint8Array
						? value
						: encodeFields(value);
			out.push(...varintBytes((number << 3) | 2), ...varintBytes(bytes.length), ...bytes);
		}
	}
	return Uint8Array.from(out);
}

/** Wraps an object message in the "k8s\0" runtime.Unknown envelope. */
export function encodeEnvelope(apiVersion: string, kind: string, raw: Uint8Array): Buffer {
	return Buffer.concat([
		PROTOBUF_MAGIC,
		encodeFields([
			[
				1,
				[
					[1, apiVersion],
					[2, kind],
				],
			],
			[2, raw],
			[3, ''],
			[4, ''],
		]),
	]);
}
