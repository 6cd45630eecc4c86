// The bench's phases in order, on one simulator: the 1,000-replica rollout, kubectl's one-shot commands, the
// dashboard's start-up, one-value changes, writes at 100/s and 1,000/s beside `kubectl get rs -w`, a quiet cluster,
// and last the simulator's own watch throughput.
import fs from 'node:fs';
import {execFileSync} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type {ScaleOptions} from '../sim/scenarios/index.js';
import type {Api} from './api.js';
import {writeAtRate} from './api.js';
import {IpcChild} from './children.js';
import {DashboardScreen} from './frames.js';
import {timedKubectl, watchKubectl, type KubectlSetup} from './kubectl.js';
import {lineLatencies, screenLatencies, type WriteRecord} from './latency.js';
import type {
	BenchToDashboard,
	BenchToSim,
	DashboardChildConfig,
	DashboardToBench,
	FrameReport,
	SimChildConfig,
	SimToBench,
} from './protocol.js';
import type {About, Figures} from './report.js';
import {deciles, median, percentile, round} from './stats.js';

export interface BenchSettings {
	quick: boolean;
	scale: ScaleOptions;
	speed: number;
	columns: number;
	rows: number;
	expectWorkloads: number;
	firstNamespace: string;
	firstDeployment: string;
	kubectlRuns: number;
	startupRuns: number;
	/** Pause between phases so that one's frames do not spill into the next. */
	settleMs: number;
	/** One unmeasured start of the dashboard first (file cache). */
	warmStart: boolean;
	phaseMs: number;
	rates: number[];
	idleMs: number;
	oneChangeSamples: number;
	loadMs: number;
	loadWatchers: number;
	loadConcurrency: number;
	rolloutTimeoutMs: number;
}

export interface BenchContext {
	log: (line: string) => void;
	workDir: string;
	/** Path of a compiled bench child script (sim-child, dashboard-child). */
	script: (name: string) => string;
	/** The dashboard's bundle (dist/rollout-dash.js as built for this run). */
	bundle: string;
	kubectlBinary: string;
	makeApi: (url: string, token: string, kubeconfig: string) => Api;
	/** Node flags for the children (e.g. --cpu-prof). */
	execArgv: string[];
	/** Another Node binary: start-up is measured again with the dashboard running on it. */
	otherNode?: string;
	/** Where the dashboard writes a heap snapshot at the end of the deployment view's idle phase. */
	heapSnapshot?: string;
}

type SimChild = IpcChild<BenchToSim, SimToBench>;
type DashboardChild = IpcChild<BenchToDashboard, DashboardToBench> & {screen: DashboardScreen};
type Probe = Extract<DashboardToBench, {type: 'probe'}>;
type Counters = Extract<SimToBench, {type: 'counters'}>;
type Timeline = Extract<DashboardToBench, {type: 'timeline'}>;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const isFrame = (message: DashboardToBench): message is FrameReport => message.type === 'frame';

/** Environment for children: Ink must not think it runs in CI (it would draw no frames), and colours are on. */
function childEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key.startsWith('CI_') || key === 'NO_COLOR') continue;
		env[key] = value;
	}
	return {...env, FORCE_COLOR: '1', NODE_ENV: 'production'};
}

