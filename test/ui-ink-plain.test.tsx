// The dashboard on Ink 6.8 as shipped (ROLLOUT_DASH_INK=plain) draws the same screens as on our patched Ink: the
// patch is an optimisation only. Each screen is drawn both ways on a fresh snapshot (ages agree); the deadline's
// seconds may tick between the two drawings, so they alone are masked.
import {afterEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {
	currentInkRendering,
	inkPatchVersion,
	inkRenderingFromEnv,
	setInkRendering,
	type InkRendering,
} from '../source/terminal/ink-rendering.js';
import {waitFor} from './helpers/wait.js';

// chalk (inside Ink) decides its colour level when first imported: colours on before Ink loads, so that styles are
// drawn and compared too.
process.env['FORCE_COLOR'] = '1';
const {cleanup} = await import('ink-testing-library');
const {webFocus} = await import('./helpers/ui-fake-session.js');
const {selectedLine, startApp} = await import('./helpers/ui-app.js');
const {keys, press, waitForFrame} = await import('./helpers/ui-render.js');

afterEach(() => {
	cleanup();
	setInkRendering('patched');
});

// Ink exports only '.', so its Output class is loaded by file.
const outputUrl = new URL('./output.js', import.meta.resolve('ink'));
const {default: Output} = (await import(outputUrl.href)) as {
	default: new (options: {width: number; height: number}) => {caches: unknown};
};

const withoutStyles = (frame: string) => frame.replace(/\x1b\[[\d;]*m/g, '');

type Rendered = Awaited<ReturnType<typeof startApp>>['rendered'];
/** The frame once it shows the text, colours aside. */
const shows = (rendered: Rendered, text: string) =>
	waitForFrame(rendered, frame => withoutStyles(frame).includes(text), JSON.stringify(text));

/** Every screen a person meets: the list in colour, the filter, help, the deployment view, the undo confirmation. */
async function drawScreens(rendering: InkRendering): Promise<string[]> {
	setInkRendering(rendering);
	const frames: string[] = [];
	const {rendered, session} = await startApp({color: true});
	frames.push(rendered.lastFrame() ?? '');
	await press(rendered, '/');
	rendered.stdin.write('we');
	frames.push(await shows(rendered, '/we'));
	await press(rendered, keys.escape);
	await press(rendered, '?');
	frames.push(await shows(rendered, 'Ctrl-C'));
	await press(rendered, keys.escape);
	await press(rendered, 'j');
	await waitForFrame(rendered, frame => selectedLine(withoutStyles(frame)).includes('web'), 'web selected');
	await press(rendered, keys.enter);
	await waitFor(() => session.callsOf('focus').length === 1, {message: 'focus()', interval: 0});
	session.setSnapshot({...session.getSnapshot(), focus: webFocus()});
	frames.push(await shows(rendered, 'ImagePullBackOff'));
	await press(rendered, 'j');
	await press(rendered, 'u');
	frames.push(await shows(rendered, '--to-revision'));
	cleanup();
	return frames;
}

const maskDeadline = (frame: string) => frame.replace(/deadline in \d+:\d\d/g, 'deadline in m:ss');

describe('Ink as shipped and Ink patched', () => {
	it('the patch is applied and the switch selects Ink 6.8 own Output', () => {
		assert.equal(inkPatchVersion(), '6.8.0', 'npm ci applies source/patches/ink+6.8.0.patch');
		setInkRendering('patched');
		assert.equal(new Output({width: 10, height: 2}).caches, new Output({width: 10, height: 2}).caches, 'shared');
		setInkRendering('plain');
		assert.equal(currentInkRendering(), 'plain');
		assert.notEqual(new Output({width: 10, height: 2}).caches, new Output({width: 10, height: 2}).caches, 'per frame');
	});

	it('draws the same screens both ways', async () => {
		const patched = await drawScreens('patched');
		const plain = await drawScreens('plain');
		assert.equal(plain.length, 5);
		for (const [index, frame] of plain.entries())
			assert.equal(maskDeadline(frame), maskDeadline(patched[index] ?? ''), `screen ${index + 1}`);
		assert.match(plain[0] ?? '', /\x1b\[/, 'in colour');
	});

	it('ROLLOUT_DASH_INK selects the rendering and rejects anything else in one line', () => {
		assert.equal(inkRenderingFromEnv({}), 'patched');
		assert.equal(inkRenderingFromEnv({ROLLOUT_DASH_INK: 'plain'}), 'plain');
		assert.equal(inkRenderingFromEnv({ROLLOUT_DASH_INK: 'patched'}), 'patched');
		assert.throws(() => inkRenderingFromEnv({ROLLOUT_DASH_INK: 'fast'}), {
			message: 'ROLLOUT_DASH_INK must be "plain" or "patched", not "fast"',
		});
	});
});
