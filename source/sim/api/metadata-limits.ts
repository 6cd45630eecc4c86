// Limits the API server puts on every object's metadata, whatever its kind: the total size of the
// annotations (apimachinery ValidateAnnotations), for the object and for a pod template it carries.
import type {StoredObject} from '../store.js';
import type {FieldError} from './validation.js';

/** TotalAnnotationSizeLimitB: 256 KiB of keys and values together. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

function annotationSizeError(annotations: unknown, field: string): FieldError | undefined {
	if (!annotations || typeof annotations !== 'object') return undefined;
	let total = 0;
	for (const [key, value] of Object.entries(annotations as Record<string, unknown>))
		total += Buffer.byteLength(key) + Buffer.byteLength(String(value ?? ''));
	if (total <= TOTAL_ANNOTATION_SIZE_LIMIT) return undefined;
	return {type: 'TooLong', field, detail: `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`};
}

/** Errors of the metadata limits, in the object's field paths. */
export function metadataLimitErrors(object: StoredObject): FieldError[] {
	const errors: FieldError[] = [];
	const own = annotationSizeError(object.metadata?.annotations, 'metadata.annotations');
	if (own) errors.push(own);
	const template = annotationSizeError(
		object.spec?.template?.metadata?.annotations,
		'spec.template.metadata.annotations',
	);
	if (template) errors.push(template);
	return errors;
}