export async function runPhases(
	settings: BenchSettings,
	context: BenchContext,
): Promise<{figures: Figures; about: About}> {
	const {log} = context;
	const kubeconfigPath = path.join(context.workDir, 'sim.kubeconfig');
	const simConfig: SimChildConfig = {kubeconfigPath, speed: settings.speed, scale: settings.scale};
	const sim: SimChild = new IpcChild(context.script('sim-child'), simConfig, childEnv(), context.execArgv);
	const dashboards: DashboardChild[] = [];
	const loadBefore = os.loadavg()[0]!;
	try {
		const ready = await sim.waitFor(
			(m): m is Extract<SimToBench, {type: 'ready'}> => m.type === 'ready',
			'simulator start',
			300_000,
		);
		log(
			`simulator up in ${Math.round(ready.startMs)} ms (scenario loaded in ${Math.round(ready.loadMs)} ms, ${ready.objects} writes)`,
		);
		const api = context.makeApi(ready.url, ready.token, ready.kubeconfig);

		// 6b. The focus deployment's 1,000-replica rollout, which the scenario starts once the deployment is up.
		const rollout = await sim.waitFor(
			(m): m is Extract<SimToBench, {type: 'rollout'}> => m.type === 'rollout',
			'focus rollout',
			settings.rolloutTimeoutMs,
		);
		log(
			`focus deployment up after ${Math.round(rollout.focusUpMs)} ms; ${rollout.replicas}-replica rollout took ${Math.round(rollout.rolloutMs)} ms`,
		);
		await quiet(sim, 500, 30_000);

		// 1b and 4b. kubectl on the same cluster, discovery cache warmed once first.
		const kubectl: KubectlSetup = {
			binary: context.kubectlBinary,
			kubeconfig: kubeconfigPath,
			cacheDir: fs.mkdtempSync(path.join(context.workDir, 'kube-cache-')),
		};
		await timedKubectl(kubectl, ['get', 'deploy', '-A']);
		await timedKubectl(kubectl, ['get', 'rs', '-A']);
		const getDeploy: number[] = [];
		const getRs: number[] = [];
		for (let run = 0; run < settings.kubectlRuns; run++) {
			getDeploy.push((await timedKubectl(kubectl, ['get', 'deploy', '-A'])).ms);
			getRs.push((await timedKubectl(kubectl, ['get', 'rs', '-A'])).ms);
		}
		const rsJson = await timedKubectl(kubectl, ['get', 'rs', '-A', '-o', 'json']);
		log(
			`kubectl get deploy -A ${Math.round(median(getDeploy))} ms, get rs -A ${Math.round(median(getRs))} ms, get rs -A -o json peak RSS ${Math.round(rsJson.peakRssKb / 1024)} MB`,
		);

		// 1. Start-up to the first complete frame, measured from before the process is spawned.
		const dashboardConfig: DashboardChildConfig = {
			bundle: context.bundle,
			kubeconfigPath,
			columns: settings.columns,
			rows: settings.rows,
		};
		const startDashboard = (execPath?: string): DashboardChild => {
			// The terminal output is read here, in the bench, so that reading it costs the dashboard nothing.
			const screen = new DashboardScreen(settings.columns, settings.rows, {firstDeployment: settings.firstDeployment});
			const read = (message: DashboardToBench): DashboardToBench[] =>
				message.type === 'output' ? screen.read(message.at, message.data) : [message];
			const child = Object.assign(
				new IpcChild<BenchToDashboard, DashboardToBench>(
					context.script('dashboard-child'),
					dashboardConfig,
					childEnv(),
					context.execArgv,
					read,
					execPath,
				),
				{screen},
			);
			dashboards.push(child);
			return child;
		};
		// 1b. The same start-up on another Node (e.g. 24, with its compile cache), before the dashboard that stays up.
		const otherStartups: number[] = [];
		for (let run = context.otherNode ? -1 : settings.startupRuns; run < settings.startupRuns; run++) {
			const spawnedAt = now();
			const other = startDashboard(context.otherNode);
			const first = await other.waitFor(
				(m): m is FrameReport => isFrame(m) && m.listTotal === settings.expectWorkloads && m.showsFirst,
				'the first complete frame on the other Node',
				120_000,
			);
			if (run >= 0) otherStartups.push(first.at - spawnedAt);
			other.send({type: 'keys', data: 'q'});
			await other.stop(10_000);
		}
		if (context.otherNode) log(`start-up on ${context.otherNode}: ${otherStartups.map(Math.round).join(', ')} ms`);
		const startups: number[] = [];
		const stages = {
			spawn: [] as number[],
			modules: [] as number[],
			connect: [] as number[],
			uiLoad: [] as number[],
			listed: [] as number[],
			firstFrame: [] as number[],
		};
		let dashboard!: DashboardChild;
		// One unmeasured start warms the file cache, as kubectl's first run did.
		for (let run = settings.warmStart ? -1 : 0; run < settings.startupRuns; run++) {
			const spawnedAt = now();
			dashboard = startDashboard();
			const first = await dashboard.waitFor(
				(m): m is FrameReport => isFrame(m) && m.listTotal === settings.expectWorkloads && m.showsFirst,
				'the first complete frame',
				120_000,
			);
			if (run >= 0) {
				startups.push(first.at - spawnedAt);
				const timeline = await dashboard.request<Timeline>({type: 'timeline'});
				const mark = (name: string) => timeline.marks[`rollout-dash:${name}`] ?? Number.NaN;
				stages.spawn.push(timeline.processStartedAt - spawnedAt);
				stages.modules.push(mark('main') - timeline.processStartedAt);
				stages.connect.push(mark('connected') - mark('main'));
				stages.uiLoad.push(mark('ui-loaded') - mark('connected'));
				stages.listed.push(mark('listed') - mark('connected'));
				stages.firstFrame.push(first.at - mark('connected'));
			}
			if (run < settings.startupRuns - 1) {
				dashboard.send({type: 'keys', data: 'q'});
				await dashboard.stop(10_000);
			}
		}
		log(
			`dashboard start-up to the first complete frame: ${startups.map(Math.round).join(', ')} ms (median: process ${Math.round(median(stages.spawn))}, ` +
				`modules ${Math.round(median(stages.modules))}, connect ${Math.round(median(stages.connect))}, lists and first frame ${Math.round(median(stages.firstFrame))} ` +
				`of which the UI's modules ${Math.round(median(stages.uiLoad))}, every kind listed ${Math.round(median(stages.listed))})`,
		);

		// 3c. The list of every deployment on a quiet cluster (the screen people start on), once everything is listed.
		await dashboard.waitFor(
			(m): m is FrameReport => isFrame(m) && m.live && m.listTotal === settings.expectWorkloads,
			'the live list',
			120_000,
		);
		const idleList = await idleCpu(dashboard, settings);
		log(`peak RSS after start-up and the first lists: ${Math.round((await probe(dashboard)).vmHwmKb / 1024)} MB`);
		log(`idle in the list: ${round(idleList, 2)} % of a core`);

		// Open the first deployment: its revision history is where the written change causes show.
		sim.send({type: 'focus', namespace: settings.firstNamespace});
		const beforeOpen = dashboard.messages.length;
		dashboard.send({type: 'keys', data: '\r'});
		await dashboard.waitFor(
			(m): m is FrameReport => isFrame(m) && m.revisionRows >= settings.scale.revisions,
			'the deployment view',
			30_000,
			beforeOpen,
		);
		await sleep(settings.settleMs);
		// A full frame: what redrawing the whole screen costs, forced by a resize (narrower, then back).
		const beforeNarrow = dashboard.messages.length;
		dashboard.send({type: 'resize', columns: settings.columns - 1, rows: settings.rows});
		dashboard.screen.resize(settings.columns - 1, settings.rows);
		await dashboard.waitFor(isFrame, 'a frame after a resize', 10_000, beforeNarrow);
		await sleep(settings.settleMs / 3);
		const beforeWiden = dashboard.messages.length;
		dashboard.send({type: 'resize', columns: settings.columns, rows: settings.rows});
		dashboard.screen.resize(settings.columns, settings.rows);
		const redrawn = await dashboard.waitFor(
			(m): m is FrameReport => isFrame(m) && m.revisionRows >= settings.scale.revisions,
			'the redrawn view',
			10_000,
			beforeWiden,
		);
		const fullFrameBytes = redrawn.bytes;
		const targets = await oldReplicaSets(api, settings.firstNamespace, settings.firstDeployment);
		const rsPath = (name: string) => `/apis/apps/v1/namespaces/${settings.firstNamespace}/replicasets/${name}`;
		let seq = 0;
		const write = (target: string, writes: WriteRecord[]) => {
			const record: WriteRecord = {seq: ++seq, target, sentAt: now()};
			writes.push(record);
			return api
				.mergePatch(rsPath(target), {
					metadata: {
						labels: {'bench-seq': String(record.seq)},
						annotations: {'kubernetes.io/change-cause': `seq:${record.seq};`},
					},
				})
				.then(response => {
					if (response.status !== 200) throw new Error(`PATCH ${target}: ${response.status}`);
				});
		};

		// kubectl's view of the same writes: every event is a line, with the seq label as the last column.
		const rsInNamespace = (await api.get(`/apis/apps/v1/namespaces/${settings.firstNamespace}/replicasets`)).items
			.length as number;
		const watcher = watchKubectl(kubectl, ['get', 'rs', '-w', '-n', settings.firstNamespace, '-L', 'bench-seq']);
		await until(() => watcher.lines.length >= rsInNamespace + 1, 'kubectl get rs -w listing', 60_000, watcher.stderr);
		await sleep(settings.settleMs);

		// 5. One value changed in a quiet moment: the bytes of the frame that shows it.
		const oneChange: number[] = [];

		for (let sample = 0; sample < settings.oneChangeSamples; sample++) {
			const writes: WriteRecord[] = [];
			const from = dashboard.messages.length;
			await write(targets[sample % targets.length]!, writes);
			const shown = await dashboard.waitFor(
				(m): m is FrameReport => isFrame(m) && m.seqs.includes(writes[0]!.seq),
				'a one-value change',
				10_000,
				from,
			);
			oneChange.push(shown.bytes);

			await sleep(settings.settleMs / 3);
		}
		log(`full frame ${fullFrameBytes} bytes; one-value change ${median(oneChange)} bytes`);

		// 2 and 3. Writes at each rate: event to screen against kubectl's lines, and the dashboard's CPU per event.
		const logRate = (label: string, r: RateFigures) =>
			log(
				`${label}: ${r.writes} writes (${Math.round(r.achievedRate)}/s), screen p50 ${round(r.screenP50)} p99 ${round(r.screenP99)} ms (missed ${r.screenMissed}), ` +
					`kubectl p50 ${round(r.kubectlP50)} p99 ${round(r.kubectlP99)} ms, ${r.events} events, ${round(r.cpuMsPerThousandEvents)} CPU ms/1000 events (main thread ${round(r.mainThreadCpuMsPerThousandEvents)}), peak RSS so far ${Math.round(r.peakRssMb)} MB`,
			);
		const rates: Record<number, RateFigures> = {};
		for (const rate of settings.rates) {
			rates[rate] = await measureRate(rate, settings, sim, dashboard, watcher, targets, write);
			logRate(`${rate}/s`, rates[rate]!);
		}
		// The first phase also pays for V8 optimising the code these updates run (TurboFan, on its helper threads; about
		// 140 compilations in the first 10 s), a cost of the first minute, not of each event: 100/s once more, warm.
		const steady100 = await measureRate(100, settings, sim, dashboard, watcher, targets, write);
		logRate('100/s again, after the others', steady100);
		await watcher.stop();

		// 3b. A quiet cluster.
		await sleep(settings.settleMs * 2);
		const idleCounters = await counters(sim);
		const idleCpuPercent = await idleCpu(dashboard, settings);
		// --heap FILE: what the dashboard holds at the end of the deployment view's idle phase, for a heap profiler.
		const idleEnd = await probe(dashboard, context.heapSnapshot);
		const idleCountersEnd = await counters(sim);
		log(
			`idle in the deployment view: ${round(idleCpuPercent, 2)} % of a core over ${Math.round(settings.idleMs / 1000)} s (${idleCountersEnd.counts.all - idleCounters.counts.all} store events)`,
		);

		// 3d. The list again, now that start-up is long past: the first measurement (3c) also pays for what follows a
		// start (V8's memory reducer collecting the heap the lists built, and optimising the code a redraw runs).
		const beforeList = dashboard.messages.length;
		dashboard.send({type: 'keys', data: '\x1b'});
		await dashboard.waitFor(
			(m): m is FrameReport => isFrame(m) && m.listTotal === settings.expectWorkloads,
			'the list again',
			30_000,
			beforeList,
		);
		await sleep(settings.settleMs);
		const idleListWarm = await idleCpu(dashboard, settings);
		log(`idle in the list, again: ${round(idleListWarm, 2)} % of a core`);

		// 4. Peak RSS over the whole run (VmHWM).
		const peakRssMb = idleEnd.vmHwmKb / 1024;
		const heapUsedMb = idleEnd.heapUsedMb;
		dashboard.send({type: 'keys', data: 'q'});
		await dashboard.stop(10_000);

		// 6a. The simulator's sustained watch throughput: N watchers of every ReplicaSet, writers as fast as it answers.
		const load = await simulatorThroughput(settings, api, targets, rsPath);
		log(
			`simulator: ${Math.round(load.eventsPerSecond)} watch events/s to ${settings.loadWatchers} watchers (${Math.round(load.writesPerSecond)} writes/s)`,
		);
		api.close();

		const at1000 = rates[1000]!;
		const at100 = rates[100]!;
		const figures: Figures = {
			startupMs: median(startups),
			kubectlGetDeployMs: median(getDeploy),
			kubectlGetRsMs: median(getRs),
			startupRatio: median(startups) / median(getDeploy),
			...(otherStartups.length > 0 ? {startupOtherNodeMs: median(otherStartups)} : {}),
			startupProcessMs: median(stages.spawn),
			startupModulesMs: median(stages.modules),
			startupConnectMs: median(stages.connect),
			startupListAndRenderMs: median(stages.firstFrame),
			startupUiModulesMs: median(stages.uiLoad),
			eventToScreenP50Ms: at1000.screenP50,
			eventToScreenP99Ms: at1000.screenP99,
			kubectlWatchP50Ms: at1000.kubectlP50,
			kubectlWatchP99Ms: at1000.kubectlP99,
			eventToScreenP50Ms100: at100.screenP50,
			eventToScreenP99Ms100: at100.screenP99,
			kubectlWatchP50Ms100: at100.kubectlP50,
			kubectlWatchP99Ms100: at100.kubectlP99,
			backlogFirstDecileMs: at1000.firstDecile,
			backlogLastDecileMs: at1000.lastDecile,
			writesPerSecondAchieved: at1000.achievedRate,
			screenMissedWrites: at1000.screenMissed + at100.screenMissed + steady100.screenMissed,
			cpuMsPerThousandEvents: at1000.cpuMsPerThousandEvents,
			cpuMsPerThousandEvents100: at100.cpuMsPerThousandEvents,
			mainThreadCpuMsPerThousandEvents: at1000.mainThreadCpuMsPerThousandEvents,
			mainThreadCpuMsPerThousandEvents100: at100.mainThreadCpuMsPerThousandEvents,
			cpuMsPerThousandEvents100Steady: steady100.cpuMsPerThousandEvents,
			mainThreadCpuMsPerThousandEvents100Steady: steady100.mainThreadCpuMsPerThousandEvents,
			eventToScreenP50Ms100Steady: steady100.screenP50,
			eventToScreenP99Ms100Steady: steady100.screenP99,
			idleCpuPercent,
			idleListCpuPercent: idleList,
			idleListWarmCpuPercent: idleListWarm,
			peakRssMb,
			heapUsedMb,
			kubectlPeakRssMb: rsJson.peakRssKb / 1024,
			oneChangeBytes: median(oneChange),
			fullFrameBytes,
			oneChangePercent: (median(oneChange) / fullFrameBytes) * 100,

			simEventsPerSecond: load.eventsPerSecond,
			simWritesPerSecond: load.writesPerSecond,
			simWatchers: settings.loadWatchers,
			rollout1000Ms: rollout.rolloutMs,
			rolloutReplicas: rollout.replicas,
			focusUpMs: rollout.focusUpMs,
			workloads: settings.expectWorkloads,
			replicaSets:
				settings.scale.namespaces * settings.scale.deploymentsPerNamespace * settings.scale.revisions +
				settings.scale.revisions +
				1,
			simSpeed: settings.speed,
			cores: os.cpus().length,
			// Other work on the machine skews every figure: the 1-minute load average before and after.
			loadAverageBefore: loadBefore,
			loadAverageAfter: os.loadavg()[0]!,
		};
		const about: About = {
			nodeVersion: process.version,
			...(context.otherNode ? {otherNode: otherNodeVersion(context.otherNode)} : {}),
			kubectl: context.kubectlBinary,
			cpu: os.cpus()[0]?.model ?? 'unknown',
			mode: settings.quick ? 'quick' : 'full',
			terminal: `${settings.columns}x${settings.rows}`,
			date: new Date().toISOString(),
		};
		return {figures, about};
	} finally {
		for (const dashboard of dashboards) {
			dashboard.send({type: 'keys', data: 'q'});
			await dashboard.stop(3000);
		}
		sim.send({type: 'stop'});
		await sim.stop(5000);
	}
}

