// /openapi/v2 as client-go's discovery asks for it: the gnostic openapi_v2.Document protobuf message
// (google/gnostic-models openapiv2/OpenAPIv2.proto). Only the parts our document uses are encoded: info, paths with
// put/post/patch operations and their query parameters and responses, and definitions. Vendor extensions and enum
// values travel as YAML in an Any, as the API server sends them.
import yaml from 'js-yaml';
import type {Schema} from './documents.js';

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

/** A message under construction: a list of encoded fields, concatenated once at the end. */
class Message {
	private readonly parts: Buffer[] = [];

	private key(field: number, wireType: number): void {
		this.parts.push(varint((field << 3) | wireType));
	}

	string(field: number, value: string | undefined): this {
		if (value === undefined || value === '') return this;
		return this.bytes(field, Buffer.from(value, 'utf8'));
	}

	bool(field: number, value: boolean | undefined): this {
		if (!value) return this;
		this.key(field, 0);
		this.parts.push(varint(1));
		return this;
	}

	bytes(field: number, value: Buffer): this {
		this.key(field, 2);
		this.parts.push(varint(value.length), value);
		return this;
	}

	message(field: number, value: Message | undefined): this {
		return value ? this.bytes(field, value.finish()) : this;
	}

	finish(): Buffer {
		return Buffer.concat(this.parts);
	}
}

function varint(value: number): Buffer {
	const bytes: number[] = [];
	let v = value;
	while (v > 0x7f) {
		bytes.push((v & 0x7f) | 0x80);
		v = Math.floor(v / 128);
	}
	bytes.push(v);
	return Buffer.from(bytes);
}

/** openapi_v2.Any carrying YAML. */
const anyOf = (value: unknown) => new Message().string(2, yaml.dump(value, {lineWidth: -1}));

const namedAny = (name: string, value: unknown) => new Message().string(1, name).message(2, anyOf(value));

function vendorExtensions(message: Message, field: number, object: Schema): void {
	for (const [key, value] of Object.entries(object))
		if (key.startsWith('x-')) message.message(field, namedAny(key, value));
}

function schema(value: Schema): Message {
	const message = new Message().string(1, value.$ref).string(2, value.format).string(4, value.description);
	for (const name of value.required ?? []) message.string(19, name);
	for (const item of value.enum ?? []) message.message(20, anyOf(item));
	if (value.additionalProperties && typeof value.additionalProperties === 'object')
		message.message(21, new Message().message(1, schema(value.additionalProperties)));
	if (value.type) message.message(22, new Message().string(1, value.type));
	if (value.items) message.message(23, new Message().message(1, schema(value.items)));
	for (const part of value.allOf ?? []) message.message(24, schema(part));
	if (value.properties) {
		const properties = new Message();
		for (const [name, property] of Object.entries(value.properties as Record<string, Schema>))
			properties.message(1, new Message().string(1, name).message(2, schema(property)));
		message.message(25, properties);
	}
	vendorExtensions(message, 31, value);
	return message;
}

function parameter(value: Schema): Message {
	const query = new Message()
		.bool(1, value.required)
		.string(2, value.in)
		.string(3, value.description)
		.string(4, value.name)
		.string(6, value.type)
		.bool(20, value.uniqueItems);
	return new Message().message(1, new Message().message(2, new Message().message(3, query)));
}

function operation(value: Schema): Message {
	const message = new Message().string(3, value.description).string(5, value.operationId);
	for (const type of value.consumes ?? []) message.string(7, type);
	for (const item of value.parameters ?? []) message.message(8, parameter(item));
	const responses = new Message();
	for (const [code, response] of Object.entries(value.responses ?? {}) as [string, Schema][]) {
		const body = new Message().string(1, response.description);
		if (response.schema) body.message(2, new Message().message(1, schema(response.schema)));
		responses.message(1, new Message().string(1, code).message(2, new Message().message(1, body)));
	}
	message.message(9, responses);
	vendorExtensions(message, 13, value);
	return message;
}

const PATH_ITEM_FIELDS: Record<string, number> = {get: 2, put: 3, post: 4, delete: 5, patch: 8};

export function encodeOpenApiV2Protobuf(document: Schema): Buffer {
	const paths = new Message();
	for (const [path, item] of Object.entries(document.paths as Record<string, Schema>)) {
		const pathItem = new Message();
		for (const [verb, field] of Object.entries(PATH_ITEM_FIELDS))
			if (item[verb]) pathItem.message(field, operation(item[verb]));
		paths.message(2, new Message().string(1, path).message(2, pathItem));
	}
	const definitions = new Message();
	for (const [name, value] of Object.entries(document.definitions as Record<string, Schema>))
		definitions.message(1, new Message().string(1, name).message(2, schema(value)));
	return new Message()
		.string(1, document.swagger)
		.message(2, new Message().string(1, document.info.title).string(2, document.info.version))
		.message(8, paths)
		.message(9, definitions)
		.finish();
}
