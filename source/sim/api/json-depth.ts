// Nesting depth of JSON text, measured without recursion before anything parses it. Go's JSON
// decoder stops at 10000 levels ("exceeded max depth"); the simulator's own recursive code (patches,
// copies, serialisation) would overflow the stack well before that, so it stops earlier, saying so.
import {badRequest} from './status.js';

/** Go's encoding/json maxNestingDepth. */
export const GO_MAX_DEPTH = 10_000;
/** The deepest the simulator processes; no Kubernetes object comes near it. */
export const SIM_MAX_DEPTH = 1_000;

export interface DepthProblem {
	/** The error as Go's decoder words it, or the simulator's own limit. */
	message: string;
	/** Whether Go's decoder itself would have refused it. */
	goRefuses: boolean;
}

/** The first problem with the nesting of `text`, or undefined when it is shallow enough. */
export function nestingProblem(text: string): DepthProblem | undefined {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (inString) {
			if (code === 0x5c)
				index++; // backslash: skip the escaped character
			else if (code === 0x22) inString = false;
			continue;
		}
		if (code === 0x22) inString = true;
		else if (code === 0x7b || code === 0x5b) {
			depth++;
			if (depth > GO_MAX_DEPTH)
				return {message: `invalid character '${text[index]}' exceeded max depth`, goRefuses: true};
			if (depth > deepest) deepest = depth;
		} else if (code === 0x7d || code === 0x5d) depth--;
	}
	if (deepest > SIM_MAX_DEPTH)
		return {
			message: `nesting depth ${deepest} is more than the simulator handles (${SIM_MAX_DEPTH} levels)`,
			goRefuses: false,
		};
	return undefined;
}

/**
 * Refuses a request whose JSON body nests too deeply, with the error the API server's decoder gives: a body's
 * version/kind cannot be read; a merge patch is not valid JSON to the patch library; other patches fail to decode.
 */
export function checkBodyDepth(method: string, contentType: string | undefined, body: Buffer): void {
	const type = (contentType ?? 'application/json').split(';')[0]!.trim();
	if (body.length === 0 || type === 'application/vnd.kubernetes.protobuf') return;
	const problem = nestingProblem(body.toString('utf8'));
	if (!problem) return;
	if (!problem.goRefuses) throw badRequest(problem.message);
	if (method !== 'PATCH') throw badRequest(`couldn't get version/kind; json parse error: ${problem.message}`);
	if (type === 'application/merge-patch+json') throw badRequest('Invalid JSON Patch');
	throw badRequest(problem.message);
}
