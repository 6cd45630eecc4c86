// The kubeconfig can change under a running dashboard: a simulator restarted with a new CA and token, a cloud CLI
// renewing credentials, `kubectl config use-context`. Its files are watched (fs.watch on their folders, since
// editors and kubectl replace a file by renaming a new one over it) and stat-checked again whenever a request
// fails, in case a change event was missed; a real change is read as at start and its cluster, user and context
// replace the old ones in place, and the watches are told to start over against the new server.
import fs from 'node:fs';
import path from 'node:path';

/** What a reload produces: the description of the new endpoint, for the message. */
export interface Reopened {
	context: string;
	server: string;
}

/** Reads the files again and applies them (throws when they cannot be used: a half-written file, a lost context). */
export type Reopen = () => Reopened;

function signature(file: string): string {
	try {
		const stat = fs.statSync(file);
		return `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
	} catch {
		return 'missing';
	}
}

export class KubeconfigReload {
	private signatures: string[];
	private readonly listeners = new Set<(message: string) => void>();
	private watchers: fs.FSWatcher[] = [];
	private debounce: NodeJS.Timeout | undefined;
	/** How many times the kubeconfig was applied again (tests read it). */
	reloads = 0;

	constructor(
		readonly files: readonly string[],
		private readonly reopen: Reopen,
	) {
		this.signatures = files.map(signature);
	}

	/** Tells `listener` of every reload (with the line to show); watches the files while anyone listens. */
	subscribe(listener: (message: string) => void): () => void {
		this.listeners.add(listener);
		if (this.listeners.size === 1) this.startWatching();
		return () => {
			this.listeners.delete(listener);
			if (this.listeners.size === 0) this.stopWatching();
		};
	}

	/** Cheap (one stat per file): reloads when a file changed since it was last read. */
	check(): void {
		const now = this.files.map(signature);
		if (now.every((value, index) => value === this.signatures[index])) return;
		let reopened: Reopened;
		try {
			reopened = this.reopen();
		} catch {
			// Not usable yet (being written, or the context is gone): the next change or failed request tries again.
			return;
		}
		this.signatures = now;
		this.reloads++;
		const message = `kubeconfig changed: reconnecting to ${reopened.server} (context "${reopened.context}")`;
		for (const listener of [...this.listeners]) listener(message);
	}

	private startWatching(): void {
		const folders = new Map<string, Set<string>>();
		for (const file of this.files) {
			const folder = path.dirname(path.resolve(file));
			if (!folders.has(folder)) folders.set(folder, new Set());
			folders.get(folder)!.add(path.basename(file));
		}
		for (const [folder, names] of folders) {
			try {
				const watcher = fs.watch(folder, {persistent: false}, (_event, name) => {
					if (name === null || names.has(String(name))) this.soon();
				});
				watcher.on('error', () => watcher.close());
				this.watchers.push(watcher);
			} catch {
				// A folder that cannot be watched: the check after each failed request still notices.
			}
		}
	}

	/** Writers touch a file several times (truncate, write, rename): read it once they are done. */
	private soon(): void {
		if (this.debounce) clearTimeout(this.debounce);
		this.debounce = setTimeout(() => {
			this.debounce = undefined;
			this.check();
		}, 100);
		this.debounce.unref();
	}

	private stopWatching(): void {
		for (const watcher of this.watchers) watcher.close();
		this.watchers = [];
		if (this.debounce) clearTimeout(this.debounce);
		this.debounce = undefined;
	}
}
