// Scenarios the simulator can start with: `empty` (namespaces only), `demo` (a lively small cluster) and `scale`
// (benchmark-sized history). They write as kubectl and the controllers would.
import type {Store} from '../store.js';
import {loadDemo} from './demo.js';
import {ensureNamespace, SYSTEM_NAMESPACES} from './namespaces.js';
import {loadScale, type ScaleOptions} from './scale.js';
import {DEFAULT_NODES, ensureNodes} from '../controllers/nodes.js';

export type {ScaleOptions} from './scale.js';
export {DEFAULT_SCALE, FOCUS, scaleNamespace} from './scale.js';
export type ScenarioName = 'demo' | 'empty' | 'scale';
export const SCENARIOS: readonly ScenarioName[] = ['demo', 'empty', 'scale'];

/** How many nodes each scenario's cluster has unless told otherwise (--nodes). */
const SCENARIO_NODES: Partial<Record<ScenarioName, number>> = {demo: 4, scale: 10};

export function loadScenario(
	store: Store,
	name: ScenarioName,
	options: {speed: number; scale?: Partial<ScaleOptions>; nodes?: number},
): {stop(): void} {
	const speed = options.speed > 0 ? options.speed : 1;
	ensureNodes(store, options.nodes ?? SCENARIO_NODES[name] ?? DEFAULT_NODES);
	switch (name) {
		case 'empty':
			for (const namespace of SYSTEM_NAMESPACES) ensureNamespace(store, namespace);
			return {stop() {}};
		case 'demo':
			return loadDemo(store, {speed});
		case 'scale':
			return loadScale(store, {speed, scale: options.scale});
		default:
			throw new Error(`unknown scenario "${String(name)}" (expected one of: ${SCENARIOS.join(', ')})`);
	}
}
