// Which of Ink's renderers draws the frames. Our patch to Ink 6.8 (source/patches/ink+6.8.0.patch, see
// source/terminal/README.md) keeps Ink's own code beside its faster versions and reads one global switch, so the
// dashboard also runs on Ink exactly as shipped: `ROLLOUT_DASH_INK=plain` (slower, the same screens).
import {UserError} from '../errors.js';

export type InkRendering = 'patched' | 'plain';

/** The switch the patched Ink files read on every call (rollout-dash-switch.js in the patch). */
const RENDERING = Symbol.for('rollout-dash.ink-rendering');
/** Set by the patched Ink when it loads: its version, so that a missing patch is visible. */
const PATCH = Symbol.for('rollout-dash.ink-patch');

type SwitchHolder = Record<symbol, unknown>;

export const INK_RENDERING_VARIABLE = 'ROLLOUT_DASH_INK';

/** The rendering the environment asks for: unset or `patched` for the patch, `plain` for Ink as shipped. */
export function inkRenderingFromEnv(env: NodeJS.ProcessEnv = process.env): InkRendering {
	const value = env[INK_RENDERING_VARIABLE];
	if (value === undefined || value === '' || value === 'patched') return 'patched';
	if (value === 'plain') return 'plain';
	throw new UserError(`${INK_RENDERING_VARIABLE} must be "plain" or "patched", not ${JSON.stringify(value)}`, 2);
}

/** Takes effect at Ink's next frame (each patched function reads the switch when it runs). */
export function setInkRendering(rendering: InkRendering): void {
	(globalThis as unknown as SwitchHolder)[RENDERING] = rendering;
}

export function currentInkRendering(): InkRendering {
	return (globalThis as unknown as SwitchHolder)[RENDERING] === 'plain' ? 'plain' : 'patched';
}

/** The Ink version our patch was made for, once Ink has loaded with it; undefined when Ink runs unpatched. */
export function inkPatchVersion(): string | undefined {
	const version = (globalThis as unknown as SwitchHolder)[PATCH];
	return typeof version === 'string' ? version : undefined;
}
