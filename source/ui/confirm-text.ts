// What a confirmation says, per verb, in words: what will happen to the object and its history. Pure, so that every
// sentence is tested without rendering; Overlays.tsx draws the lines (warnings wrapped to the full width).
import {kindSlashName} from '../model/kinds.js';
import type {DeploymentSummary, RevisionEntry} from '../model/types.js';
import type {ActionRequest} from '../model/verbs.js';
import {imagesText} from './format.js';

export interface ConfirmLine {
	text: string;
	/** A warning: yellow, wrapped to the full width instead of cut. */
	warning?: boolean;
}

export interface ConfirmText {
	title: string;
	lines: ConfirmLine[];
}

const imagesPhrase = (images: RevisionEntry['images']) =>
	`${images.length === 1 ? 'image' : 'images'} ${imagesText(images) || '(none)'}`;

/**
 * The undo's result in words: the target's ReplicaSet takes the next revision number (the controller renumbers it;
 * its old number leaves the history) and the rollout to it starts at once.
 */
export function undoOutcome(
	target: RevisionEntry,
	revisions: readonly RevisionEntry[],
	deployment: DeploymentSummary | undefined,
): ConfirmLine {
	const cause = target.changeCause ? `change-cause ${target.changeCause}` : 'no change-cause';
	const described = `revision ${target.revision} (${imagesPhrase(target.images)}, ${cause})`;
	if (target.isCurrent) return {text: `${described} is the current template: kubectl skips the rollback`};
	const next = Math.max(target.revision, ...revisions.map(revision => revision.revision)) + 1;
	if (deployment?.paused)
		return {text: `${described} would become revision ${next}, but the deployment is paused`, warning: true};
	return {text: `${described} becomes revision ${next}; the rollout starts now`};
}

const rolloutStart = (deployment: DeploymentSummary | undefined) =>
	deployment?.paused
		? 'The deployment is paused: the new template waits until it is resumed (r).'
		: 'A new revision rolls out now.';

/** Title and lines of every confirmation but the undo's diff table. */
export function confirmText(
	request: ActionRequest,
	deployment: DeploymentSummary | undefined,
	revision: RevisionEntry | undefined,
	revisions: readonly RevisionEntry[] | undefined,
): ConfirmText {
	const object = kindSlashName(request.kind, request.name);
	const where = `${object} (namespace ${request.namespace})`;
	switch (request.verb) {
		case 'undo': {
			const to = request.args.toRevision;
			const lines: ConfirmLine[] = [];
			if (revision) {
				lines.push(undoOutcome(revision, revisions ?? [], deployment));
				lines.push({
					text: `ReplicaSet ${revision.replicaSetName}, ${revision.ready}/${revision.desired} pods ready now`,
				});
			}
			if (deployment?.paused)
				lines.push({
					text: 'The deployment is paused: kubectl refuses to undo a paused deployment (press r to resume it first).',
					warning: true,
				});
			return {title: `Undo ${where} to revision ${to}?`, lines};
		}
		case 'scale': {
			const from = deployment?.progress.desired;
			const to = request.args.replicas;
			const lines: ConfirmLine[] = [];
			if (deployment?.paused)
				lines.push({
					text: 'The deployment is paused: it scales all the same (its ReplicaSets proportionally); no rollout starts.',
					warning: true,
				});
			if (to === 0) lines.push({text: 'Scaling to 0 stops every pod.', warning: true});
			return {title: `Scale ${where} from ${from ?? '?'} to ${to} replicas?`, lines};
		}
		case 'set-image': {
			const current = deployment?.images.find(image => image.container === request.args.container)?.image;
			return {
				title: `Set the image of container ${request.args.container} in ${where} to ${request.args.image}?`,
				lines: [{text: `Current image: ${current ?? '(unknown)'}. ${rolloutStart(deployment)}`}],
			};
		}
		case 'restart':
			return {
				title: `Restart ${where}?`,
				lines: [{text: 'Every pod is replaced by a rolling update (the template gets a restartedAt annotation).'}],
			};
		default:
			return {title: `${request.verb} ${where}?`, lines: []};
	}
}
