// Runs the effects keys produce. The switch is exhaustive: an effect kind nobody handles does not compile.
import type {ActionResult, LogTargetRef, ObjectRef, RolloutSession} from '../model/types.js';
import type {Effect} from './keymap.js';

export interface EffectHost {
	session: RolloutSession;
	quit(): void;
	/** An action's answer (kubectl's line or the error), for the footer. */
	report(result: ActionResult): void;
	/** Replaces the session with one connected to another kubeconfig context. */
	switchContext(context: string): void;
	/** Writes text to the clipboard through the terminal. */
	copy(text: string): void;
	/** Follows a container's log in the log page (undefined: stop following). */
	logs(target: LogTargetRef | undefined): void;
	/** The log page shows the previous run, or the current one. */
	previous(previous: boolean): void;
	/** Fetches a describe or YAML text for the text page. */
	text(what: 'describe' | 'yaml', ref: ObjectRef): void;
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
		case 'switchContext':
			host.switchContext(effect.context);
			return;
		case 'copy':
			host.copy(effect.text);
			return;
		case 'logs':
			host.logs(effect.target);
			return;
		case 'previous':
			host.previous(effect.previous);
			return;
		case 'text':
			host.text(effect.what, effect.ref);
			return;
		default:
			unhandled(effect);
	}
}

/** Compiles only when every effect kind has a case above. */
function unhandled(effect: never): never {
	throw new Error(`unhandled effect ${JSON.stringify(effect)}`);
}
