// `npm run bench [-- --json FILE] [-- --quick]`: the dashboard and kubectl side by side on one simulator running the
// scale scenario. Prints a table, writes every figure to --json FILE, stops by itself and kills its children.
// `--deployments-only --dashboard OTHER/dist/rollout-dash.js` measures an older build on this simulator's data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {fileURLToPath} from 'node:url';
import {DEFAULT_SCALE, scaleNamespace, type ScaleOptions} from '../sim/scenarios/index.js';
import {Api, caFromKubeconfig} from './api.js';
import {killAll} from './children.js';
import {bundle, BUNDLE_ENTRY} from '../tools/bundle.js';
import {compileSources} from './compile.js';
import {formatTable} from './report.js';
import {runPhases, type BenchSettings} from './phases.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const QUICK_SCALE: ScaleOptions = {namespaces: 2, deploymentsPerNamespace: 10, revisions: 4, focusReplicas: 20};

/** The rows the list shows once every workload is listed (the scenario adds the default StatefulSets and DaemonSets
 * when the scale leaves them out). */
function expectedWorkloads(scale: ScaleOptions): number {
	const perNamespace =
		scale.deploymentsPerNamespace +
		(scale.statefulSetsPerNamespace ?? DEFAULT_SCALE.statefulSetsPerNamespace ?? 0) +
		(scale.daemonSetsPerNamespace ?? DEFAULT_SCALE.daemonSetsPerNamespace ?? 0);
	return scale.namespaces * perNamespace + (scale.focusReplicas > 0 ? 1 : 0);
}

/** The scale without StatefulSets and DaemonSets: what builds that list Deployments alone can be measured on. */
const deploymentsOnly = (scale: ScaleOptions): ScaleOptions => ({
	...scale,
	statefulSetsPerNamespace: 0,
	daemonSetsPerNamespace: 0,
});

function settingsFor(quick: boolean, onlyDeployments: boolean): BenchSettings {
	const chosen = quick ? QUICK_SCALE : DEFAULT_SCALE;
	const scale = onlyDeployments ? deploymentsOnly(chosen) : chosen;
	return {
		quick,
		scale,
		speed: 100,
		columns: 120,
		rows: 40,
		expectWorkloads: expectedWorkloads(scale),
		firstNamespace: scaleNamespace(0),
		firstDeployment: 'app-000',
		kubectlRuns: quick ? 1 : 5,
		startupRuns: quick ? 1 : 3,
		warmStart: !quick,
		settleMs: quick ? 300 : 1000,
		phaseMs: quick ? 1000 : 10_000,
		rates: [100, 1000],
		idleMs: quick ? 1000 : 10_000,
		oneChangeSamples: quick ? 2 : 7,
		loadMs: quick ? 500 : 5000,
		loadWatchers: 10,
		loadConcurrency: 32,
		rolloutTimeoutMs: quick ? 60_000 : 600_000,
	};
}

/** kubectl 1.32 directly when the dispatcher's versioned binaries are there (the dispatcher adds a /version round trip). */
function kubectlBinary(): string {
	const versioned = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
	return fs.existsSync(versioned) ? versioned : 'kubectl';
}

const BENCH_OPTIONS = {
	json: {type: 'string'},
	quick: {type: 'boolean', default: false},
	keep: {type: 'boolean', default: false},
	profile: {type: 'string'},
	compiled: {type: 'string'},
	node: {type: 'string'},
	heap: {type: 'string'},
	dashboard: {type: 'string'},
	'deployments-only': {type: 'boolean', default: false},
} as const;

/** The options, or undefined after one `error:` line for an unknown or malformed one. */
function parseOptions() {
	try {
		return parseArgs({options: BENCH_OPTIONS}).values;
	} catch (error) {
		process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
		return undefined;
	}
}

async function main(): Promise<number> {
	const values = parseOptions();
	if (values === undefined) return 2;
	const settings = settingsFor(values.quick === true, values['deployments-only'] === true);
	const otherDashboard = values.dashboard === undefined ? undefined : path.resolve(values.dashboard);
	if (otherDashboard !== undefined && !fs.existsSync(otherDashboard)) {
		process.stderr.write(`error: --dashboard ${values.dashboard}: no such file (build it there with npm run build)\n`);
		return 2;
	}
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-dash-bench-'));
	// --compiled DIR: run children from an existing transpiled tree (what-if runs with a patched copy); kept afterwards.
	const ownCompiledDir = values.compiled === undefined;
	const compiledDir = values.compiled
		? path.resolve(values.compiled)
		: path.join(projectRoot, 'node_modules', '.cache', `rollout-dash-bench-${process.pid}`);
	const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
	const deadline = setTimeout(() => {
		log('giving up: the bench ran for more than 20 minutes');
		killAll();
		process.exit(3);
	}, 20 * 60_000);
	deadline.unref();
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			killAll();
			process.exit(130);
		});
	}
	process.on('exit', killAll);
	try {
		if (ownCompiledDir) {
			const compiled = compileSources(projectRoot, compiledDir);
			log(`transpiled ${compiled.files} files in ${Math.round(compiled.ms)} ms`);
		} else {
			log(`running the children from ${compiledDir}`);
		}
		// The dashboard runs as built by `npm run build`, from a fresh build of the current source, or as another tree
		// built it (--dashboard: that build against this simulator, the same data for both).
		const bundleDir = path.join(compiledDir, 'bundle');
		if (otherDashboard === undefined && !fs.existsSync(path.join(bundleDir, BUNDLE_ENTRY))) {
			const bundleStarted = performance.now();
			await bundle(bundleDir);
			log(`bundled the CLI in ${Math.round(performance.now() - bundleStarted)} ms`);
		}
		log(`scale ${JSON.stringify(settings.scale)}`);
		const {figures, about} = await runPhases(settings, {
			log,
			workDir,
			script: (name: string) => path.join(compiledDir, 'source', 'bench', `${name}.js`),
			bundle: otherDashboard ?? path.join(bundleDir, BUNDLE_ENTRY),
			kubectlBinary: kubectlBinary(),
			makeApi: (url, token, kubeconfig) => new Api({url, token, ca: caFromKubeconfig(kubeconfig)}),
			// --profile DIR: CPU profiles of the simulator and the dashboards (open them in Chrome's DevTools).
			execArgv: values.profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values.profile)] : [],
			// --node BINARY: start-up measured again with the dashboard on that Node (e.g. $(npx -y node@24 -p process.execPath)).
			...(values.node === undefined ? {} : {otherNode: values.node}),
			// --heap FILE: a heap snapshot of the dashboard after the deployment view's idle phase (Chrome DevTools' Memory).
			...(values.heap === undefined ? {} : {heapSnapshot: path.resolve(values.heap)}),
		});
		if (otherDashboard !== undefined) about['dashboard'] = otherDashboard;
		process.stdout.write(`${formatTable(figures, about, settings)}\n`);
		if (values.json) {
			fs.writeFileSync(values.json, `${JSON.stringify({...figures, about}, null, '\t')}\n`);
			log(`figures written to ${values.json}`);
		}
		return 0;
	} finally {
		killAll();
		if (!values.keep) {
			fs.rmSync(workDir, {recursive: true, force: true});
			if (ownCompiledDir) fs.rmSync(compiledDir, {recursive: true, force: true});
		}
	}
}

main().then(
	code => {
		process.exitCode = code;
		// Keep-alive sockets and timers of finished phases must not hold the bench open.
		setTimeout(() => process.exit(code), 500).unref();
	},
	(error: unknown) => {
		process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		killAll();
		process.exit(1);
	},
);