interface RateFigures {
	writes: number;
	achievedRate: number;
	screenP50: number;
	screenP99: number;
	screenMissed: number;
	kubectlP50: number;
	kubectlP99: number;
	firstDecile: number;
	lastDecile: number;
	events: number;
	cpuMsPerThousandEvents: number;
	/** The main thread's share (JavaScript); the rest is V8's helper threads (garbage collection, compilation). */
	mainThreadCpuMsPerThousandEvents: number;
	/** The dashboard's peak RSS so far (VmHWM) at the end of the phase: which phase set the peak. */
	peakRssMb: number;
}

async function measureRate(
	rate: number,
	settings: BenchSettings,
	sim: SimChild,
	dashboard: DashboardChild,
	watcher: ReturnType<typeof watchKubectl>,
	targets: string[],
	write: (target: string, writes: WriteRecord[]) => Promise<void>,
): Promise<RateFigures> {
	const writes: WriteRecord[] = [];
	const fromMessage = dashboard.messages.length;
	const fromLine = watcher.lines.length;
	const startProbe = await probe(dashboard);
	const startCounters = await counters(sim);
	const result = await writeAtRate(rate, settings.phaseMs, index => write(targets[index % targets.length]!, writes));
	if (result.failed > 0) throw new Error(`${result.failed} of ${result.sent} writes failed at ${rate}/s`);
	// Wait until both show the last write (or give up after 10 s: what is missing then counts as missed).
	const last = writes[writes.length - 1]!.seq;
	const lastPerTarget = new Map(writes.map(w => [w.target, w.seq]));
	const frames = () => dashboard.messages.slice(fromMessage).filter(isFrame);
	const allShown = () => {
		const seen = new Set(frames().flatMap(f => f.seqs));
		return [...lastPerTarget.values()].every(s => seen.has(s));
	};
	await until(allShown, 'the last writes on screen', 10_000).catch(() => undefined);
	await until(
		() => watcher.lines.slice(fromLine).some(l => l.line.trim().endsWith(` ${last}`)),
		'the last write in kubectl',
		10_000,
	).catch(() => undefined);
	const endProbe = await probe(dashboard);
	const endCounters = await counters(sim);
	const screen = screenLatencies(writes, frames());
	const lines = lineLatencies(writes, watcher.lines.slice(fromLine));
	const shown = screen.filter((value): value is number => value !== undefined);
	const printed = lines.filter((value): value is number => value !== undefined);
	const {first, last: lastDecile} = deciles(shown);
	const events = endCounters.counts.dashboard - startCounters.counts.dashboard;
	return {
		writes: writes.length,
		achievedRate: (writes.length / result.elapsedMs) * 1000,
		screenP50: percentile(shown, 50),
		screenP99: percentile(shown, 99),
		screenMissed: writes.length - shown.length,
		kubectlP50: percentile(printed, 50),
		kubectlP99: percentile(printed, 99),
		firstDecile: first,
		lastDecile,
		events,
		cpuMsPerThousandEvents: ((endProbe.cpuMicros - startProbe.cpuMicros) / 1000 / Math.max(1, events)) * 1000,
		peakRssMb: endProbe.vmHwmKb / 1024,
		mainThreadCpuMsPerThousandEvents:
			((endProbe.mainThreadCpuMicros - startProbe.mainThreadCpuMicros) / 1000 / Math.max(1, events)) * 1000,
	};
}

