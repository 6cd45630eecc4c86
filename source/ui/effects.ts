// Runs the effects keys produce. The switch is exhaustive: an effect kind nobody handles does not compile.
import type {ActionResult, RolloutSession} from '../model/types.js';
import type {Effect} from './keymap.js';

export interface EffectHost {
	session: RolloutSession;
	quit(): void;
	/** An action's answer (kubectl's line or the error), for the footer. */
	report(result: ActionResult): void;
}

export function runEffect(effect: Effect, host: EffectHost): void {
	switch (effect.kind) {
		case 'quit':
			host.quit();
			return;
		case 'focus':
			host.session.focus(effect.target);
			return;
		case 'setNamespace':
			host.session.setNamespace(effect.namespace);
			return;
		case 'action':
			host.session
				.run(effect.request)
				.then(host.report, (error: unknown) =>
					host.report({ok: false, message: error instanceof Error ? error.message : String(error)}),
				);
			return;
		default:
			unhandled(effect);
	}
}

/** Compiles only when every effect kind has a case above. */
function unhandled(effect: never): never {
	throw new Error(`unhandled effect ${JSON.stringify(effect)}`);
}
