// metadata.finalizers as ValidateObjectMeta checks them: each a qualified name (an optional DNS subdomain prefix and
// '/', then a name part), and the garbage collector's two finalizers never together.
import type {FieldError} from './validation.js';

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const NAME_PART_MESSAGE =
	"name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PREFIX_MESSAGE =
	"prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** IsQualifiedName's messages for one value. */
function qualifiedNameErrors(value: string): string[] {
	const parts = value.split('/');
	if (parts.length > 2)
		return [
			"a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
		];
	const name = parts.length === 2 ? parts[1]! : parts[0]!;
	const errors: string[] = [];
	if (parts.length === 2) {
		const prefix = parts[0]!;
		if (prefix.length === 0) errors.push('prefix part must be non-empty');
		else if (prefix.length > 253 || !PREFIX.test(prefix)) errors.push(PREFIX_MESSAGE);
	}
	if (name.length === 0) errors.push('name part must be non-empty');
	else if (name.length > 63) errors.push('name part must be no more than 63 characters');
	if (name.length > 0 && !NAME_PART.test(name)) errors.push(NAME_PART_MESSAGE);
	return errors;
}

export function validateFinalizers(finalizers: unknown, errors: FieldError[]): void {
	if (!Array.isArray(finalizers)) return;
	for (const finalizer of finalizers) {
		if (typeof finalizer !== 'string') continue;
		for (const detail of qualifiedNameErrors(finalizer))
			errors.push({type: 'Invalid', field: 'metadata.finalizers', value: finalizer, detail});
	}
	if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion'))
		errors.push({
			type: 'Invalid',
			field: 'metadata.finalizers',
			shownValue: `[]string{${finalizers.map(f => JSON.stringify(f)).join(', ')}}`,
			detail: 'finalizer orphan and foregroundDeletion cannot be both set',
		});
}