/** The ReplicaSets of a deployment's earlier revisions: the controller leaves their change-cause alone. */
async function oldReplicaSets(api: Api, namespace: string, deployment: string): Promise<string[]> {
	const list = await api.get(`/apis/apps/v1/namespaces/${namespace}/replicasets`);
	const owned = (list.items as any[]).filter(rs =>
		rs.metadata.ownerReferences?.some((ref: any) => ref.controller && ref.name === deployment),
	);
	const revision = (rs: any) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
	const newest = Math.max(...owned.map(revision));
	const old = owned.filter(rs => revision(rs) !== newest).map(rs => rs.metadata.name as string);
	if (old.length === 0) throw new Error(`deployment ${namespace}/${deployment} has no earlier revisions to write to`);
	return old;
}

async function simulatorThroughput(
	settings: BenchSettings,
	api: Api,
	targets: string[],
	rsPath: (name: string) => string,
): Promise<{eventsPerSecond: number; writesPerSecond: number}> {
	const list = await api.get('/apis/apps/v1/replicasets?limit=1');
	const from = list.metadata.resourceVersion as string;
	let received = 0;
	let lastEventAt = 0;
	const watchers = Array.from({length: settings.loadWatchers}, () =>
		api.watch(`/apis/apps/v1/replicasets?watch=true&resourceVersion=${from}&allowWatchBookmarks=false`, count => {
			received += count;
			lastEventAt = now();
		}),
	);
	try {
		await sleep(500);
		const baseline = received;
		let writes = 0;
		let failed = 0;
		const startedAt = now();
		const stopAt = startedAt + settings.loadMs;
		const worker = async (id: number) => {
			for (let n = 0; now() < stopAt; n++) {
				const response = await api.mergePatch(rsPath(targets[(id + n) % targets.length]!), {
					metadata: {labels: {'bench-load': `${id}-${n}`}},
				});
				if (response.status === 200) writes++;
				else failed++;
			}
		};
		await Promise.all(Array.from({length: settings.loadConcurrency}, (_, id) => worker(id)));
		const writesEndedAt = now();
		const expected = baseline + writes * settings.loadWatchers;
		await until(() => received >= expected, 'every watch event', 30_000).catch(() => undefined);
		if (failed > 0) throw new Error(`${failed} load writes failed`);
		return {
			eventsPerSecond: ((received - baseline) / (Math.max(lastEventAt, writesEndedAt) - startedAt)) * 1000,
			writesPerSecond: (writes / (writesEndedAt - startedAt)) * 1000,
		};
	} finally {
		for (const watcher of watchers) watcher.stop();
	}
}

