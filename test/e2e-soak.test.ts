// A soak: the dashboard (the bundle, in tmux) on the lively demo for a few minutes while kubectl makes a change every
// 2 s (scale, set image, annotate, rollout restart). At the end its memory stays within a stated bound and its
// screen agrees with kubectl about every deployment's READY, UP-TO-DATE and AVAILABLE counts.
//
// The bound: 250 MB of resident memory (VmRSS). The dashboard starts at about 60-80 MB; the watches' caches, the
// event history of a focused deployment and the frames it keeps are bounded, so growth over the soak means a leak.
// SOAK_CHANGES sets the number of changes (default 60: about 2-3 minutes with kubectl's own time).
import {after, afterEach, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync, readdirSync} from 'node:fs';
import {bundle, type E2eCluster, startE2eCluster} from './helpers/e2e.js';
import {waitFor} from './helpers/wait.js';

const RSS_BOUND_KB = 250 * 1024;
const CHANGES = Number(process.env['SOAK_CHANGES'] ?? 60);
const CHANGE_EVERY_MS = 2000;

let e2e: E2eCluster;

/**
 * The dashboard's process: the child of the pane's shell, the shell found by its command line (which names the
 * bundle and this test's kubeconfig).
 */
function dashboardPid(): number | undefined {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (!commandLine.startsWith('bash\0') && !commandLine.startsWith('sh\0')) continue;
			if (!commandLine.includes(bundle) || !commandLine.includes(e2e.kubeconfig)) continue;
			const children = readFileSync(`/proc/${entry}/task/${entry}/children`, 'utf8').trim().split(/\s+/);
			if (children[0]) return Number(children[0]);
		} catch {
			// gone meanwhile
		}
	}
	return undefined;
}

function rssKb(pid: number): number {
	const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	assert.ok(match, `no VmRSS for ${pid}`);
	return Number(match[1]);
}

type Counts = Map<string, string>;

/** namespace/name → "READY UP-TO-DATE AVAILABLE", from kubectl get deploy -A or from the dashboard's list. */
function rows(text: string, pattern: RegExp): Counts {
	const counts: Counts = new Map();
	for (const line of text.split('\n')) {
		const match = pattern.exec(line);
		if (match) counts.set(`${match[1]}/${match[2]}`, `${match[3]} ${match[4]} ${match[5]}`);
	}
	return counts;
}
const KUBECTL_ROW = /^(\S+)\s+(\S+)\s+(\d+\/\d+)\s+(\d+)\s+(\d+)\s/;
// The deployments' rows (KIND deploy): kubectl get deployments lists no other kind.
const SCREEN_ROW = /^[›\s]\s*([a-z0-9-]+)\s+([a-z0-9-]+)\s+deploy\s+(\d+\/\d+)\s+(\d+)\s+(\d+)\s/;

/** The n-th change: each kind of write kubectl users make, on the demo's deployments in turn. */
function change(n: number): string[] {
	const targets = [
		['default', 'web'],
		['default', 'api'],
		['shop', 'frontend'],
		['shop', 'recommendations'],
	] as const;
	const [namespace, name] = targets[n % targets.length]!;
	switch (Math.floor(n / targets.length) % 4) {
		case 0:
			return ['-n', namespace, 'scale', `deployment/${name}`, `--replicas=${2 + (n % 3)}`];
		case 1:
			return ['-n', namespace, 'annotate', '--overwrite', `deployment/${name}`, `soak/n=${n}`];
		case 2:
			return ['-n', namespace, 'rollout', 'restart', `deployment/${name}`];
		default:
			return ['-n', namespace, 'set', 'env', `deployment/${name}`, `SOAK=${n}`];
	}
}

before(async () => {
	e2e = await startE2eCluster({scenario: 'demo', speed: 5});
});

afterEach(() => e2e?.killDashboards());
after(() => e2e?.close());

test(`the dashboard through ${CHANGES} kubectl changes: RSS under ${RSS_BOUND_KB / 1024} MB, the screen as kubectl sees it`, async () => {
	const terminal = e2e.dashboard(['-A'], {columns: 160, rows: 40});
	await terminal.waitForText(/shop\s+recommendations\s+deploy\s+\d+\/\d+/, 60_000);
	const pid = await waitFor(dashboardPid, {timeout: 10_000});
	const startRss = rssKb(pid);

	for (let n = 0; n < CHANGES; n++) {
		const started = Date.now();
		await e2e.kubectl(...change(n));
		// The pace of the workload (a change every 2 s), not a wait for anything.
		const rest = CHANGE_EVERY_MS - (Date.now() - started);
		if (rest > 0) await new Promise(resolve => setTimeout(resolve, rest));
		assert.equal(terminal.exitStatus(), undefined, `the dashboard exited during the soak:\n${terminal.screen()}`);
	}

	const endRss = rssKb(pid);
	assert.ok(
		endRss < RSS_BOUND_KB,
		`VmRSS ${Math.round(endRss / 1024)} MB at the end (${Math.round(startRss / 1024)} MB at the start) exceeds ${RSS_BOUND_KB / 1024} MB`,
	);

	// The demo keeps rolling on its own: the two views must meet at some moment, each read right after the other.
	let last = '';
	await waitFor(
		async () => {
			const before = rows(terminal.screen(), SCREEN_ROW);
			const theirs = rows(await e2e.kubectl('get', 'deployments', '-A', '--no-headers'), KUBECTL_ROW);
			const after = rows(terminal.screen(), SCREEN_ROW);
			last = `kubectl: ${JSON.stringify([...theirs])}\nscreen: ${JSON.stringify([...after])}`;
			const same = (ours: Counts) =>
				ours.size === theirs.size && [...theirs].every(([key, value]) => ours.get(key) === value);
			return theirs.size > 0 && (same(before) || same(after));
		},
		{timeout: 120_000, interval: 500, message: () => `${last}\n${terminal.screen()}`},
	);
	assert.match(terminal.screen(), /● live/);
	process.stdout.write(`# soak: VmRSS ${Math.round(startRss / 1024)} MB → ${Math.round(endRss / 1024)} MB\n`);
});
