// Text from a cluster never reaches the terminal as a control character: the headless commands' tables and lines,
// and the dashboard's frame, show hostile change-causes, events and conditions with their controls made visible,
// while JSON output keeps the exact strings.
import {after, afterEach, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {runGet} from '../source/commands/get.js';
import {runHistory} from '../source/commands/history.js';
import {sampleSnapshot, webFocus, event, revision} from './helpers/ui-fake-session.js';
import {runCli} from './helpers/lead-process.js';
import {createDeployment, startTestCluster, type TestCluster} from './helpers/model-sim.js';
import {waitFor as poll} from './helpers/wait.js';

// chalk (inside Ink) picks its colour level when first imported: colours are forced on before Ink loads, so the
// frame holds Ink's own SGR codes next to whatever the cluster text might smuggle in.
process.env['FORCE_COLOR'] = '1';
const {cleanup} = await import('ink-testing-library');
const {selectedLine, startApp} = await import('./helpers/ui-app.js');
const {keys, press, waitForFrame, waitForText} = await import('./helpers/ui-render.js');

const C0 = `${Array.from({length: 0x20}, (_, code) => String.fromCharCode(code)).join('')}\u007f`;
const C1 = Array.from({length: 0x20}, (_, code) => String.fromCharCode(0x80 + code)).join('');
const OSC8 = '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\';
const OSC52 = '\u001b]52;c;cm0gLXJmIH4K\u0007';
/** A lone surrogate: what a JSON `\ud800` escape decodes to (invalid UTF-8 once written). */
const LONE = '\ud800';
const HOSTILE = `evil\u001b]2;PWNED\u0007\u001b[2J\u001b[31mRED ${C0} ${C1} ${OSC8} ${OSC52} ${LONE} \u202eevil`;

/** Any C0 control but newline, DEL, C1, bidi override or a lone surrogate. */
const CONTROL =
	/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

function sink() {
	let text = '';
	return {
		write: (chunk: string) => (text += chunk),
		get text() {
			return text;
		},
	};
}

describe('headless commands against the simulator', () => {
	let cluster: TestCluster;

	before(async () => {
		cluster = await startTestCluster();
		await createDeployment(cluster, 'web', 'nginx:1.17', 1);
		// One merge patch: the change-cause and a new template, so revision 2's ReplicaSet carries the annotation.
		await cluster.connection.client.request('/apis/apps/v1/namespaces/default/deployments/web', {
			method: 'PATCH',
			contentType: 'application/merge-patch+json',
			body: {
				metadata: {annotations: {'kubernetes.io/change-cause': HOSTILE}},
				spec: {template: {spec: {containers: [{name: 'nginx', image: 'nginx:1.18'}]}}},
			},
		});
		await poll(
			async () => {
				const out = sink();
				await runHistory(cluster.connection, {name: 'web', output: 'json', out});
				return JSON.parse(out.text).revisions.some((r: {changeCause?: string}) => r.changeCause === HOSTILE);
			},
			{timeout: 60_000, message: () => 'revision 2 with the change-cause'},
		);
	});

	after(async () => {
		await cluster?.close();
	});

	it('history: the table shows the change-cause with every control made visible', async () => {
		const out = sink();
		assert.equal(await runHistory(cluster.connection, {name: 'web', output: 'table', out}), 0);
		assert.doesNotMatch(out.text, CONTROL);
		assert.match(out.text, /evil\^\[\]2;PWNED\^G\^\[\[2J\^\[\[31mRED/);
		assert.match(out.text, /\\u\{9b\}/);
		assert.match(out.text, /\\u\{d800\}/);
	});

	it('history -o json keeps the exact string', async () => {
		const out = sink();
		assert.equal(await runHistory(cluster.connection, {name: 'web', output: 'json', out}), 0);
		const revisions = JSON.parse(out.text).revisions as {revision: number; changeCause?: string}[];
		assert.equal(revisions.find(r => r.revision === 2)?.changeCause, HOSTILE);
	});

	it('get: the table has no control byte; -o json keeps the exact image', async () => {
		await cluster.connection.client.request('/apis/apps/v1/namespaces/default/deployments/web', {
			method: 'PATCH',
			contentType: 'application/merge-patch+json',
			body: {spec: {template: {spec: {containers: [{name: 'nginx', image: `nginx${OSC52}${C1}`}]}}}},
		});
		const table = sink();
		assert.equal(await runGet(cluster.connection, {output: 'table', out: table}), 0);
		assert.doesNotMatch(table.text, CONTROL);
		assert.match(table.text, /^web +/m);
		const json = sink();
		assert.equal(await runGet(cluster.connection, {output: 'json', out: json}), 0);
		const web = JSON.parse(json.text).deployments.find((d: {name: string}) => d.name === 'web');
		assert.deepEqual(
			web.images.map((i: {image: string}) => i.image),
			[`nginx${OSC52}${C1}`],
		);
	});

	it('rollout-dash history (the CLI) writes no control byte to stdout', async () => {
		const result = await runCli(['history', 'web', '--kubeconfig', cluster.kubeconfigPath], {timeoutMs: 60_000});
		assert.equal(result.code, 0, result.stderr);
		assert.doesNotMatch(result.stdout, CONTROL);
		// A lone surrogate written as UTF-8 would be U+FFFD: it was escaped before.
		assert.ok(!result.stdout.includes('\ufffd'));
		assert.match(result.stdout, /\^\[\]2;PWNED/);
	});
});

describe('the dashboard frame', () => {
	afterEach(() => cleanup());

	/** The frame with Ink's own colour codes (SGR: ESC [ … m) removed. */
	const withoutSgr = (frame: string) => frame.replace(/\u001b\[[0-9;]*m/g, '');

	it('the deployment view shows hostile events, change-causes, conditions and header text without controls', async () => {
		const snapshot = sampleSnapshot({
			cluster: {context: `ctx${OSC8}`, cluster: 'sim', server: 'https://127.0.0.1:1', namespace: 'default'},
		});
		const web = snapshot.deployments[1]!;
		web.statusSentence = `sentence ${HOSTILE}`;
		web.conditions = [{type: 'Progressing', status: 'True', reason: `Reason${C1}`} as (typeof web.conditions)[number]];
		const focus = webFocus();
		focus.history = [revision({revision: 1, isCurrent: true, changeCause: HOSTILE, replicaSetName: 'web-hash1'})];
		focus.events = [event({reason: 'Failed', type: 'Warning', message: `pull ${HOSTILE}`})];
		const started = await startApp({snapshot, color: true});
		await press(started.rendered, 'j');
		await waitForFrame(
			started.rendered,
			(frame: string) => selectedLine(withoutSgr(frame)).includes('web'),
			'web selected',
		);
		await press(started.rendered, keys.enter);
		await poll(() => started.session.callsOf('focus').length === 1, {message: 'focus()', interval: 0});
		started.session.setSnapshot({...snapshot, focus});
		const frame = await waitForText(started.rendered, 'pull evil');
		const rest = withoutSgr(frame);
		assert.doesNotMatch(rest, CONTROL);
		assert.match(rest, /evil\^\[\]2;PWNED/);
		assert.match(rest, /ctx\^\[\]8;;/);
		// The colour codes removed were really there: the frame is coloured.
		assert.notEqual(rest, frame);
	});
});