/** The dashboard's CPU over `idleMs` in which the bench writes nothing, as % of one core. */
async function idleCpu(dashboard: DashboardChild, settings: BenchSettings): Promise<number> {
	await sleep(settings.settleMs);
	const start = await probe(dashboard);
	await sleep(settings.idleMs);
	const end = await probe(dashboard);
	return ((end.cpuMicros - start.cpuMicros) / 1000 / (end.at - start.at)) * 100;
}

async function probe(dashboard: DashboardChild, heapSnapshot?: string): Promise<Probe> {
	return dashboard.request<Probe>(heapSnapshot === undefined ? {type: 'probe'} : {type: 'probe', heapSnapshot});
}

async function counters(sim: SimChild): Promise<Counters> {
	return sim.request<Counters>({type: 'counters'});
}

/** Waits until the simulator wrote nothing for `quietMs` (the controllers have settled). */
async function quiet(sim: SimChild, quietMs: number, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let previous = (await counters(sim)).counts.all;
	while (Date.now() < deadline) {
		await sleep(quietMs);
		const current = (await counters(sim)).counts.all;
		if (current === previous) return;
		previous = current;
	}
}

async function until(check: () => boolean, what: string, timeoutMs: number, detail?: () => string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${detail ? `: ${detail()}` : ''}`);
		await sleep(10);
	}
}

/** The version of another Node binary (as `node --version` prints it). */
function otherNodeVersion(binary: string): string {
	return execFileSync(binary, ['--version'], {encoding: 'utf8'}).trim();
}
