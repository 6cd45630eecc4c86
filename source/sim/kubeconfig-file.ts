// Puts the simulator's kubeconfig entries into a file the way kind does: a new file gets them (and
// its current-context); an existing kubeconfig has them merged in, atomically (a temporary file in
// the same folder, renamed over it, with the file's mode kept), and taken out again on exit. A file
// that is not a kubeconfig is never overwritten, and a symlink is written through only to a target
// in its own folder.
import {randomBytes} from 'node:crypto';
import {
	closeSync,
	existsSync,
	fchmodSync,
	linkSync,
	lstatSync,
	openSync,
	readFileSync,
	readlinkSync,
	realpathSync,
	renameSync,
	statSync,
	unlinkSync,
	writeSync,
} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';
import {dump, load} from 'js-yaml';
import {UserError} from '../errors.js';
import {kubeconfigYaml, type KubeconfigEntries} from './api/kubeconfig.js';

type Named = {name?: unknown; [key: string]: unknown};
type KubeconfigDocument = Record<string, unknown> & {
	clusters?: Named[] | null;
	users?: Named[] | null;
	contexts?: Named[] | null;
	'current-context'?: string;
};

const LISTS = ['clusters', 'users', 'contexts'] as const;

export interface InstalledKubeconfig {
	/** The path given. */
	path: string;
	/** The file written (the symlink's target when the path is a symlink). */
	target: string;
	/** Takes the simulator's entries out again (deletes the file when it made it and nothing else is left); idempotent. */
	remove(): void;
}

export interface InstallOptions {
	/** Make the simulator's context current in an existing kubeconfig (a new file always gets it). */
	setContext?: boolean;
}

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException)?.code;

/** The file to write for `path`: itself, or a symlink's target when that lies in the symlink's own folder. */
function resolveTarget(path: string): string {
	const absolute = resolve(path);
	let stats: ReturnType<typeof lstatSync>;
	try {
		stats = lstatSync(absolute);
	} catch (error) {
		if (errnoOf(error) === 'ENOENT') return absolute;
		throw error;
	}
	if (!stats.isSymbolicLink()) return absolute;
	const folder = realpathSync(dirname(absolute));
	let target: string;
	try {
		target = realpathSync(absolute);
	} catch {
		target = resolve(dirname(absolute), readlinkSync(absolute)); // a dangling link: where it points
	}
	let targetFolder: string;
	try {
		targetFolder = realpathSync(dirname(target));
	} catch {
		targetFolder = dirname(target);
	}
	if (targetFolder !== folder)
		throw new UserError(
			`${path} is a symlink to ${target}, outside its folder; refusing to write through it (name the target itself with --kubeconfig)`,
		);
	return target;
}

/** The file's kubeconfig, or undefined when it is something else. An empty file is an empty kubeconfig. */
function parseKubeconfig(text: string): KubeconfigDocument | undefined {
	if (text.trim() === '') return {};
	let document: unknown;
	try {
		document = load(text);
	} catch {
		return undefined;
	}
	if (!document || typeof document !== 'object' || Array.isArray(document)) return undefined;
	const config = document as KubeconfigDocument;
	if (config.kind !== undefined && config.kind !== 'Config') return undefined;
	const known = ['apiVersion', 'kind', 'clusters', 'users', 'contexts', 'current-context', 'preferences'];
	if (!Object.keys(config).some(key => known.includes(key))) return undefined;
	for (const list of LISTS) {
		const entries = config[list];
		if (entries !== undefined && entries !== null && !Array.isArray(entries)) return undefined;
	}
	return config;
}

function readKubeconfig(target: string, shownPath: string): KubeconfigDocument {
	const stats = statSync(target);
	if (!stats.isFile()) throw new UserError(`${shownPath} exists and is not a regular file; refusing to write to it`);
	const config = parseKubeconfig(readFileSync(target, 'utf8'));
	if (!config) throw new UserError(`${shownPath} exists and is not a kubeconfig; refusing to overwrite it`);
	return config;
}

/** Writes a temporary file beside `target` (mode `mode`), then renames it over `target` or, with `exclusive`, links it to a `target` that must not exist. */
function writeAtomically(target: string, text: string, mode: number, exclusive: boolean): void {
	const temporary = join(dirname(target), `.${basename(target)}.rollout-dash-${randomBytes(6).toString('hex')}`);
	const fd = openSync(temporary, 'wx', 0o600);
	try {
		try {
			writeSync(fd, text);
			fchmodSync(fd, mode); // the temporary file is ours; the umask must not narrow or widen the kept mode
		} finally {
			closeSync(fd);
		}
		if (exclusive) linkSync(temporary, target);
		else renameSync(temporary, target);
	} finally {
		if (existsSync(temporary)) unlinkSync(temporary);
	}
}

