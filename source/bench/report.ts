// The bench's figures: the JSON shape, and the table printed at the end.
import type {BenchSettings} from './phases.js';

/** Every figure is a number (NaN only if a phase measured nothing). */
export type Figures = Record<string, number>;

/** Where and how the figures were taken (written to the JSON as `about`). */
export type About = Record<string, string>;

// The targets the dashboard is held to (README's Performance table), checked against the figures.
export const TARGETS: {key: string; text: string; met: (f: Figures) => boolean}[] = [
	{key: 'startupRatio', text: '≤ 1.5× kubectl get deploy -A', met: f => f['startupRatio']! <= 1.5},
	{key: 'eventToScreenP99Ms', text: 'p99 < 100 ms at 1,000/s', met: f => f['eventToScreenP99Ms']! < 100},
	{key: 'cpuMsPerThousandEvents', text: '< 1 ms CPU per event', met: f => f['cpuMsPerThousandEvents']! < 1000},
	{
		key: 'cpuMsPerThousandEvents100Steady',
		text: '< 1 ms CPU per event',
		met: f => f['cpuMsPerThousandEvents100Steady']! < 1000,
	},
	{key: 'idleCpuPercent', text: '< 1 % of a core idle', met: f => f['idleCpuPercent']! < 1},
	{key: 'peakRssMb', text: '< 200 MB at scale', met: f => f['peakRssMb']! < 200},
	{key: 'oneChangePercent', text: 'one change < 5 % of a full frame', met: f => f['oneChangePercent']! < 5},
	{key: 'simEventsPerSecond', text: '≥ 5,000 watch events/s', met: f => f['simEventsPerSecond']! >= 5000},
];

const fixed = (value: number | undefined, digits = 0) =>
	value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);

export function formatTable(f: Figures, about: About, settings: BenchSettings): string {
	const verdict = (key: string) => {
		const target = TARGETS.find(t => t.key === key);
		return target ? `${target.met(f) ? 'met' : 'MISSED'}: ${target.text}` : '';
	};
	const ratio = (a: number | undefined, b: number | undefined) =>
		a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a';
	const rows: string[][] = [
		['measure', 'rollout-dash', 'kubectl', 'ratio', 'target'],
		[
			'start-up to first complete frame (ms)',
			fixed(f['startupMs']),
			`${fixed(f['kubectlGetDeployMs'])} (get deploy -A)`,
			ratio(f['startupMs'], f['kubectlGetDeployMs']),
			verdict('startupRatio'),
		],
		['', '', `${fixed(f['kubectlGetRsMs'])} (get rs -A)`, ratio(f['startupMs'], f['kubectlGetRsMs']), ''],
		...(f['startupOtherNodeMs'] === undefined
			? []
			: [
					[
						`the same on ${about['otherNode'] ?? 'the other Node'} (ms)`,
						fixed(f['startupOtherNodeMs']),
						`${fixed(f['kubectlGetDeployMs'])} (get deploy -A)`,
						ratio(f['startupOtherNodeMs'], f['kubectlGetDeployMs']),
						'',
					],
				]),
		[
			'event to screen at 100/s, p50 / p99 (ms)',
			`${fixed(f['eventToScreenP50Ms100'], 1)} / ${fixed(f['eventToScreenP99Ms100'], 1)}`,
			`${fixed(f['kubectlWatchP50Ms100'], 1)} / ${fixed(f['kubectlWatchP99Ms100'], 1)} (get rs -w)`,
			ratio(f['eventToScreenP99Ms100'], f['kubectlWatchP99Ms100']),
			'',
		],
		[
			'event to screen at 1,000/s, p50 / p99 (ms)',
			`${fixed(f['eventToScreenP50Ms'], 1)} / ${fixed(f['eventToScreenP99Ms'], 1)}`,
			`${fixed(f['kubectlWatchP50Ms'], 1)} / ${fixed(f['kubectlWatchP99Ms'], 1)} (get rs -w)`,
			ratio(f['eventToScreenP99Ms'], f['kubectlWatchP99Ms']),
			verdict('eventToScreenP99Ms'),
		],
		[
			'backlog at 1,000/s: first / last decile median (ms)',
			`${fixed(f['backlogFirstDecileMs'], 1)} / ${fixed(f['backlogLastDecileMs'], 1)}`,
			'',
			'',
			'last ≈ first',
		],
		[
			'CPU per 1,000 watch events at 1,000/s (ms)',
			fixed(f['cpuMsPerThousandEvents'], 1),
			'',
			'',
			verdict('cpuMsPerThousandEvents'),
		],
		[
			'CPU per 1,000 watch events at 100/s (ms)',
			fixed(f['cpuMsPerThousandEvents100Steady'], 1),
			'',
			'',
			verdict('cpuMsPerThousandEvents100Steady'),
		],
		['  the first 100/s phase (with V8 warming up) (ms)', fixed(f['cpuMsPerThousandEvents100'], 1), '', '', ''],
		[
			'CPU on a quiet cluster, deployment view (% of a core)',
			fixed(f['idleCpuPercent'], 2),
			'',
			'',
			verdict('idleCpuPercent'),
		],
		['CPU on a quiet cluster, list of all (% of a core)', fixed(f['idleListWarmCpuPercent'], 2), '', '', ''],
		['  the same, just after start-up (% of a core)', fixed(f['idleListCpuPercent'], 2), '', '', ''],
		[
			'peak RSS (MB)',
			fixed(f['peakRssMb']),
			`${fixed(f['kubectlPeakRssMb'])} (get rs -A -o json)`,
			ratio(f['peakRssMb'], f['kubectlPeakRssMb']),
			verdict('peakRssMb'),
		],
		[
			'terminal bytes: one value / full frame',
			`${fixed(f['oneChangeBytes'])} / ${fixed(f['fullFrameBytes'])} (${fixed(f['oneChangePercent'], 1)} %)`,
			'',
			'',
			verdict('oneChangePercent'),
		],
		['simulator watch events/s delivered', fixed(f['simEventsPerSecond']), '', '', verdict('simEventsPerSecond')],
		[`simulator: ${fixed(f['rolloutReplicas'])}-replica rollout (ms)`, fixed(f['rollout1000Ms']), '', '', ''],
	];
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	const line = (row: string[]) =>
		row
			.map((cell, column) => cell.padEnd(widths[column]!))
			.join('  ')
			.trimEnd();
	const kinds =
		settings.scale.statefulSetsPerNamespace === 0 && settings.scale.daemonSetsPerNamespace === 0
			? 'deployments only'
			: 'deployments, statefulsets, daemonsets';
	const measured = about['dashboard'] === undefined ? '' : `, the dashboard of ${about['dashboard']}`;
	const header =
		`rollout-dash bench (${about['mode']}): ${fixed(f['workloads'])} workloads (${kinds}), ${fixed(f['replicaSets'])} ReplicaSets, ` +
		`terminal ${settings.columns}x${settings.rows}, ${fixed(f['cores'])} cores, Node ${about['nodeVersion']}, simulator speed ${settings.speed}${measured}`;
	return [header, '', line(rows[0]!), widths.map(w => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
