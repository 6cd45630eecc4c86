// The header says what a limited user may do: "read-only" when the server said deployments cannot be patched here,
// and which namespace is shown when every namespace was forbidden. Nothing when the user may write.
import {afterEach, it} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import {sampleSnapshot} from './helpers/ui-fake-session.js';
import {startApp} from './helpers/ui-app.js';
import {keys, press, waitForFrame, waitForNoText, waitForText} from './helpers/ui-render.js';

afterEach(() => cleanup());

it('shows the read-only line when the review said no', async () => {
	const {rendered} = await startApp({
		snapshot: sampleSnapshot({
			access: {canWrite: false, note: 'read-only: you cannot patch deployments in namespace "default"'},
		}),
	});
	const frame = await waitForText(rendered, 'read-only: you cannot patch deployments in namespace "default"');
	// On the second line, before the keys.
	assert.match(frame.split('\n')[1] ?? '', /^read-only: you cannot patch deployments in namespace "default" {2}\S/);
});

it('shows the namespace shown instead of a forbidden "all", and nothing about writing when allowed', async () => {
	const notice = 'listing all namespaces is forbidden for this user: showing default (:ns to choose another)';
	const {rendered} = await startApp({snapshot: sampleSnapshot({access: {canWrite: true, scopeNotice: notice}})});
	const frame = await waitForText(rendered, notice);
	assert.doesNotMatch(frame, /read-only/);
});

it('says nothing while the answer is unknown', async () => {
	const {rendered} = await startApp({
		snapshot: sampleSnapshot({access: {canWrite: undefined, note: 'cannot ask whether deployments may be patched'}}),
	});
	const frame = await waitForText(rendered, 'NAME');
	assert.doesNotMatch(frame, /cannot ask|read-only/);
});

it('when listing every namespace is forbidden, the picker offers no "all" and 0 and :ns all say why', async () => {
	const {rendered, session} = await startApp({
		snapshot: sampleSnapshot({
			access: {
				canWrite: true,
				allNamespacesForbidden: true,
				scopeNotice: 'listing all namespaces is forbidden for this user: showing default (:ns to choose another)',
			},
		}),
	});
	await press(rendered, 'n');
	const picker = await waitForText(rendered, 'Switch namespace');
	assert.match(picker, /default +current/);
	assert.match(picker, /shop/);
	assert.doesNotMatch(picker, /^\W*all\b/m);
	await press(rendered, keys.escape);
	await waitForText(rendered, 'UP-TO-DATE');
	await press(rendered, '0');
	await waitForText(rendered, 'listing all namespaces is forbidden for this user: staying in default');
	await press(rendered, keys.escape);
	await waitForNoText(rendered, 'staying in default');
	for (const key of ':ns all') await press(rendered, key);
	await press(rendered, keys.enter);
	await waitForFrame(
		rendered,
		frame => frame.includes('staying in default') && !frame.includes(':ns all'),
		'the refusal after :ns all',
	);
	assert.equal(session.callsOf('setNamespace').length, 0);
});
