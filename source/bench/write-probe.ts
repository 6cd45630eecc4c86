// `node --import tsx source/bench/write-probe.ts [--ms 5000] [--writers 32] [--watchers 10] [--speed 100] [--small]`:
// the simulator's write and watch paths alone. Starts the bench's simulator process (the scale scenario, its rollout
// finished), then merge-patches old ReplicaSets over HTTPS from `writers` concurrent loops while `watchers` watch every
// ReplicaSet, and prints one JSON line: writes/s, watch events/s, the simulator's CPU and its CPU per write (the figure
// that shows a slower write path even when the machine is loaded), and the load average. Run it in two worktrees back
// to back to compare them; add --profile DIR for the simulator's CPU profile.
import {fork} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {DEFAULT_SCALE, scaleNamespace, type ScaleOptions} from '../sim/scenarios/index.js';
import {Api, caFromKubeconfig} from './api.js';
import type {BenchToSim, SimChildConfig, SimToBench} from './protocol.js';

const {values} = parseArgs({
	options: {
		ms: {type: 'string', default: '5000'},
		writers: {type: 'string', default: '32'},
		watchers: {type: 'string', default: '10'},
		speed: {type: 'string', default: '100'},
		small: {type: 'boolean', default: false},
		profile: {type: 'string'},
	},
});
const durationMs = Number(values.ms);
const scale: ScaleOptions = values.small
	? {namespaces: 4, deploymentsPerNamespace: 50, revisions: 4, focusReplicas: 0}
	: DEFAULT_SCALE;
const here = path.dirname(fileURLToPath(import.meta.url));
const config: SimChildConfig = {
	kubeconfigPath: path.join(os.tmpdir(), `rollout-dash-write-probe-${process.pid}.kubeconfig`),
	speed: Number(values.speed),
	scale,
};
const child = fork(path.join(here, 'sim-child.ts'), [JSON.stringify(config)], {
	execArgv: [
		'--import',
		'tsx',
		...(values.profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values.profile)] : []),
	],
});
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const messages: SimToBench[] = [];
child.on('message', message => messages.push(message as SimToBench));
const send = (message: BenchToSim) => child.send(message);

async function until<T>(find: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
	for (const stopAt = Date.now() + timeoutMs; Date.now() < stopAt; await sleep(50)) {
		const found = find();
		if (found !== undefined) return found;
	}
	return undefined;
}

async function counters(id: number) {
	send({type: 'counters', id});
	const answer = await until(() => messages.find(m => m.type === 'counters' && m.id === id), 30_000);
	if (answer?.type !== 'counters') throw new Error('the simulator did not answer');
	return answer;
}

const ready = await until(() => messages.find(m => m.type === 'ready'), 120_000);
if (ready?.type !== 'ready') throw new Error('the simulator did not start');
const rollout =
	scale.focusReplicas > 0 ? await until(() => messages.find(m => m.type === 'rollout'), 120_000) : undefined;
await sleep(1000);
const api = new Api({url: ready.url, token: ready.token, ca: caFromKubeconfig(ready.kubeconfig)});
const namespace = scaleNamespace(0);
const list = await api.get(`/apis/apps/v1/namespaces/${namespace}/replicasets`);
const targets = (list.items as {metadata: {name: string}}[]).map(rs => rs.metadata.name).slice(0, 100);
const from = (await api.get('/apis/apps/v1/replicasets?limit=1')).metadata.resourceVersion as string;
let received = 0;
const watchers = Array.from({length: Number(values.watchers)}, () =>
	api.watch(`/apis/apps/v1/replicasets?watch=true&resourceVersion=${from}&allowWatchBookmarks=false`, count => {
		received += count;
	}),
);
await sleep(500);
const receivedBefore = received;
const before = await counters(1);
const started = performance.now();
const stopAt = started + durationMs;
let writes = 0;
let failed = 0;
await Promise.all(
	Array.from({length: Number(values.writers)}, async (_, id) => {
		for (let n = 0; performance.now() < stopAt; n++) {
			const target = targets[(id + n) % targets.length];
			const response = await api.mergePatch(`/apis/apps/v1/namespaces/${namespace}/replicasets/${target}`, {
				metadata: {labels: {'write-probe': `${id}-${n}`}},
			});
			if (response.status === 200) writes++;
			else failed++;
		}
	}),
);
const elapsedMs = performance.now() - started;
await sleep(300);
const after = await counters(2);
const simCpuMs = (after.cpuMicros - before.cpuMicros) / 1000;
console.log(
	JSON.stringify({
		writesPerSecond: Math.round((writes * 1000) / elapsedMs),
		watchEventsPerSecond: Math.round(((received - receivedBefore) * 1000) / (elapsedMs + 300)),
		failed,
		rolloutMs: rollout?.type === 'rollout' ? Math.round(rollout.rolloutMs) : undefined,
		loadMs: Math.round(ready.loadMs),
		simCpuPercent: Math.round((simCpuMs / (after.at - before.at)) * 100),
		simCpuMicrosPerWrite: writes > 0 ? Math.round((simCpuMs * 1000) / writes) : undefined,
		loadAverage: os.loadavg().map(load => Number(load.toFixed(2))),
	}),
);
for (const watcher of watchers) watcher.stop();
api.close();
send({type: 'stop'});
await new Promise(resolve => child.on('exit', resolve));
process.exit(0);
