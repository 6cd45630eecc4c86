// What a headless command's argument names, as kubectl reads it: `NAME` is a Deployment, `TYPE/NAME` any kind
// kubectl knows by that name (statefulset/web, sts/web, daemonsets.apps/agent), and `TYPE` alone, for get, a kind.
import {KINDS, kindByName, WORKLOAD_KINDS, type WorkloadKind} from '../model/kinds.js';

export class TargetError extends Error {}

/** kubectl's answer for a type it does not know. */
const unknownType = (type: string) => new TargetError(`the server doesn't have a resource type "${type}"`);

/** The kind a type names; kubectl also accepts the group-qualified forms (statefulsets.apps). */
export function kindOfType(type: string): WorkloadKind {
	const bare = type.toLowerCase().replace(/\.apps$/, '');
	const kind = kindByName(bare);
	if (!kind) throw unknownType(type);
	return kind;
}

/** `NAME` or `TYPE/NAME`. */
export function parseTarget(text: string): {kind: WorkloadKind; name: string} {
	const slash = text.indexOf('/');
	if (slash < 0) return {kind: 'Deployment', name: text};
	const name = text.slice(slash + 1);
	if (name === '') throw new TargetError(`a resource name is needed after "${text}"`);
	return {kind: kindOfType(text.slice(0, slash)), name};
}

/** The kinds get lists: `--kind`/`-k` (a kind, or all), else a `TYPE` or `TYPE/NAME` argument, else every kind. */
export function kindsToGet(
	kindFlag: string | undefined,
	argument: string | undefined,
): {kinds: WorkloadKind[]; name?: string} {
	if (argument !== undefined) {
		const target = argument.includes('/') ? parseTarget(argument) : {kind: kindOfType(argument), name: undefined};
		if (kindFlag !== undefined && kindFlag !== 'all' && kindOfType(kindFlag) !== target.kind)
			throw new TargetError(`--kind ${kindFlag} and "${argument}" name different kinds`);
		return target.name === undefined ? {kinds: [target.kind]} : {kinds: [target.kind], name: target.name};
	}
	if (kindFlag === undefined || kindFlag === 'all') return {kinds: [...WORKLOAD_KINDS]};
	return {kinds: kindFlag.split(',').map(kindOfType)};
}

export const shortNameOf = (kind: WorkloadKind) => KINDS[kind].shortName;
