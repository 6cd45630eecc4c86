// The events a kubelet records about a pod's containers as it starts and stops them: Pulling and Pulled (or
// "already present" when the node has the image and the policy allows it), Created, Started, Killing. Failures
// (Failed, BackOff) are recorded where the kubelet decides them.
import {createHash} from 'node:crypto';
import {defaultPullPolicy} from '../api/defaults.js';
import type {ContainerRuntime} from './kubelet-status.js';

export type EmitContainerEvent = (
	container: ContainerRuntime,
	type: 'Normal' | 'Warning',
	reason: string,
	message: string,
) => void;

/** Go's time.Duration String for a pull: 812ms, 1.342s. */
export function goDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)}ms`;
	return `${Number((ms / 1000).toFixed(3))}s`;
}

function imageSize(image: string): number {
	return 5_000_000 + (createHash('sha1').update(image).digest().readUInt32LE(0) % 120_000_000);
}

export class KubeletEvents {
	/** node + image pairs already pulled */
	private readonly present = new Set<string>();
	/** When a container's image pull began (only for pulls that go to the registry). */
	private readonly pulls = new WeakMap<ContainerRuntime, number>();

	constructor(private readonly now: () => number) {}

	/** The kubelet is about to pull the image (or to find it on the node). */
	pullStarted(emit: EmitContainerEvent, node: string | undefined, container: ContainerRuntime, policy?: string): void {
		const pullPolicy = policy ?? defaultPullPolicy(container.image);
		if (pullPolicy !== 'Always' && this.present.has(`${node}\u0000${container.image}`)) return;
		if (pullPolicy === 'Never') return;
		this.pulls.set(container, this.now());
		emit(container, 'Normal', 'Pulling', `Pulling image "${container.image}"`);
	}

	/** The container runs: pulled (or found), created, started. */
	started(emit: EmitContainerEvent, node: string | undefined, container: ContainerRuntime): void {
		const pullStart = this.pulls.get(container);
		this.pulls.delete(container);
		if (pullStart === undefined) {
			emit(container, 'Normal', 'Pulled', `Container image "${container.image}" already present on machine`);
		} else {
			const took = goDuration(Math.max(1, this.now() - pullStart));
			emit(
				container,
				'Normal',
				'Pulled',
				`Successfully pulled image "${container.image}" in ${took} (${took} including waiting). Image size: ${imageSize(container.image)} bytes.`,
			);
			this.present.add(`${node}\u0000${container.image}`);
		}
		emit(container, 'Normal', 'Created', `Created container: ${container.name}`);
		emit(container, 'Normal', 'Started', `Started container ${container.name}`);
	}

	/** The pod is being deleted: each container that runs is stopped. */
	killing(emit: EmitContainerEvent, containers: readonly ContainerRuntime[] | undefined): void {
		for (const container of containers ?? [])
			if (container.state.running) emit(container, 'Normal', 'Killing', `Stopping container ${container.name}`);
	}
}
