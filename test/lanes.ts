// The test lanes: which test file runs where, and what each lane needs on the PATH. Every test file belongs to
// exactly one lane (test/lanes.test.ts checks it); a new file joins a lane by its name's prefix.
//
//   node --import tsx test/lanes.ts unit [integration e2e]   (npm run test:unit, test:integration, test:e2e; npm test)
//
// A lane whose tool is missing stops before any test runs, with one line naming the tool and where to get it.
import {spawnSync} from 'node:child_process';
import {accessSync, constants, readdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export type LaneName = 'unit' | 'integration' | 'e2e';

interface Tool {
	name: string;
	get: string;
}

const KUBECTL: Tool = {name: 'kubectl', get: 'https://kubernetes.io/docs/tasks/tools/'};
const TMUX: Tool = {name: 'tmux', get: 'https://github.com/tmux/tmux/wiki/Installing'};

interface Lane {
	what: string;
	/** File names (without directory) a lane takes: `*` matches any run of characters; `!` excludes. */
	files: readonly string[];
	tools: readonly Tool[];
}

export const LANES: Record<LaneName, Lane> = {
	unit: {
		what: 'pure logic and ink-testing-library',
		files: [
			'k8s-*',
			'model-*',
			'!model-kubectl.*',
			'ui-*',
			'!ui-terminal.*',
			'!ui-run.*',
			'terminal-*',
			'lanes.*',
			'bench-frames.*',
			'bench-latency.*',
			'cluster-kubeconfig.*',
			'cluster-owner-index.*',
			'sim-api-patch.*',
			'sim-api-protobuf.*',
			'sim-api-selectors.*',
			'sim-api-validation.*',
			'sim-controller-queue.*',
			'sim-controller-kubelet-status.*',
			'sim-json.*',
		],
		tools: [],
	},
	integration: {
		what: 'the simulator, its controllers and the CLI, with kubectl',
		files: [
			'cli-*',
			'cluster-*',
			'!cluster-kubeconfig.*',
			'!cluster-owner-index.*',
			'commands-*',
			'model-kubectl.*',
			'pkg-*',
			'sim-*',
			'!sim-api-patch.*',
			'!sim-api-protobuf.*',
			'!sim-api-selectors.*',
			'!sim-api-validation.*',
			'!sim-controller-queue.*',
			'!sim-controller-kubelet-status.*',
			'!sim-json.*',
			'trust-*',
		],
		tools: [KUBECTL],
	},
	e2e: {
		what: 'the dashboard in a real terminal (tmux) and process, and the bench smoke run',
		files: ['e2e-*', 'ui-terminal.*', 'ui-run.*', 'bench-smoke.*'],
		tools: [TMUX, KUBECTL],
	},
};

export const LANE_NAMES = Object.keys(LANES) as LaneName[];

const TEST_DIR = path.dirname(fileURLToPath(import.meta.url));

export function testFiles(directory = TEST_DIR): string[] {
	return readdirSync(directory)
		.filter(name => /\.test\.tsx?$/.test(name))
		.sort();
}

function globMatches(glob: string, name: string): boolean {
	const pattern = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
	return new RegExp(`^${pattern}`).test(name);
}

export function inLane(lane: LaneName, name: string): boolean {
	let taken = false;
	for (const glob of LANES[lane].files) {
		if (glob.startsWith('!')) {
			if (globMatches(glob.slice(1), name)) return false;
		} else if (globMatches(glob, name)) {
			taken = true;
		}
	}
	return taken;
}

export function lanesOf(name: string): LaneName[] {
	return LANE_NAMES.filter(lane => inLane(lane, name));
}

function onPath(tool: string, searchPath: string): boolean {
	return searchPath
		.split(path.delimiter)
		.filter(Boolean)
		.some(directory => {
			try {
				accessSync(path.join(directory, tool), constants.X_OK);
				return true;
			} catch {
				return false;
			}
		});
}

/** One line naming the tools the lanes need and the PATH lacks, or undefined when all are there. */
export function missingTools(lanes: readonly LaneName[], searchPath = process.env['PATH'] ?? ''): string | undefined {
	const missing = new Map<string, {tool: Tool; lanes: LaneName[]}>();
	for (const lane of lanes) {
		for (const tool of LANES[lane].tools) {
			if (onPath(tool.name, searchPath)) continue;
			const entry = missing.get(tool.name) ?? {tool, lanes: []};
			entry.lanes.push(lane);
			missing.set(tool.name, entry);
		}
	}
	if (missing.size === 0) return undefined;
	const needs = [...missing.values()].map(
		({tool, lanes}) => `${lanes.join(' and ')} tests need ${tool.name} on the PATH (${tool.get})`,
	);
	return `error: the ${needs.join('; the ')}`;
}

function main(args: string[]): number {
	const unknown = args.filter(arg => !LANE_NAMES.includes(arg as LaneName));
	if (args.length === 0 || unknown.length > 0) {
		process.stderr.write(
			`error: name one or more lanes: ${LANE_NAMES.join(', ')} (not ${unknown.join(', ') || 'none'})\n`,
		);
		return 2;
	}
	const lanes = args as LaneName[];
	const missing = missingTools(lanes);
	if (missing !== undefined) {
		process.stderr.write(`${missing}\n`);
		return 1;
	}
	for (const lane of lanes) {
		const files = testFiles().filter(name => inLane(lane, name));
		process.stdout.write(`\n# lane ${lane}: ${LANES[lane].what} (${files.length} files)\n`);
		const started = performance.now();
		const result = spawnSync(
			process.execPath,
			[
				'--import',
				'tsx',
				'--test',
				'--test-concurrency=2',
				'--test-reporter=spec',
				...files.map(name => path.join(TEST_DIR, name)),
			],
			{stdio: 'inherit'},
		);
		const seconds = ((performance.now() - started) / 1000).toFixed(1);
		process.stdout.write(`# lane ${lane}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${seconds} s\n`);
		if (result.status !== 0) return result.status ?? 1;
	}
	return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	process.exitCode = main(process.argv.slice(2));
}
