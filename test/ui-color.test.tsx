// Colours on and off. chalk (inside Ink) decides its colour level when first imported, so colours are forced
// on here before Ink is loaded; the dashboard's `color: false` (NO_COLOR, --no-color) must then emit none.
import {afterEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';

process.env['FORCE_COLOR'] = '1';
const {cleanup} = await import('ink-testing-library');
const {startApp} = await import('./helpers/ui-app.js');
const {waitForText} = await import('./helpers/ui-render.js');

afterEach(() => cleanup());

// Foreground and background colour codes (30-37, 39, 90-97, 40-47, 49, 100-107, 256/true colour), not bold/dim/inverse.
const COLOUR_CODE = /\x1b\[(?:3[0-9]|9[0-7]|4[0-9]|10[0-7])(?:;[0-9;]*)?m/;

describe('colours', () => {
	it('colours phases and the connection state when enabled', async () => {
		const {rendered} = await startApp({color: true});
		const frame = await waitForText(rendered, 'worker');
		assert.match(frame, COLOUR_CODE);
		assert.match(frame, /\x1b\[32m● live/);
	});

	it('emits no colour at all with color: false, yet still marks the selection', async () => {
		const {rendered} = await startApp({color: false});
		const frame = await waitForText(rendered, 'worker');
		assert.doesNotMatch(frame, COLOUR_CODE);
		assert.match(frame, /› api/);
	});
});