const serialise = (config: KubeconfigDocument) => dump(config, {lineWidth: -1, noRefs: true});

function ourNames(entries: KubeconfigEntries): Record<(typeof LISTS)[number], Set<string>> {
	return {
		clusters: new Set(entries.clusters.map(entry => entry.name)),
		users: new Set(entries.users.map(entry => entry.name)),
		contexts: new Set(entries.contexts.map(entry => entry.name)),
	};
}

function withoutOurs(config: KubeconfigDocument, entries: KubeconfigEntries): KubeconfigDocument {
	const names = ourNames(entries);
	const next: KubeconfigDocument = {...config};
	for (const list of LISTS)
		next[list] = (config[list] ?? []).filter(entry => !names[list].has(String(entry?.name ?? '')));
	return next;
}

function merged(config: KubeconfigDocument, entries: KubeconfigEntries, setContext: boolean): KubeconfigDocument {
	const next = withoutOurs(config, entries);
	next.apiVersion ??= 'v1';
	next.kind ??= 'Config';
	next.clusters = [...(next.clusters ?? []), ...entries.clusters];
	next.users = [...(next.users ?? []), ...entries.users];
	next.contexts = [...(next.contexts ?? []), ...entries.contexts];
	if (setContext) next['current-context'] = entries.currentContext;
	return next;
}

function describe(error: unknown, path: string): Error {
	if (error instanceof UserError) return error;
	const code = errnoOf(error);
	const reasons: Record<string, string> = {
		ENOENT: 'its folder does not exist',
		ENOTDIR: 'its folder is not a folder',
		EACCES: 'permission denied',
		EPERM: 'permission denied',
		EROFS: 'read-only file system',
		ENOSPC: 'no space left on device',
	};
	const reason = (code && reasons[code]) ?? code ?? (error as Error)?.message ?? String(error);
	return new UserError(`cannot write kubeconfig ${path}: ${reason}`);
}

/** Writes or merges the simulator's entries into `path`; throws a one-line UserError when it must not. */
export function installKubeconfig(
	path: string,
	entries: KubeconfigEntries,
	options: InstallOptions = {},
): InstalledKubeconfig {
	let target: string;
	let created: boolean;
	let previousContext: string | undefined;
	let setContext: boolean;
	try {
		target = resolveTarget(path);
		created = !existsSync(target);
		if (created) {
			setContext = true;
			writeAtomically(target, kubeconfigYaml(entries), 0o600, true);
		} else {
			const config = readKubeconfig(target, path);
			setContext = options.setContext === true;
			previousContext = config['current-context'];
			writeAtomically(target, serialise(merged(config, entries, setContext)), statSync(target).mode & 0o7777, false);
		}
	} catch (error) {
		throw describe(error, path);
	}
	let removed = false;
	return {
		path,
		target,
		remove() {
			if (removed) return;
			removed = true;
			removeEntries(target, entries, {created, setContext, previousContext});
		},
	};
}

function removeEntries(
	target: string,
	entries: KubeconfigEntries,
	state: {created: boolean; setContext: boolean; previousContext?: string},
): void {
	let config: KubeconfigDocument | undefined;
	try {
		if (!statSync(target).isFile()) return;
		config = parseKubeconfig(readFileSync(target, 'utf8'));
	} catch {
		return; // gone, or unreadable: nothing of ours to take out
	}
	if (!config) return;
	const next = withoutOurs(config, entries);
	const ourContexts = ourNames(entries).contexts;
	const current = next['current-context'];
	if (current !== undefined && ourContexts.has(current)) {
		if (state.setContext && state.previousContext && !ourContexts.has(state.previousContext))
			next['current-context'] = state.previousContext;
		else delete next['current-context'];
	}
	const empty = LISTS.every(list => (next[list] ?? []).length === 0);
	try {
		if (state.created && empty) unlinkSync(target);
		else writeAtomically(target, serialise(next), statSync(target).mode & 0o7777, false);
	} catch {
		// On the way out there is no one left to tell; the file keeps our entries.
	}
}
