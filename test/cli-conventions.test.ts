// kubectl's command-line conventions: --help anywhere, one-line usage errors with a hint and exit 2, arguments and
// flags that do not apply are errors, durations with 0 meaning no limit and huge values capped for timers.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {MAX_TIMER_MS} from '../source/cli/duration.js';
import {FLAGS} from '../source/cli/flags.js';
import {readFlags} from '../source/cli/options.js';
import {parseCommandLine} from '../source/cli/parse.js';
import {runCli} from './helpers/lead-process.js';

function usageError(argv: string[]): string {
	try {
		parseCommandLine(argv);
	} catch (error) {
		assert.equal((error as {exitCode?: number}).exitCode, 2, `${argv.join(' ')}: exit code`);
		return (error as Error).message;
	}
	assert.fail(`${argv.join(' ')} was accepted`);
}

test('--help and -h anywhere print that command help and exit 0', async () => {
	const get = await runCli(['get', '--sim', '--help']);
	assert.equal(get.code, 0, get.stderr);
	assert.match(get.stdout, /rollout-dash get \[TYPE\[\/NAME\]\] \[flags\]/);
	assert.match(get.stdout, /--output/);
	assert.doesNotMatch(get.stdout, /--readonly|--port|history \[TYPE/, "only get's flags");
	assert.equal(get.stderr, '');

	const history = await runCli(['history', '-h']);
	assert.equal(history.code, 0, history.stderr);
	assert.match(history.stdout, /rollout-dash history \[TYPE\/\]NAME/);

	const before = await runCli(['-n', 'x', '--help', 'status', '--frob']);
	assert.equal(before.code, 0, before.stderr);
	assert.match(before.stdout, /rollout-dash status \[TYPE\/\]NAME/);
	assert.match(before.stdout, /--timeout/);

	const program = await runCli(['-h']);
	assert.equal(program.code, 0);
	assert.match(program.stdout, /completion bash\|zsh\|fish/);
	for (const flag of FLAGS) assert.ok(program.stdout.includes(flag.name), `program help lacks ${flag.name}`);
});

test('usage errors from the parser, table-driven', () => {
	const cases: Array<[string[], RegExp]> = [
		[['--frob'], /^unknown flag: --frob$/],
		[['-x'], /^unknown shorthand flag: 'x' in -x$/],
		[['get', '-n'], /^flag needs an argument: 'n' in -n$/],
		[['get', '--context'], /^flag needs an argument: --context$/],
		[['frob'], /^unknown command "frob"/],
		[['get', 'sts', 'web'], /get takes one TYPE\[\/NAME\]; unexpected: "web"/],
		[['history', 'a', 'b'], /history takes one NAME; unexpected: "b"/],
		[['web'], /unknown command "web"/],
		[['get', '--readonly'], /--readonly does not apply to "get"/],
		[['history', 'web', '-A'], /--all-namespaces does not apply to "history"/],
		[['status', 'web', '-o', 'json'], /--output does not apply to "status"/],
		[['get', '--timeout', '5m'], /--timeout does not apply to "get"/],
		[['sim', '--context', 'x'], /--context does not apply to "sim"/],
		[['completion', 'bash', '-n', 'x'], /--namespace does not apply to "completion"/],
		[['get', '--version'], /--version does not apply to "get"/],
		[['get', '--port', '80'], /--port does not apply to "get"/],
		[['get', '--scenario', 'empty'], /--scenario applies to the simulator/],
		[['get', '--sim', '--context', 'x'], /--sim and --context exclude each other/],
		[['status', 'web', '--timeout', '-5s'], /cannot be negative/],
		[['status', 'web', '--timeout=-1'], /cannot be negative/],
		[['get', '--request-timeout', '-1s'], /cannot be negative/],
		[['get', '--request-timeout', 'soon'], /invalid value "soon" for --request-timeout/],
		[['get', '-v', 'x', '--log-file', 'f'], /-v must be a log level/],
		[['-v', '6'], /-v needs --log-file with the dashboard/],
		[['get', '--log-file', 'f'], /--log-file needs -v/],
		[['get', '--sim=maybe'], /invalid value "maybe" for --sim/],
		[['sim', '--port', '70000'], /--port must be a port number/],
		[['completion'], /completion needs a SHELL/],
	];
	for (const [argv, pattern] of cases) assert.match(usageError(argv), pattern, argv.join(' '));
});

test('flags read as kubectl reads them', () => {
	const line = parseCommandLine([
		'get',
		'-nshop',
		'--context=prod',
		'-Ao',
		'json',
		'--as-group',
		'a',
		'--as-group=b',
		'-l',
		'app=web',
		'--sim=false',
		'--',
	]);
	assert.equal(line.command, 'get');
	const flags = readFlags(line.flags);
	assert.equal(flags.namespace, 'shop');
	assert.equal(flags.context, 'prod');
	assert.equal(flags.allNamespaces, true);
	assert.equal(flags.output, 'json');
	assert.deepEqual(flags.asGroups, ['a', 'b']);
	assert.equal(flags.selector, 'app=web');
	assert.equal(flags.sim, false);
	// After --, a word is an argument whatever it looks like.
	assert.deepEqual(parseCommandLine(['history', '--', '-odd']).args, ['-odd']);
	// A value is taken whatever it starts with (pflag): here a name that looks like a flag.
	assert.equal(readFlags(parseCommandLine(['get', '-n', '-x']).flags).namespace, '-x');
});

test('status --timeout: 0 means no limit, huge values are capped at what a timer can wait', () => {
	const timeout = (text: string) => readFlags(parseCommandLine(['status', 'web', '--timeout', text]).flags).timeoutMs;
	assert.equal(timeout('0'), undefined);
	assert.equal(timeout('0s'), undefined);
	assert.equal(timeout('90s'), 90_000);
	assert.equal(timeout('1000000h'), MAX_TIMER_MS);
	assert.equal(timeout('99999999999999999999'), MAX_TIMER_MS);
	assert.equal(readFlags(parseCommandLine(['status', 'web']).flags).timeoutMs, undefined);
	const request = (text: string) =>
		readFlags(parseCommandLine(['get', '--request-timeout', text]).flags).requestTimeoutMs;
	assert.equal(request('0'), 0);
	assert.equal(request('5'), 5000);
});

test('a command-line mistake through the real program: two lines, exit 2', async () => {
	const {code, stdout, stderr} = await runCli(['history', 'web', 'extra', '--sim']);
	assert.equal(code, 2);
	assert.equal(stdout, '');
	assert.deepEqual(stderr.trim().split('\n'), [
		'error: history takes one NAME; unexpected: "extra"',
		"See 'rollout-dash history --help' for usage.",
	]);
});
