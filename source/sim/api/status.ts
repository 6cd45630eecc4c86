// Status objects as the API server answers errors (apimachinery/pkg/api/errors), and an
// ApiError to throw them from handlers.
import {CAUSE_TYPE, errorBody, errorText, type FieldError} from './validation.js';

export interface Status {
	kind: 'Status';
	apiVersion: 'v1';
	metadata: Record<string, never>;
	status: 'Failure' | 'Success';
	message?: string;
	reason?: string;
	details?: {
		name?: string;
		group?: string;
		kind?: string;
		uid?: string;
		causes?: {reason?: string; message: string; field?: string}[];
		retryAfterSeconds?: number;
	};
	code: number;
}

export class ApiError extends Error {
	constructor(readonly status: Status) {
		super(status.message ?? status.reason ?? 'error');
	}
	get code(): number {
		return this.status.code;
	}
}

/** A resource's qualified name as messages spell it: `deployments.apps`, or `pods` for the core group. */
export interface ResourceName {
	resource: string;
	group: string;
}

const qualified = ({resource, group}: ResourceName) => (group ? `${resource}.${group}` : resource);

function failure(code: number, reason: string, message: string, details?: Status['details']): Status {
	// Field order as the API server writes it: details before code.
	return {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Failure',
		message,
		reason,
		...(details ? {details} : {}),
		code,
	};
}

function details(target: ResourceName, name: string): NonNullable<Status['details']> {
	return target.group ? {name, group: target.group, kind: target.resource} : {name, kind: target.resource};
}

export const notFound = (target: ResourceName, name: string) =>
	new ApiError(failure(404, 'NotFound', `${qualified(target)} "${name}" not found`, details(target, name)));

export const alreadyExists = (target: ResourceName, name: string) =>
	new ApiError(failure(409, 'AlreadyExists', `${qualified(target)} "${name}" already exists`, details(target, name)));

export const conflict = (target: ResourceName, name: string) =>
	new ApiError(
		failure(
			409,
			'Conflict',
			`Operation cannot be fulfilled on ${qualified(target)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
			details(target, name),
		),
	);

export const badRequest = (message: string) => new ApiError(failure(400, 'BadRequest', message));

export const unauthorized = () => new ApiError(failure(401, 'Unauthorized', 'Unauthorized'));

export const methodNotAllowed = () =>
	new ApiError(failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));

export const pathNotFound = () =>
	new ApiError(failure(404, 'NotFound', 'the server could not find the requested resource', {}));

export const unsupportedMediaType = (contentType: string) =>
	new ApiError(
		failure(
			415,
			'UnsupportedMediaType',
			`the body of the request was in an unknown format - accepted media types include: ${contentType}`,
		),
	);

export const internalError = (message: string) =>
	new ApiError(failure(500, 'InternalError', `Internal error occurred: ${message}`, {causes: [{message}]}));

/** A Status error with an arbitrary code, as the fault injector answers. */
export function statusForCode(code: number, message?: string): Status {
	const reasons: Record<number, string> = {
		400: 'BadRequest',
		401: 'Unauthorized',
		403: 'Forbidden',
		404: 'NotFound',
		409: 'Conflict',
		410: 'Expired',
		422: 'Invalid',
		429: 'TooManyRequests',
		500: 'InternalError',
		503: 'ServiceUnavailable',
		504: 'Timeout',
	};
	return failure(code, reasons[code] ?? 'Unknown', message ?? `injected failure (${code})`);
}

/** 410 Expired, as the watch cache reports a resourceVersion older than its window. */
export function expiredStatus(requested: number, oldest: number): Status {
	return failure(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

/**
 * 422 Invalid as NewInvalid composes it: `<Kind>.<group> "<name>" is invalid: <errors>`, one error
 * plain, several as `[a, b]`, duplicates dropped; causes carry the field paths.
 */
export function invalid(kind: string, group: string, name: string, errors: FieldError[]): ApiError {
	const texts: string[] = [];
	for (const error of errors) {
		const text = errorText(error);
		if (!texts.includes(text)) texts.push(text);
	}
	const aggregate = texts.length === 1 ? texts[0]! : `[${texts.join(', ')}]`;
	const qualifiedKind = group ? `${kind}.${group}` : kind;
	const causes = errors.map(error => ({reason: CAUSE_TYPE[error.type], message: errorBody(error), field: error.field}));
	const status = failure(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${aggregate}`, {
		...(name ? {name} : {}),
		...(group ? {group} : {}),
		kind,
		causes,
	});
	return new ApiError(status);
}

export function successStatus(target: ResourceName, name: string, uid: string): Status {
	// A successful delete's Status carries no code field on the wire.
	return {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Success',
		details: {...details(target, name), uid},
	} as unknown as Status;
}
